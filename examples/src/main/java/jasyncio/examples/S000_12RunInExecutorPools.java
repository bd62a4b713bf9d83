// twin of examples/python/s000_12_run_in_executor_pools.py
package jasyncio.examples;

import static jasyncio.Asyncio.*;
import static jasyncio.examples.Py.print;
import static jasyncio.examples.Py.timeSleep;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import jasyncio.EventLoop;
import jasyncio.Future;

/**
 * loop.run_in_executor on the default pool, on a custom thread pool and on a process pool.
 *
 * <p>Java has no fork-based process pool. The stand-in for {@code ProcessPoolExecutor} is a
 * separate pool of worker threads in this JVM, one per CPU like ProcessPoolExecutor's default;
 * func1 shares no state with the caller, so the result and the printed lines are the same.
 * (In Python the child's {@code 3} is flushed when the pool shuts down, before
 * {@code custom process pool None}; here the worker prints it before returning.)
 */
public final class S000_12RunInExecutorPools {
    static Void func1(int value) {
        timeSleep(0.01);
        print(value);
        return null;
    }

    static void main() {
        EventLoop loop = getRunningLoop();

        // run in the deafult executor(ThreadPoolExecutor)
        // 第一步先调用ThreadPoolExecutor的submit方法去线程池中申请一个线程 执行func1函数
        // 并返回一个concurrent.futures.Future对象
        // 第二步 调用asyncio.wrap_future将concurrent.futures.Future对象包装成asyncio.Future对象
        // 因为concurrent.futures.Future对象不支持await语法，所以需要包装为asyncio.Future对象才能使用
        Future<Void> fut = loop.runInExecutor(null, () -> func1(1));
        Void result = fut.await();
        print("default thread pool", result);

        // 2 run in custom thread pool
        try (ExecutorService pool = Executors.newCachedThreadPool()) {  // with concurrent.futures.ThreadPoolExecutor() as pool:
            result = loop.runInExecutor(pool, () -> func1(2)).await();
            print("custom thread pool", result);
        }
        // 3 run in a custom process pool (stand-in: a separate pool of threads, see the class comment)
        try (ExecutorService pool = Executors.newFixedThreadPool(Runtime.getRuntime().availableProcessors())) {
            result = loop.runInExecutor(pool, () -> func1(3)).await();
            print("custom process pool", result);
        }
    }

    public static void main(String[] args) {
        run(() -> main());
    }
}
