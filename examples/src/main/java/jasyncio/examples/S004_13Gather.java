// twin of examples/python/s004_13_gather.py
package jasyncio.examples;

import static jasyncio.Asyncio.*;
import static jasyncio.examples.Py.print;

import java.util.List;
import java.util.stream.IntStream;

import jasyncio.CancelledError;
import jasyncio.Coroutine;
import jasyncio.EventLoop;

/** 使用 gather: ten coroutines gathered; num returns nothing, so every result is None. */
public final class S004_13Gather {
    static Void num(int n) {
        try {
            sleep(n * 0.001);
        } catch (CancelledError e) {
            print(n + " cancelled");  // f"{n} cancelled"
            throw e;
        }
        return null;  // (an async def without return gives None)
    }

    static void main() {
        @SuppressWarnings("unchecked")
        Coroutine<Void>[] tasks = IntStream.range(0, 10).mapToObj(i -> (Coroutine<Void>) () -> num(i)).toArray(Coroutine[]::new);
        List<Void> complete = gather(tasks);  // await asyncio.gather(*tasks)
        for (Void i : complete) {
            print(i);
        }
    }


    public static void main(String[] args) {  // if __name__ == '__main__':
        EventLoop loop = getEventLoop();
        try {
            loop.runUntilComplete(() -> main());
        } finally {
            loop.close();
        }
    }
}
