// twin of examples/python/s003_11_await_sleep.py
package jasyncio.examples;

import static jasyncio.Asyncio.*;
import static jasyncio.examples.Py.print;

/** await asyncio.sleep gives None. */
public final class S003_11AwaitSleep {
    static void func() {
        print("hello world");
        Object response = sleep(0.02, null);  // response = await asyncio.sleep(0.02): sleep returns its result=None
        print("结束", response);
    }

    public static void main(String[] args) {
        run(S003_11AwaitSleep::func);
    }
}
