package jasyncio.bench;

import java.util.ArrayList;
import java.util.List;

import jasyncio.Asyncio;
import jasyncio.Coroutine;
import jasyncio.EventLoop;
import jasyncio.Future;

/**
 * The floor of W1 and W2 (the spec's "plain Java loop doing the same bookkeeping with no
 * suspension"): the same jasyncio Futures created, completed and read, the same coroutine
 * lambdas called, in one plain loop on the main thread, with no task, no thread and no
 * suspension. jasyncio minus the floor is the price of scheduling and switching.
 *
 * <p>The futures belong to a loop that never runs: completing a future nobody waits on does
 * not touch its loop.
 */
final class FloorWorkloads implements Implementation {
    static final String NAME = "floor";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String whyNot(Workload w, Params p) {
        return switch (w) {
            case W1 -> null;
            case W2 -> p.channel().equals("future") ? null : "the floor of W2 has --channel future only";
            case W3, W4 -> "the spec quotes a floor for W1 and W2 only (timers and sleep(0) have no"
                    + " suspension-free equivalent)";
        };
    }

    /** W1: N futures, each completed with its coroutine's value, then collected in order. */
    @Override
    public Measured spawn(Params p) throws Exception {
        int n = p.n();
        EventLoop loop = Asyncio.newEventLoop();
        try {
            Stopwatch sw = Stopwatch.start();
            List<Future<Integer>> futures = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                int value = i;
                Coroutine<Integer> coro = () -> value;
                Future<Integer> f = new Future<>(loop);
                f.setResult(coro.call());
                futures.add(f);
            }
            List<Integer> results = new ArrayList<>(n);
            for (Future<Integer> f : futures) results.add(f.result());
            Stopwatch.Lap lap = sw.stop();
            Checks.indexes(results, n);
            return new Measured(n, lap);
        } finally {
            loop.close();
        }
    }

    /**
     * W2: the two channels of jasyncio's W2, sent to and received from alternately by one
     * thread; every receive finds its value already there, so nothing suspends.
     */
    @Override
    public Measured pingpong(Params p) {
        int n = p.n();
        EventLoop loop = Asyncio.newEventLoop();
        try {
            Channel<Integer> ping = new FutureChannel<>(loop);
            Channel<Integer> pong = new FutureChannel<>(loop);
            int token = 0;
            Stopwatch sw = Stopwatch.start();
            for (int i = 0; i < n; i++) {
                ping.send(token);
                pong.send(ping.receive() + 1);
                token = pong.receive();
            }
            Stopwatch.Lap lap = sw.stop();
            Checks.equal("final token", token, n);
            return new Measured(n, lap).with("channel", ping.kind()).with("hops", 2L * n);
        } finally {
            loop.close();
        }
    }

    @Override
    public Measured timers(Params p) {
        throw new IllegalStateException(whyNot(Workload.W3, p)); // Main skips it first
    }

    @Override
    public Measured fanout(Params p) {
        throw new IllegalStateException(whyNot(Workload.W4, p)); // Main skips it first
    }
}
