package jasyncio.bench;

import static jasyncio.Asyncio.createTask;
import static jasyncio.Asyncio.gather;
import static jasyncio.Asyncio.getRunningLoop;
import static jasyncio.Asyncio.sleep;

import java.util.ArrayList;
import java.util.List;

import jasyncio.Asyncio;
import jasyncio.Task;

/**
 * W1–W4 on jasyncio: each run is one {@link Asyncio#run}, and the measured section is the main
 * coroutine's work (from the first {@code createTask} to the last {@code gather}), the way a
 * Python harness times the body of {@code main()}. Written as user code: the facade's
 * {@code createTask}, {@code gather} and {@code sleep}.
 */
final class JasyncioWorkloads implements Implementation {
    static final String NAME = "jasyncio";

    @Override
    public String name() {
        return NAME;
    }

    /** W1: N tasks that return their index at once, then one gather. */
    @Override
    public Measured spawn(Params p) {
        int n = p.n();
        return Asyncio.run(() -> {
            Stopwatch sw = Stopwatch.start();
            List<Task<Integer>> tasks = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                int value = i;
                tasks.add(createTask(() -> value));
            }
            List<Integer> results = gather(tasks);
            Stopwatch.Lap lap = sw.stop();
            Checks.indexes(results, n);
            return new Measured(n, lap);
        });
    }

    /**
     * W2: a pinger and a ponger task; the token goes out on one channel and comes back, plus
     * one, on the other. One round trip is two hops, each through a fresh Future
     * ({@code --channel future}) or a {@code Queue(1)} put/get ({@code --channel queue}).
     */
    @Override
    public Measured pingpong(Params p) {
        int n = p.n();
        return Asyncio.run(() -> {
            Channel<Integer> ping = channel(p.channel());
            Channel<Integer> pong = channel(p.channel());
            Stopwatch sw = Stopwatch.start();
            Task<Void> ponger = createTask(() -> {
                for (int i = 0; i < n; i++) pong.send(ping.receive() + 1);
            });
            Task<Integer> pinger = createTask(() -> {
                int token = 0;
                for (int i = 0; i < n; i++) {
                    ping.send(token);
                    token = pong.receive();
                }
                return token;
            });
            int token = pinger.await();
            ponger.await();
            Stopwatch.Lap lap = sw.stop();
            Checks.equal("final token", token, n);
            return new Measured(n, lap).with("channel", ping.kind()).with("hops", 2L * n);
        });
    }

    private static Channel<Integer> channel(String kind) {
        return switch (kind) {
            case "future" -> new FutureChannel<>(getRunningLoop());
            case "queue" -> new QueueChannel<>();
            default -> throw new UsageError("unknown --channel '" + kind + "': use future or queue");
        };
    }

    /** W3: N tasks each sleep d_i, all created together; lateness per sleeper. */
    @Override
    public Measured timers(Params p) {
        int n = p.n();
        long[] delays = Lateness.delaysNanos(n, p.maxDelayMs());
        long[] late = new long[n];
        return Asyncio.run(() -> {
            Stopwatch sw = Stopwatch.start();
            List<Task<Void>> tasks = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                int k = i;
                tasks.add(createTask(() -> {
                    long intended = System.nanoTime() + delays[k];
                    sleep(delays[k] / 1e9);
                    late[k] = System.nanoTime() - intended;
                }));
            }
            gather(tasks);
            Stopwatch.Lap lap = sw.stop();
            Measured m = new Measured(n, lap, Lateness.summary(late));
            return m.with("max_delay_ms", p.maxDelayMs());
        });
    }

    /** W4: rounds of gather(width tasks that each sleep(0) once and return). */
    @Override
    public Measured fanout(Params p) {
        int rounds = p.fanoutRounds();
        int width = p.fanoutWidth();
        return Asyncio.run(() -> {
            long sum = 0;
            Stopwatch sw = Stopwatch.start();
            for (int r = 0; r < rounds; r++) {
                List<Task<Integer>> tasks = new ArrayList<>(width);
                for (int i = 0; i < width; i++) {
                    int value = i;
                    tasks.add(createTask(() -> {
                        sleep(0);
                        return value;
                    }));
                }
                for (int v : gather(tasks)) sum += v;
            }
            Stopwatch.Lap lap = sw.stop();
            Checks.equal("sum of results", sum, (long) rounds * width * (width - 1) / 2);
            return new Measured((long) rounds * width, lap).with("rounds", rounds).with("width", width);
        });
    }
}
