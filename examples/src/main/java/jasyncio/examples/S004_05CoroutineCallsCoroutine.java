// twin of examples/python/s004_05_coroutine_calls_coroutine.py
package jasyncio.examples;

import static jasyncio.Asyncio.*;

import java.util.List;

import jasyncio.EventLoop;

/** 协程调用协程: main awaits two coroutines; the result is computed, not printed. Prints nothing. */
public final class S004_05CoroutineCallsCoroutine {
    static List<Integer> main() {
        int res1 = result1();
        int res2 = result2();
        return List.of(res1, res2);  // (res1, res2)
    }

    static int result1() {
        return 1;
    }

    static int result2() {
        return 2;
    }

    public static void main(String[] args) {  // if __name__ == '__main__':
        EventLoop loop = getEventLoop();
        try {
            List<Integer> result = loop.runUntilComplete(() -> main());
        } finally {
            loop.close();
        }
    }
}
