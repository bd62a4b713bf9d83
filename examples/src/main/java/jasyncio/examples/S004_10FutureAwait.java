// twin of examples/python/s004_10_future_await.py
package jasyncio.examples;

import static jasyncio.Asyncio.*;

import jasyncio.EventLoop;
import jasyncio.Future;

/** Future 对象使用 await: a callback completes the Future main awaits. Prints nothing. */
public final class S004_10FutureAwait {
    static void foo(Future<String> future, String result) {
        future.setResult(result);
    }

    static void main(EventLoop loop) {
        Future<String> allDone = new Future<>(getEventLoop());  // asyncio.Future(): a future of the running loop
        loop.callSoon(() -> foo(allDone, "done"));
        String res = allDone.await();
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
