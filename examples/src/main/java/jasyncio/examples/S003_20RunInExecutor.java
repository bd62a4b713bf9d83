// twin of examples/python/s003_20_run_in_executor.py
package jasyncio.examples;

import static jasyncio.Asyncio.*;
import static jasyncio.examples.Py.print;
import static jasyncio.examples.Py.timeSleep;

import jasyncio.EventLoop;
import jasyncio.Future;

/** loop.run_in_executor(None, func1): a blocking function on the default thread pool, awaited. */
public final class S003_20RunInExecutor {
    static String func1() {
        // 某个耗时操作
        timeSleep(0.02);
        return "hello world";
    }

    static void main() {
        EventLoop loop = getRunningLoop();

        // 1. Run in the default loop's executor(默认ThreadPoolExecutor)
        // 第一步：内部会先调用 ThreadPoolExecutor 的submit 方法去线程池中申请一个线程去执行func函数，并返回一个concurrent.fututres.Future对象
        // 第二步：调用asyncio.wrap_future将concurrent.futures.Fucture对象包装为asyncio.Fucture对象
        // 因为concurrent.futures.Future对象不支持await语法，所以需要包赚为asyncio.Future对象才能使用
        Future<String> fut = loop.runInExecutor(null, S003_20RunInExecutor::func1);
        String result = fut.await();
        print("default thread pool", result);

        // 2、 run in a custom thread pool
        // with concurrent.futures.ThreadPoolExecutor() as pool:
        // 	result = await loop.run_in_executor(pool,func1)
        // 	print('cutom thread pool',result)

        // 3、 run in a custom process pool
        // with concurrent.futures.ProcessPoolExecutor() as pool:
        // 	result = await loop.run_in_executor(pool,func1)
        // 	print('cutom process pool',result)
    }

    public static void main(String[] args) {
        run(() -> main());
    }
}
