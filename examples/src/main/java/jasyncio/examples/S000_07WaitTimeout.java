// twin of examples/python/s000_07_wait_timeout.py
package jasyncio.examples;

import static jasyncio.Asyncio.*;
import static jasyncio.examples.Py.print;

import java.util.List;

import jasyncio.Asyncio;
import jasyncio.EventLoop;
import jasyncio.Future;
import jasyncio.Wait;

/**
 * asyncio.wait with a timeout equal to the tasks' sleep: a timer tie, so which tasks are done
 * when main wakes depends on timing (no golden file). Timers with equal deadlines fire in the
 * order they were scheduled, so when the three timers fall due together (always on the virtual
 * clock) the wait's own timer fires first and main sees {@code done} empty.
 */
public final class S000_07WaitTimeout {
    static String fun() {
        print("start");
        sleep(0.02);
        print("end");
        return "返回值";
    }

    static void main() {
        print("执行协程函数内部代码");
        //遇到IO操作，挂起当前协程(任务）等IO操作完成之后再继续往下执行
        // 当前协程挂起时，事件循环就会去执行其他协程任务

        // task1 = asyncio.create_task(fun()) create_task可以添加name参数指定名字
        // task2 = asyncio.create_task(fun())
        Future<String> task1 = ensureFuture(S000_07WaitTimeout::fun);
        Future<String> task2 = ensureFuture(S000_07WaitTimeout::fun);

        List<Future<String>> taskList = List.of(task1, task2);  // 定义一个task对象列表

        print("main finish");

        // done,pending = await asyncio.wait(task_list,timeout=0.02)
        // timeout参数为可选，如果超出时间那么就没执行完，此时done为空，pending为未执行完的对象
        Wait<String> waited = Asyncio.wait(taskList, 0.02);
        var done = waited.done();
        var pending = waited.pending();

        print("IO操作完成，结果为：", done.stream().map(t -> t.result()).toList());
    }

    public static void main(String[] args) {
        // asyncio.run(main())
        EventLoop loop = getEventLoop();
        loop.runUntilComplete(() -> main());
    }
}
