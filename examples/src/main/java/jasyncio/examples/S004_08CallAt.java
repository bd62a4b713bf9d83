// twin of examples/python/s004_08_call_at.py
package jasyncio.examples;

import static jasyncio.Asyncio.*;

import jasyncio.EventLoop;

/**
 * loop.call_at from a coroutine: main returns at once and the loop is closed before the timer
 * is due, so foo never runs. Prints nothing.
 */
public final class S004_08CallAt {
    // loop.call_at(when, callback, *args, context=None)

    static int foo(int num) {
        return num;
    }

    static void main(EventLoop loop) {
        double now = loop.time();
        loop.callAt(now + 0.02, () -> foo(2));
    }


    public static void main(String[] args) {  // if __name__ == "__main__":
        EventLoop loop = getEventLoop();
        try {
            loop.runUntilComplete(() -> main(loop));
        } finally {
            loop.close();
        }
    }
}
