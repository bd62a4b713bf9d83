// twin of examples/python/s000_06_ensure_future_tasks.py
package jasyncio.examples;

import static jasyncio.Asyncio.*;
import static jasyncio.examples.Py.print;

import jasyncio.EventLoop;
import jasyncio.Future;

/** Two tasks made with ensure_future run concurrently while main awaits the first. */
public final class S000_06EnsureFutureTasks {
    static String fun() {
        print("start");
        sleep(0.02);
        print("end");
        return "返回值";
    }

    static void main() {
        print("执行协程函数内部代码");
        //遇到IO操作，挂起当前协程(任务）等IO操作完成之后再继续往下执行
        // 当前协程挂起时，事件循环就会去执行其他协程任务

        // task1 = asyncio.create_task(fun())
        // task2 = asyncio.create_task(fun())
        Future<String> task1 = ensureFuture(S000_06EnsureFutureTasks::fun);
        Future<String> task2 = ensureFuture(S000_06EnsureFutureTasks::fun);

        print("main finish");

        String result1 = task1.await();
        String result2 = task2.await();

        print("IO操作完成，结果为：", result1, result2);
    }

    public static void main(String[] args) {
        // asyncio.run(main())
        EventLoop loop = getEventLoop();
        loop.runUntilComplete(() -> main());
    }
}
