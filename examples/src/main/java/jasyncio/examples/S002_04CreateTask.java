// twin of examples/python/s002_04_create_task.py
package jasyncio.examples;

import static jasyncio.Asyncio.*;
import static jasyncio.examples.Py.print;

import jasyncio.Task;

/** Two tasks from create_task run while main awaits them in turn. */
public final class S002_04CreateTask {
    static String func() {
        print("start");
        sleep(0.02);
        print("end");
        return "返回值";
    }

    static void main() {
        print("main开始");

        // 创建Task对象，将当前执行func函数任务添加到事件循环
        Task<String> task1 = createTask(S002_04CreateTask::func);

        // 创建Task对象，将当前执行func函数任务添加到事件循环
        Task<String> task2 = createTask(S002_04CreateTask::func);

        print("main结束");

        // 当执行某个协程遇到IO操作时，会自动切换执行其他任务
        // 此处的await是等待相应的协程全部执行完毕并获取结果
        String ret1 = task1.await();  // 会等task1返回值才继续往下执行下一条语句
        String ret2 = task2.await();
        print(ret1, ret2);
    }

    public static void main(String[] args) {
        run(() -> main());
    }
}
