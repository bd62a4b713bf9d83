// twin of examples/python/s002_05_wait_task_list.py
package jasyncio.examples;

import static jasyncio.Asyncio.*;
import static jasyncio.examples.Py.print;

import java.util.List;

import jasyncio.Asyncio;
import jasyncio.Task;
import jasyncio.Wait;

/** asyncio.wait on a list of tasks without a timeout; prints the results of the done set. */
public final class S002_05WaitTaskList {
    static String func() {
        print("start");
        sleep(0.02);
        print("end");
        return "返回值";
    }

    static void main() {
        print("main开始");

        List<Task<String>> taskList = List.of(
                // python3.8的asyncio.create_task 有个name参数，可以给task取名字
                createTask(S002_05WaitTaskList::func),
                createTask(S002_05WaitTaskList::func)
        );

        print("main结束");

        Wait<String> waited = Asyncio.wait(taskList);  // done, pending = await asyncio.wait(task_list, timeout=None)
        var done = waited.done();
        var pending = waited.pending();
        print(done.stream().map(t -> t.result()).toList());
    }

    public static void main(String[] args) {
        run(() -> main());
    }
}
