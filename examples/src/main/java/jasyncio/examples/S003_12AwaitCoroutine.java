// twin of examples/python/s003_12_await_coroutine.py
package jasyncio.examples;

import static jasyncio.Asyncio.*;
import static jasyncio.examples.Py.print;

/** Awaiting a coroutine inside asyncio.run. */
public final class S003_12AwaitCoroutine {
    static String others() {
        print("start");
        sleep(0.02);
        print("end");
        return "返回值";
    }

    static void func() {
        print("执行协程函数内部代码");

        // 遇到IO操作挂起当前协程（任务），等IO操作完成之后再继续往下执行，当前协程挂起时，事件循环可以去执行其他协程（任务）。
        String response = others();

        print("IO请求结束，结果为：", response);
    }

    public static void main(String[] args) {
        run(S003_12AwaitCoroutine::func);
    }
}
