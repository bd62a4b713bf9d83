package jasyncio.bench;

import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;

/**
 * W1–W4 with plain JDK virtual threads on the JDK's default scheduler (a ForkJoinPool with one
 * carrier per core unless {@code -Djdk.virtualThreadScheduler.parallelism} says otherwise; the
 * JSON lines report it as {@code carriers}). A task is a virtual thread, gather is
 * {@code join()} on each, sleep is {@link Thread#sleep}, {@code sleep(0)} is
 * {@link Thread#yield}. The driver itself runs in a virtual thread, as jasyncio's main task does.
 */
final class VirtualThreadWorkloads implements Implementation {
    static final String NAME = "jdk-vthreads";

    @Override
    public String name() {
        return NAME;
    }

    /** W1: N virtual threads that store their index and end, then a join of each. */
    @Override
    public Measured spawn(Params p) throws Exception {
        int n = p.n();
        return inVirtualThread(() -> {
            int[] results = new int[n];
            Thread[] threads = new Thread[n];
            Thread.Builder builder = Thread.ofVirtual();
            Stopwatch sw = Stopwatch.start();
            for (int i = 0; i < n; i++) {
                int value = i;
                threads[i] = builder.start(() -> results[value] = value);
            }
            for (Thread t : threads) t.join();
            Stopwatch.Lap lap = sw.stop();
            for (int i = 0; i < n; i++) Checks.equal("result " + i, results[i], i);
            return withCarriers(new Measured(n, lap));
        });
    }

    /** W2: two virtual threads; a CompletableFuture per hop, or an ArrayBlockingQueue(1). */
    @Override
    public Measured pingpong(Params p) throws Exception {
        int n = p.n();
        return inVirtualThread(() -> {
            Channel<Integer> ping = channel(p.channel());
            Channel<Integer> pong = channel(p.channel());
            int[] token = new int[1];
            Stopwatch sw = Stopwatch.start();
            Thread ponger = Thread.ofVirtual().start(() -> {
                for (int i = 0; i < n; i++) pong.send(ping.receive() + 1);
            });
            Thread pinger = Thread.ofVirtual().start(() -> {
                int t = 0;
                for (int i = 0; i < n; i++) {
                    ping.send(t);
                    t = pong.receive();
                }
                token[0] = t;
            });
            pinger.join();
            ponger.join();
            Stopwatch.Lap lap = sw.stop();
            Checks.equal("final token", token[0], n);
            return withCarriers(new Measured(n, lap).with("channel", ping.kind()).with("hops", 2L * n));
        });
    }

    private static Channel<Integer> channel(String kind) {
        return switch (kind) {
            case "future" -> new CompletableFutureChannel<>();
            case "queue" -> new BlockingQueueChannel<>();
            default -> throw new UsageError("unknown --channel '" + kind + "': use future or queue");
        };
    }

    /** W3: N virtual threads each Thread.sleep(d_i), all started together. */
    @Override
    public Measured timers(Params p) throws Exception {
        int n = p.n();
        long[] delays = Lateness.delaysNanos(n, p.maxDelayMs());
        long[] late = new long[n];
        return inVirtualThread(() -> {
            Thread[] threads = new Thread[n];
            Thread.Builder builder = Thread.ofVirtual();
            Stopwatch sw = Stopwatch.start();
            for (int i = 0; i < n; i++) {
                int k = i;
                threads[i] = builder.start(() -> {
                    long intended = System.nanoTime() + delays[k];
                    try {
                        Thread.sleep(Duration.ofNanos(delays[k]));
                    } catch (InterruptedException e) {
                        throw new IllegalStateException("W3 sleeper interrupted", e);
                    }
                    late[k] = System.nanoTime() - intended;
                });
            }
            for (Thread t : threads) t.join();
            Stopwatch.Lap lap = sw.stop();
            Measured m = new Measured(n, lap, Lateness.summary(late));
            return withCarriers(m.with("max_delay_ms", p.maxDelayMs()));
        });
    }

    /** W4: rounds of (start width virtual threads that each Thread.yield() once; join them). */
    @Override
    public Measured fanout(Params p) throws Exception {
        int rounds = p.fanoutRounds();
        int width = p.fanoutWidth();
        return inVirtualThread(() -> {
            int[] results = new int[width];
            Thread[] threads = new Thread[width];
            Thread.Builder builder = Thread.ofVirtual();
            long sum = 0;
            Stopwatch sw = Stopwatch.start();
            for (int r = 0; r < rounds; r++) {
                for (int i = 0; i < width; i++) {
                    int value = i;
                    threads[i] = builder.start(() -> {
                        Thread.yield();
                        results[value] = value;
                    });
                }
                for (Thread t : threads) t.join();
                for (int v : results) sum += v;
            }
            Stopwatch.Lap lap = sw.stop();
            Checks.equal("sum of results", sum, (long) rounds * width * (width - 1) / 2);
            return withCarriers(new Measured((long) rounds * width, lap).with("rounds", rounds).with("width", width));
        });
    }

    private static Measured withCarriers(Measured m) {
        return m.with("carriers", carriers());
    }

    /** The default virtual-thread scheduler's parallelism, as the JDK computes it. */
    static int carriers() {
        String p = System.getProperty("jdk.virtualThreadScheduler.parallelism");
        if (p != null) {
            try {
                return Integer.parseInt(p.trim());
            } catch (NumberFormatException e) {
                // the JDK ignores a malformed value too
            }
        }
        return Runtime.getRuntime().availableProcessors();
    }

    /** Runs {@code body} in a new virtual thread and waits for its value. */
    private static <T> T inVirtualThread(Callable<T> body) throws Exception {
        CompletableFuture<T> result = new CompletableFuture<>();
        Thread t = Thread.ofVirtual().name("bench-driver").start(() -> {
            try {
                result.complete(body.call());
            } catch (Throwable e) {
                result.completeExceptionally(e);
            }
        });
        t.join();
        try {
            return result.join();
        } catch (java.util.concurrent.CompletionException e) {
            if (e.getCause() instanceof Exception ex) throw ex;
            throw e;
        }
    }

    /** A one-slot channel of CompletableFutures, one per hop (the twin of {@link FutureChannel}). */
    private static final class CompletableFutureChannel<T> implements Channel<T> {
        /** Replaced by the receiver before it answers; volatile since the ends run on any carrier. */
        private volatile CompletableFuture<T> slot = new CompletableFuture<>();

        @Override
        public void send(T value) {
            if (!slot.complete(value)) throw new IllegalStateException("the one-slot channel is full");
        }

        @Override
        public T receive() {
            T value = slot.join();
            slot = new CompletableFuture<>();
            return value;
        }

        @Override
        public String kind() {
            return "future";
        }
    }

    /** asyncio.Queue(1)'s JDK twin: an ArrayBlockingQueue of capacity one. */
    private static final class BlockingQueueChannel<T> implements Channel<T> {
        private final BlockingQueue<T> queue = new ArrayBlockingQueue<>(1);

        @Override
        public void send(T value) {
            try {
                queue.put(value);
            } catch (InterruptedException e) {
                throw new IllegalStateException("W2 sender interrupted", e);
            }
        }

        @Override
        public T receive() {
            try {
                return queue.take();
            } catch (InterruptedException e) {
                throw new IllegalStateException("W2 receiver interrupted", e);
            }
        }

        @Override
        public String kind() {
            return "queue";
        }
    }
}
