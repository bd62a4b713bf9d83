// twin of examples/python/s002_09_thread_pool_submit.py
package jasyncio.examples;

import static jasyncio.examples.Py.print;
import static jasyncio.examples.Py.timeSleep;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Plain threads, no event loop: 5 pool threads each print {@code 1}, interleaved with the
 * submitting loop's lines (no golden file). Java's {@code println} writes a line at once, so
 * lines never tear as Python's did ({@code 11\n\n}). {@code submit} returns a
 * {@code FutureTask}, so where Python prints {@code Future} this twin prints {@code FutureTask}.
 */
public final class S002_09ThreadPoolSubmit {
    static int func(int value) {
        timeSleep(0.01);
        print(value);
        return 123;
    }

    public static void main(String[] args) {
        // 创建线程池
        ExecutorService pool = Executors.newFixedThreadPool(5);  // ThreadPoolExecutor(max_workers=5)

        // # 创建进程池
        // pool = ProcessPoolExecutor(max_workers=5)

        for (int i = 0; i < 10; i++) {
            Future<Integer> fut = pool.submit(() -> func(1));
            print(fut.getClass().getSimpleName());  // type(fut).__name__
        }

        // Python's interpreter exit waits for the pool's threads (concurrent.futures' atexit hook);
        // a JVM does not shut a pool down by itself, so the twin does it here (close() waits).
        pool.close();
    }
}
