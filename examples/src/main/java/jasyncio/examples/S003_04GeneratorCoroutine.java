// twin of examples/python/s003_04_generator_coroutine.py
package jasyncio.examples;

import static jasyncio.Asyncio.*;
import static jasyncio.examples.Py.print;

import java.util.List;

import jasyncio.EventLoop;
import jasyncio.Future;

/**
 * The generator-based coroutine style ({@code @types.coroutine} with {@code yield from
 * asyncio.sleep(...)}). jasyncio's functions are colourless, so {@code yield from} a coroutine is
 * a plain call, exactly as {@code await} is: the body is the same as s003_05's.
 *
 * <p>As in the seed, the two tasks in {@code task} run too, and run_until_complete runs a third
 * coroutine func1(): the output is 1 3 1 2 4 2.
 */
public final class S003_04GeneratorCoroutine {
    // @types.coroutine
    static void func1() {
        print(1);
        sleep(0.02);  // yield from asyncio.sleep(0.02): 遇到io耗时操作，自动切换tasks中的其他任务
        print(2);
    }

    // @types.coroutine
    static void func2() {
        print(3);
        sleep(0.02);  // yield from asyncio.sleep(0.02): 遇到io耗时操作，自动切换tasks中的其他任务
        print(4);
    }

    public static void main(String[] args) {
        List<Future<Void>> task = List.of(
                ensureFuture(S003_04GeneratorCoroutine::func1),
                ensureFuture(S003_04GeneratorCoroutine::func2)
        );

        EventLoop loop = getEventLoop();
        loop.runUntilComplete(S003_04GeneratorCoroutine::func1);
    }
}
