// twin of examples/python/s004_07_call_later.py
package jasyncio.examples;

import static jasyncio.Asyncio.*;

import jasyncio.EventLoop;

/**
 * loop.call_later from a coroutine: main returns at once and the loop is closed before the
 * timer is due, so foo never runs. Prints nothing.
 */
public final class S004_07CallLater {
    // loop.call_later(delay, callback, *args, context=None)

    static int foo(int num) {
        return num;
    }

    static void main(EventLoop loop) {
        loop.callLater(0.01, () -> foo(1));
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
