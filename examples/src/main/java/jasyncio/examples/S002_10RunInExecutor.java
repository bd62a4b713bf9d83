// twin of examples/python/s002_10_run_in_executor.py
package jasyncio.examples;

import static jasyncio.Asyncio.*;
import static jasyncio.examples.Py.print;
import static jasyncio.examples.Py.timeSleep;

import jasyncio.EventLoop;
import jasyncio.Future;

/** loop.run_in_executor(None, func1): a blocking function on the default thread pool, awaited. */
public final class S002_10RunInExecutor {
    static String func1() {
        // 某个耗时操作
        timeSleep(0.02);
        return "结果";
    }

    static void main() {
        EventLoop loop = getRunningLoop();
        // 1. Run in the default loop's executor(默认ThreadPoolExecutor)
        // 第一步：内部会线调用ThreadPoolExecutor的submit方法取线程池中申请一个线程去执行func1函数，
        //        并返回一个concurrent.futures.Future对象
        // 第二步：调用asyncio.wrap_future将concurrent.futures.Future对象包装为asyncio.Future对象，
        //        因为concurrent.future.Future对象不支持await语法，所以需要包装为asyncio.Future对象才能使用
        Future<String> fut = loop.runInExecutor(null, S002_10RunInExecutor::func1);
        String result = fut.await();
        print("default thread pool", result);

        // # 2. Run in a custom thread pool
        // with concurrent.futures.ThreadPoolExecutor() as pool:
        //     result = await loop.run_in_executor(pool, func1)
        //     print("custom thread pool", result)
        //
        // # 3. Run in a custom process pool:
        // with concurrent.futures.ProcessPoolExecutor() as pool:
        //     result = await loop.run_in_executor(pool, func1)
        //     print("custom process pool", result)
    }

    public static void main(String[] args) {
        run(() -> main());
    }
}
