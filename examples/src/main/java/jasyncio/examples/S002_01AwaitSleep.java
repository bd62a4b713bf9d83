// twin of examples/python/s002_01_await_sleep.py
package jasyncio.examples;

import static jasyncio.Asyncio.*;
import static jasyncio.examples.Py.print;

/** await asyncio.sleep inside asyncio.run; the result (None) is returned, not printed. */
public final class S002_01AwaitSleep {
    static Object func() {
        print("hello");
        Object response = sleep(0.02, null);  // response = await asyncio.sleep(0.02): sleep returns its result=None
        return response;
    }

    public static void main(String[] args) {
        run(S002_01AwaitSleep::func);
    }
}
