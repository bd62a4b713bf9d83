// twin of examples/python/s003_10_run_hello_world.py
package jasyncio.examples;

import static jasyncio.Asyncio.*;
import static jasyncio.examples.Py.print;

import jasyncio.EventLoop;
import jasyncio.VoidCoroutine;

/** The same coroutine run both ways: loop.run_until_complete, then asyncio.run. */
public final class S003_10RunHelloWorld {
    static void func() {
        print("hello world");
    }

    public static void main(String[] args) {
        VoidCoroutine result = S003_10RunHelloWorld::func;

        EventLoop loop = getEventLoop();
        loop.runUntilComplete(result);
        // python3.7以后可以简化为
        run(S003_10RunHelloWorld::func);
    }
}
