// twin of examples/python/s000_10_future_set_after.py
package jasyncio.examples;

import static jasyncio.Asyncio.*;

import jasyncio.EventLoop;
import jasyncio.Future;

/** A task completes a bare Future after a sleep; main awaits the task, then the Future. Prints nothing. */
public final class S000_10FutureSetAfter {
    static void setAfter(Future<String> fut) {
        sleep(0.02);
        fut.setResult("0");
    }

    static void main() {
        // 获取当前事件循环
        EventLoop loop = getRunningLoop();

        // 创建一个任务（future对象） 没绑定任何行为，则这个任务永远不知道什么时候结束
        Future<String> fut = loop.createFuture();

        // 创建一个任务（Task对象）绑定了set after函数，函数内部在2s后给fut赋值
        // 即手动设置future任务的结果，那么fut就结束了
        loop.createTask(() -> setAfter(fut)).await();
        String data = fut.await();
    }

    public static void main(String[] args) {
        run(() -> main());
    }
}
