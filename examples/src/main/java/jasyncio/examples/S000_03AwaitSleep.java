// twin of examples/python/s000_03_await_sleep.py
package jasyncio.examples;

import static jasyncio.Asyncio.*;
import static jasyncio.examples.Py.print;

/** await + 可等待对象 (协程对象，Future对象,Task对象 -> IO等待): await asyncio.sleep gives None. */
public final class S000_03AwaitSleep {
    static void func() {
        print("hello");
        Object result = sleep(0.02, null);  // result = await asyncio.sleep(0.02): sleep returns its result=None
        print("finish", result);
    }

    public static void main(String[] args) {
        run(S000_03AwaitSleep::func);
    }

    // 执行流程：
    // func添加到列表中后，先执行print, 此时遇到IO,如果有其他任务，就会切换到其他任务，当其他任务完成或者也遇到IO,切换回来，如果有返回值，交给result,再执行
    // print语句
}
