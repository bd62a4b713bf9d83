// twin of examples/python/s000_15_async_context_manager.py
package jasyncio.examples;

import static jasyncio.Asyncio.run;
import static jasyncio.Asyncio.sleep;
import static jasyncio.context.AsyncContextManager.with;

/**
 * An async context manager: {@code __aenter__}/{@code __aexit__} are
 * {@link jasyncio.context.AsyncContextManager#enter()} and {@code exit(error)}, both of which may
 * suspend; {@code async with obj as f:} is {@code with(obj, f -> ...)}. Prints nothing.
 */
public final class S000_15AsyncContextManager {
    static final class AsyncContextManager implements jasyncio.context.AsyncContextManager<AsyncContextManager> {
        private Object conn = null;

        Object doSomething() {
            // 异步操作
            return null;
        }

        @Override
        public AsyncContextManager enter() {
            // 异步
            conn = sleep(0.01, null);
            return this;
        }

        @Override
        public boolean exit(Throwable error) {
            // 异步关闭
            sleep(0.01);
            return false;
        }
    }

    static final AsyncContextManager obj = new AsyncContextManager();

    static void func() {
        // async with 必须放在协程函数中
        with(obj, f -> {
            Object result = f.doSomething();
        });
    }

    public static void main(String[] args) {
        run(S000_15AsyncContextManager::func);
    }
}
