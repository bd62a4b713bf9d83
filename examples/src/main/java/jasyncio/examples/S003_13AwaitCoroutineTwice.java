// twin of examples/python/s003_13_await_coroutine_twice.py
package jasyncio.examples;

import static jasyncio.Asyncio.*;
import static jasyncio.examples.Py.print;

/** Two coroutines awaited one after the other inside asyncio.run. */
public final class S003_13AwaitCoroutineTwice {
    static String others() {
        print("start");
        sleep(0.02);
        print("end");
        return "返回值";
    }

    static void func() {
        print("执行协程函数内部代码");

        // 遇到IO操作挂起当前协程（任务），等IO操作完成之后再继续往下执行，当前协程挂起时，事件循环可以去执行其他协程（任务）。
        String response1 = others();
        print("IO请求结束，结果为：", response1);

        String response2 = others();
        print("IO请求结束，结果为：", response2);
    }

    public static void main(String[] args) {
        run(S003_13AwaitCoroutineTwice::func);
    }
}
