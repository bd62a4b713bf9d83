// twin of examples/python/s000_02_run_until_complete.py
package jasyncio.examples;

import static jasyncio.Asyncio.*;
import static jasyncio.examples.Py.print;

import jasyncio.EventLoop;
import jasyncio.VoidCoroutine;

/** A coroutine object run with loop.run_until_complete. */
public final class S000_02RunUntilComplete {
    static void func() {  // 使用async def 来定义协程函数
        print("来了，来了");
    }

    public static void main(String[] args) {
        VoidCoroutine result = S000_02RunUntilComplete::func;  // 返回是一个协程对象

        // 执行
        EventLoop loop = getEventLoop();
        loop.runUntilComplete(result);

        // asyncio.run(result) python3.7才有
    }
}
