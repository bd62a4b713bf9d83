// twin of examples/python/s004_09_future_call_soon_result.py
package jasyncio.examples;

import static jasyncio.Asyncio.*;

import jasyncio.EventLoop;
import jasyncio.Future;

/** 获取 Future 里的结果: a callback completes the Future that run_until_complete waits for. Prints nothing. */
public final class S004_09FutureCallSoonResult {
    static void foo(Future<String> future, String result) {
        future.setResult(result);
    }

    public static void main(String[] args) {  // if __name__ == '__main__':
        EventLoop loop = getEventLoop();
        try {
            Future<String> allDone = new Future<>(getEventLoop());  // asyncio.Future(): a future of the current loop
            loop.callSoon(() -> foo(allDone, "done"));
            String result = loop.runUntilComplete(allDone);
        } finally {
            loop.close();
        }
    }
}
