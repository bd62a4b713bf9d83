// twin of examples/python/s003_05_async_await_tasks.py
package jasyncio.examples;

import static jasyncio.Asyncio.*;
import static jasyncio.examples.Py.print;

import java.util.List;

import jasyncio.EventLoop;
import jasyncio.Future;

/**
 * ensure_future before the loop runs: the tasks start when run_until_complete runs the loop.
 * As in the seed, run_until_complete runs a third coroutine func1(): the output is 1 3 1 2 4 2.
 */
public final class S003_05AsyncAwaitTasks {
    static void func1() {
        print(1);
        sleep(0.02);  // 遇到io耗时操作，自动切换tasks中的其他任务
        print(2);
    }

    static void func2() {
        print(3);
        sleep(0.02);  // 遇到io耗时操作，自动切换tasks中的其他任务
        print(4);
    }

    public static void main(String[] args) {
        List<Future<Void>> task = List.of(
                ensureFuture(S003_05AsyncAwaitTasks::func1),
                ensureFuture(S003_05AsyncAwaitTasks::func2)
        );

        EventLoop loop = getEventLoop();
        loop.runUntilComplete(S003_05AsyncAwaitTasks::func1);
    }
}
