// twin of examples/python/s004_12_wait_timeout_cancel.py
package jasyncio.examples;

import static jasyncio.Asyncio.*;
import static jasyncio.examples.Py.print;

import java.util.List;
import java.util.stream.IntStream;

import jasyncio.Asyncio;
import jasyncio.CancelledError;
import jasyncio.EventLoop;
import jasyncio.Future;
import jasyncio.Wait;

/**
 * 等待多个协程: wait with a timeout, then cancel what is pending; each cancelled coroutine
 * prints and re-raises. num(5) sleeps exactly as long as the timeout; the wait's timer was
 * scheduled first, so main wakes first and 5 is still pending.
 */
public final class S004_12WaitTimeoutCancel {
    static int num(int n) {
        try {
            sleep(n * 0.001);
            return n;
        } catch (CancelledError e) {
            print(n + " cancelled");  // f"{n} cancelled"
            throw e;
        }
    }


    static void main() {
        List<Future<Integer>> tasks = IntStream.range(0, 10).mapToObj(i -> ensureFuture(() -> num(i))).toList();
        // complete, pendding = await asyncio.wait(tasks, timeout = 0.005)
        Wait<Integer> waited = Asyncio.wait(tasks, 0.005);
        var complete = waited.done();
        var pendding = waited.pending();
        for (Future<Integer> i : tasks.stream().filter(t -> complete.contains(t)).toList()) {
            print(i.result());  // f"{i.result()}"
        }
        if (!pendding.isEmpty()) {
            for (Future<Integer> p : tasks.stream().filter(t -> pendding.contains(t)).toList()) {
                p.cancel();
            }
        }
    }

    public static void main(String[] args) {  // if __name__ == '__main__':
        EventLoop loop = getEventLoop();
        try {
            loop.runUntilComplete(() -> main());
        } finally {
            loop.close();
        }
    }
}
