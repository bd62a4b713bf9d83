package jasyncio.queue;

import static jasyncio.Asyncio.createTask;

import java.time.Duration;

import jasyncio.Asyncio;
import jasyncio.Future;
import jasyncio.Task;

/**
 * Not a test: measures W2 of bench/SPEC.md through {@code Queue(1)}s (two tasks hand a token
 * back and forth, 1,000,000 round trips, on one loop) and, for comparison, through a fresh
 * Future per hop. Prints wall time and the loop thread's CPU time. Run with the surefire JVM flags, e.g.
 * {@code java --add-opens java.base/java.lang=ALL-UNNAMED -cp core/target/classes:core/target/test-classes jasyncio.queue.QueuePingPongMain [n] [repeats]}.
 */
public final class QueuePingPongMain {
    private QueuePingPongMain() {}

    public static void main(String[] args) {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        int repeats = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        for (int r = 0; r < repeats; r++) {
            long cpu = cpuNanos();
            long wall = queueRoundTrips(n);
            report("queue ", n, wall, cpuNanos() - cpu);
            cpu = cpuNanos();
            wall = futureRoundTrips(n);
            report("future", n, wall, cpuNanos() - cpu);
        }
    }

    /**
     * The process's CPU time: on a machine where other processes compete for the cores, wall
     * time overstates what the round trips cost (it also counts GC and JIT threads, so read the
     * later repeats).
     */
    private static long cpuNanos() {
        return ProcessHandle.current().info().totalCpuDuration().orElse(Duration.ZERO).toNanos();
    }

    private static void report(String what, int n, long wallNanos, long cpuNanos) {
        System.out.printf("%s %,d round trips in %.3f s wall (%.2f M/s), %.3f s CPU (%.2f M/s)%n",
                what, n, wallNanos / 1e9, n / (wallNanos / 1e3), cpuNanos / 1e9, n / (cpuNanos / 1e3));
    }

    private static long queueRoundTrips(int n) {
        return Asyncio.run(() -> {
            Queue<Integer> ping = new Queue<>(1);
            Queue<Integer> pong = new Queue<>(1);
            long start = System.nanoTime();
            Task<Void> ponger = createTask(() -> {
                for (int i = 0; i < n; i++) pong.put(ping.get() + 1);
            });
            Task<Integer> pinger = createTask(() -> {
                int token = 0;
                for (int i = 0; i < n; i++) {
                    ping.put(token);
                    token = pong.get();
                }
                return token;
            });
            int token = pinger.await();
            ponger.await();
            long nanos = System.nanoTime() - start;
            if (token != n) throw new AssertionError("final token " + token + ", expected " + n);
            return nanos;
        });
    }

    private static long futureRoundTrips(int n) {
        return Asyncio.run(() -> {
            var loop = Asyncio.getRunningLoop();
            @SuppressWarnings("unchecked")
            Future<Integer>[] slots = new Future[] {new Future<Integer>(loop), new Future<Integer>(loop)};
            long start = System.nanoTime();
            Task<Void> ponger = createTask(() -> {
                for (int i = 0; i < n; i++) {
                    int v = slots[0].await();
                    slots[0] = new Future<>(loop);
                    slots[1].setResult(v + 1);
                }
            });
            Task<Integer> pinger = createTask(() -> {
                int token = 0;
                for (int i = 0; i < n; i++) {
                    slots[0].setResult(token);
                    token = slots[1].await();
                    slots[1] = new Future<>(loop);
                }
                return token;
            });
            int token = pinger.await();
            ponger.await();
            long nanos = System.nanoTime() - start;
            if (token != n) throw new AssertionError("final token " + token + ", expected " + n);
            return nanos;
        });
    }
}
