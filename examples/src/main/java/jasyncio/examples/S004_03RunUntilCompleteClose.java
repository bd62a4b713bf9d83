// twin of examples/python/s004_03_run_until_complete_close.py
package jasyncio.examples;

import static jasyncio.Asyncio.*;
import static jasyncio.examples.Py.print;

import jasyncio.EventLoop;
import jasyncio.VoidCoroutine;

/** 启动一个协程: run_until_complete, then close the loop in a finally block. */
public final class S004_03RunUntilCompleteClose {
    static void foo() {
        print("this is a coroutine");
    }

    public static void main(String[] args) {  // if __name__ == '__main__':
        EventLoop loop = getEventLoop();
        try {
            print("coroutine begin");
            VoidCoroutine coro = S004_03RunUntilCompleteClose::foo;
            print("into event loop");
            loop.runUntilComplete(coro);
        } finally {
            print("close event loop");
            loop.close();
        }
    }

    /*
    输出：
    coroutine begin
    into event loop
    this is a coroutine
    close event loop
    */
}
