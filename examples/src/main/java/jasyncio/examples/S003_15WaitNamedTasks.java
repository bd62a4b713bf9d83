// twin of examples/python/s003_15_wait_named_tasks.py
package jasyncio.examples;

import static jasyncio.Asyncio.*;
import static jasyncio.examples.Py.print;

import java.util.List;

import jasyncio.Asyncio;
import jasyncio.Task;
import jasyncio.Wait;

/**
 * asyncio.wait on two named tasks; as in the seed, task1 and task2 are created and never
 * awaited, yet they run too, so 1 and 2 each appear four times.
 */
public final class S003_15WaitNamedTasks {
    static String func() {
        print(1);
        sleep(0.02);
        print(2);
        return "返回值";
    }

    static void main() {
        print("main开始");
        // 创建Task对象，将当前执行func函数任务添加到事件循环
        Task<String> task1 = createTask(S003_15WaitNamedTasks::func);
        // 创建Task对象，将当前执行func函数任务添加到事件循环
        Task<String> task2 = createTask(S003_15WaitNamedTasks::func);

        List<Task<String>> taskList = List.of(
                createTask(S003_15WaitNamedTasks::func, "t1"),
                createTask(S003_15WaitNamedTasks::func, "t2")
        );


        print("main结束");

        Wait<String> waited = Asyncio.wait(taskList);  // done,pedding = await asyncio.wait(task_list,timeout=None)
        var done = waited.done();
        var pedding = waited.pending();
        print(done.stream().map(t -> t.result()).toList());
    }

    public static void main(String[] args) {
        run(() -> main());
    }
}
