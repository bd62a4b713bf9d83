// twin of examples/python/s002_08_future_set_after.py
package jasyncio.examples;

import static jasyncio.Asyncio.*;
import static jasyncio.examples.Py.print;

import jasyncio.EventLoop;
import jasyncio.Future;

/** A task completes a bare Future after a sleep; main awaits the task, then prints the Future's value. */
public final class S002_08FutureSetAfter {
    static void setAfter(Future<String> fut) {
        sleep(0.02);
        fut.setResult("666");
    }

    static void main() {
        // 获取当前事件循环
        EventLoop loop = getRunningLoop();

        // 创建一个任务（Future对象），这个任务什么都不干
        Future<String> fut = loop.createFuture();

        // 创建一个任务（Task对象），绑定了set_after函数，函数内部在2s之后，会给fut赋值。
        // 即手动创建future任务的结果，那么fut就可以结束了
        loop.createTask(() -> setAfter(fut)).await();

        // 等待任务最终结果（Future对象），没有结果则会一直等下去
        String data = fut.await();
        print(data);
    }

    public static void main(String[] args) {
        run(() -> main());
    }
}
