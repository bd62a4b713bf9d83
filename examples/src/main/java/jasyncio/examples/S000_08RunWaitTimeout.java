// twin of examples/python/s000_08_run_wait_timeout.py
package jasyncio.examples;

import static jasyncio.Asyncio.*;
import static jasyncio.examples.Py.print;

import java.util.List;

import jasyncio.Asyncio;
import jasyncio.Coroutine;
import jasyncio.Wait;

/**
 * asyncio.run of a wait with a timeout equal to the tasks' sleep: the same timer tie as
 * s000_07 (no golden file). On the virtual clock the wait's timer fires first, so done is empty.
 */
public final class S000_08RunWaitTimeout {
    static String fun() {
        print("start");
        sleep(0.02);
        print("end");
        return "返回值";
    }

    static Wait<String> waitAll(List<Coroutine<String>> coros, double timeout) {  // fix: 3.11 wait() needs tasks/futures
        return Asyncio.wait(coros.stream().map(c -> ensureFuture(c)).toList(), timeout);
    }

    public static void main(String[] args) {
        List<Coroutine<String>> taskList = List.of(S000_08RunWaitTimeout::fun, S000_08RunWaitTimeout::fun);  // 定义一个task对象列表

        Wait<String> waited = run(() -> waitAll(taskList, 0.02));  // done,pending = asyncio.run(wait_all(task_list,timeout=0.02))
        var done = waited.done();
        var pending = waited.pending();
        print(done.stream().map(t -> t.result()).toList());
    }
}
