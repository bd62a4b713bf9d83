// twin of examples/python/s004_06_call_soon.py
package jasyncio.examples;

import static jasyncio.Asyncio.*;

import jasyncio.EventLoop;

/** loop.call_soon from a coroutine: foo runs, its return value is discarded. Prints nothing. */
public final class S004_06CallSoon {
    // loop.call_soon(callback, *args, context=None)

    static int foo(int num) {
        return num;
    }

    static void main(EventLoop loop) {
        loop.callSoon(() -> foo(1));
    }


    public static void main(String[] args) {  // if __name__ == '__main__':
        EventLoop loop = getEventLoop();
        try {
            loop.runUntilComplete(() -> main(loop));
        } finally {
            loop.close();
        }
    }
}
