// twin of examples/python/s000_04_await_coroutine.py
package jasyncio.examples;

import static jasyncio.Asyncio.*;
import static jasyncio.examples.Py.print;

import jasyncio.EventLoop;

/** Awaiting a coroutine: {@code await others()} is the plain call {@code others()}. */
public final class S000_04AwaitCoroutine {
    static String others() {
        print("start");
        sleep(0.02);
        print("end");
        return "返回值";
    }

    static void func() {
        print("执行协程函数内部代码");
        //遇到IO操作，挂起当前协程(任务）等IO操作完成之后再继续往下执行
        // 当前协程挂起时，事件循环就会去执行其他协程任务

        String result = others();

        print("IO操作完成，结果为：", result);
    }

    public static void main(String[] args) {
        // asyncio.run(func())
        EventLoop loop = getEventLoop();
        loop.runUntilComplete(S000_04AwaitCoroutine::func);
    }
}
