// twin of examples/python/s004_04_coroutine_return_value.py
package jasyncio.examples;

import static jasyncio.Asyncio.*;
import static jasyncio.examples.Py.print;

import jasyncio.Coroutine;
import jasyncio.EventLoop;

/** 从协程返回值: run_until_complete returns the coroutine's value. */
public final class S004_04CoroutineReturnValue {
    static int foo() {
        print("this is a coroutine");
        return 12;
    }

    public static void main(String[] args) {  // if __name__ == '__main__':
        EventLoop loop = getEventLoop();
        try {
            print("coroutine begin");
            Coroutine<Integer> coro = S004_04CoroutineReturnValue::foo;
            print("into event loop");
            int res = loop.runUntilComplete(coro);
            print("result is: " + res);  // f"result is: {res}"
        } finally {
            print("close event loop");
            loop.close();
        }
    }
}
