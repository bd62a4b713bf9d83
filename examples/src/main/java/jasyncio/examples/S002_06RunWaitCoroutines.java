// twin of examples/python/s002_06_run_wait_coroutines.py
package jasyncio.examples;

import static jasyncio.Asyncio.*;
import static jasyncio.examples.Py.print;

import java.util.List;

import jasyncio.Asyncio;
import jasyncio.Coroutine;
import jasyncio.Wait;

/** asyncio.run of a wait over coroutine objects (each wrapped in a task); results printed after the loop closed. */
public final class S002_06RunWaitCoroutines {
    static String func() {
        print("start");
        sleep(0.02);
        print("end");
        return "返回值";
    }

    static Wait<String> waitAll(List<Coroutine<String>> coros) {  // fix: 3.11 wait() needs tasks/futures
        return Asyncio.wait(coros.stream().map(c -> ensureFuture(c)).toList());
    }

    public static void main(String[] args) {
        List<Coroutine<String>> taskList = List.of(
                S002_06RunWaitCoroutines::func,
                S002_06RunWaitCoroutines::func
        );

        Wait<String> waited = run(() -> waitAll(taskList));  // done, pending = asyncio.run(wait_all(task_list))
        var done = waited.done();
        var pending = waited.pending();
        print(done.stream().map(t -> t.result()).toList());
    }
}
