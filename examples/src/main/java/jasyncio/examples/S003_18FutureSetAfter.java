// twin of examples/python/s003_18_future_set_after.py
package jasyncio.examples;

import static jasyncio.Asyncio.*;
import static jasyncio.examples.Py.print;

import jasyncio.EventLoop;
import jasyncio.Future;

/** A task completes a bare Future after a sleep; main awaits the task, then prints the Future's value. */
public final class S003_18FutureSetAfter {
    static void setAfter(Future<String> fut) {
        sleep(0.02);
        fut.setResult("666");
    }

    static void main() {
        //获取当前事件循环
        EventLoop loop = getRunningLoop();

        // 创建一个任务（Future对象），没有绑定任何行为，则这个任务永远不知道什么时候结束
        Future<String> fut = loop.createFuture();

        // 创建一个任务（Task对象），绑定了set_after函数，函数内部在2s之后，会给fut复制
        // 即手动设置future任务的最终结果，那么fut就可以结束了。
        loop.createTask(() -> setAfter(fut)).await();

        // 等待Future对象获取 最后在那个结果，否则一直等下去
        String data = fut.await();
        print(data);
    }

    public static void main(String[] args) {
        run(() -> main());
    }
}
