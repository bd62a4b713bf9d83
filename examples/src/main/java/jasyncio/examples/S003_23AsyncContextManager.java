// twin of examples/python/s003_23_async_context_manager.py
package jasyncio.examples;

import static jasyncio.Asyncio.run;
import static jasyncio.Asyncio.sleep;
import static jasyncio.context.AsyncContextManager.with;
import static jasyncio.examples.Py.print;

/**
 * An async context manager whose block uses the entered object: {@code async with
 * AsyncContextManager() as f:} is {@code with(new AsyncContextManager(), f -> ...)}; enter and
 * exit may suspend. Prints 666.
 */
public final class S003_23AsyncContextManager {
    static final class AsyncContextManager implements jasyncio.context.AsyncContextManager<AsyncContextManager> {
        private Object conn = null;

        int doSomething() {
            // 异步操作数据库
            return 666;
        }

        @Override
        public AsyncContextManager enter() {
            // 异步连接数据库
            conn = sleep(0.01, null);
            return this;
        }

        @Override
        public boolean exit(Throwable error) {
            // 异步关闭数据库连接
            sleep(0.01);
            return false;
        }
    }

    static void func() {
        with(new AsyncContextManager(), f -> {
            int result = f.doSomething();
            print(result);
        });
    }

    public static void main(String[] args) {
        run(S003_23AsyncContextManager::func);
    }
}
