// twin of examples/python/s003_14_create_task.py
package jasyncio.examples;

import static jasyncio.Asyncio.*;
import static jasyncio.examples.Py.print;

import jasyncio.Task;

/** Two tasks from create_task run while main awaits them in turn. */
public final class S003_14CreateTask {
    static String func() {
        print(1);
        sleep(0.02);
        print(2);
        return "返回值";
    }

    static void main() {
        print("main开始");
        // 创建Task对象，将当前执行func函数任务添加到事件循环
        Task<String> task1 = createTask(S003_14CreateTask::func);
        // 创建Task对象，将当前执行func函数任务添加到事件循环
        Task<String> task2 = createTask(S003_14CreateTask::func);

        print("main结束");

        String ret1 = task1.await();
        String ret2 = task2.await();
        print(ret1, ret2);
    }

    public static void main(String[] args) {
        run(() -> main());
    }
}
