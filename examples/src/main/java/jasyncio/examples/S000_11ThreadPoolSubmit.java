// twin of examples/python/s000_11_thread_pool_submit.py
package jasyncio.examples;

import static jasyncio.examples.Py.print;
import static jasyncio.examples.Py.timeSleep;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Plain threads, no event loop: a pool of 5 threads prints 0..9 in an order that varies between
 * runs (no golden file). {@code submit} returns a {@code java.util.concurrent.Future}; its class
 * is {@code FutureTask}, so where Python prints {@code Future} (the class
 * {@code concurrent.futures.Future}) this twin prints {@code FutureTask}.
 */
public final class S000_11ThreadPoolSubmit {
    static void func(int value) {
        timeSleep(0.01);
        print(value);
        return;
    }

    public static void main(String[] args) {
        ExecutorService pool = Executors.newFixedThreadPool(5);  // ThreadPoolExecutor(max_workers=5)

        // pool = ProcessPoolExecutor(max_workers=5)

        for (int i = 0; i < 10; i++) {
            int value = i;
            Future<?> fut = pool.submit(() -> func(value));
            print(fut.getClass().getSimpleName());  // type(fut).__name__
        }

        // Python's interpreter exit waits for the pool's threads (concurrent.futures' atexit hook);
        // a JVM does not shut a pool down by itself, so the twin does it here (close() waits).
        pool.close();
    }
}
