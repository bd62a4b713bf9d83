// twin of examples/python/s003_08_event_loop_skeleton.py
package jasyncio.examples;

import static jasyncio.Asyncio.*;

import jasyncio.EventLoop;
import jasyncio.VoidCoroutine;

/** The event-loop skeleton: get a loop, run one trivial coroutine on it. Prints nothing. */
public final class S003_08EventLoopSkeleton {
    public static void main(String[] args) {
        // 去生成或获取一个事件循环
        EventLoop loop = getEventLoop();
        VoidCoroutine 任务 = () -> sleep(0);  // fix: placeholder task (asyncio.sleep(0))
        // 将任务放到‘任务列表’
        loop.runUntilComplete(任务);
    }
}
