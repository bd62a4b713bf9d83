// twin of examples/python/s000_09_future_never_set.py
package jasyncio.examples;

import static jasyncio.Asyncio.*;

import jasyncio.EventLoop;
import jasyncio.Future;

/**
 * Awaits a Future nobody ever completes: waits forever by design, as the Python original does
 * (RunAll skips it unless named; stop it with Ctrl-C). Prints nothing.
 */
public final class S000_09FutureNeverSet {
    static void main() {
        // 获取当前事件循环
        EventLoop loop = getRunningLoop();

        // 创建一个任务（future对象） 这个任务什么也不干
        Future<Object> fut = loop.createFuture();

        // 等待任务最终结果（Future对象）没有结果会一直等下去
        fut.await();
    }

    public static void main(String[] args) {
        run(() -> main());
    }
}
