package jasyncio.testing;

import java.lang.ref.ReferenceQueue;
import java.lang.ref.WeakReference;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

import jasyncio.Future;
import jasyncio.internal.SelectorLoop;
import jasyncio.internal.Unretrieved;
import jasyncio.internal.VirtualClock;

/**
 * Makes core report "Task exception was never retrieved" for failed tasks nobody references any
 * more, and waits until those reports have been delivered. Core reports them from a
 * {@link java.lang.ref.Cleaner} thread once the task is garbage-collected, so a test that ends
 * right after such a task failed would otherwise pass before the report arrives.
 *
 * <p>How: garbage-collect (a bounded number of rounds) until the failed tasks are gone, then
 * push a probe future of our own through core's cleaner. The probe's report proves the cleaner
 * has the tasks' reports in hand (they reached its queue in an earlier collection); once its
 * thread is idle again, all of them have been delivered. Every wait is bounded: on a busy
 * machine the worst case is a missed report, never a hang.
 */
final class UnretrievedReports {
    private static final int MAX_GC_ROUNDS = 3;
    private static final long WAIT_NANOS = TimeUnit.SECONDS.toNanos(1);

    /** A closed loop whose handler only recognises probes; a probe's report goes to it. */
    private static final SelectorLoop PROBE_LOOP = probeLoop();

    private UnretrievedReports() {}

    private static SelectorLoop probeLoop() {
        SelectorLoop loop = new SelectorLoop(new VirtualClock());
        loop.setExceptionHandler((l, context) -> {
            if (context.exception() instanceof Probe p) p.seen();
        });
        loop.close();
        return loop;
    }

    /**
     * Collects garbage until {@code collected} says the failed tasks are gone (or the rounds run
     * out), then waits until core's cleaner has delivered every report it has.
     */
    static void flush(BooleanSupplier collected) {
        for (int i = 0; i < MAX_GC_ROUNDS; i++) {
            collectGarbage();
            if (collected.getAsBoolean()) break;
        }
        Probe probe = new Probe();
        watchUnreachableFuture(probe);
        for (int i = 0; i < MAX_GC_ROUNDS; i++) {
            collectGarbage();
            if (probe.awaitSeen()) break;
        }
        Thread cleaner = probe.thread;
        if (cleaner != null) awaitIdle(cleaner);
    }

    /** Registers a failed-looking future with core's cleaner and lets it go. */
    private static void watchUnreachableFuture(Probe probe) {
        Unretrieved.watch(new Future<Void>(PROBE_LOOP), PROBE_LOOP, probe);
    }

    /** Runs a full collection and waits until the JDK has handed its references to their queues. */
    private static void collectGarbage() {
        ReferenceQueue<Object> queue = new ReferenceQueue<>();
        WeakReference<Object> sentinel = new WeakReference<>(new Object(), queue);
        System.gc();
        try {
            queue.remove(TimeUnit.NANOSECONDS.toMillis(WAIT_NANOS));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        sentinel.clear();
    }

    /** Waits until {@code cleaner} is parked in its reference queue again, i.e. out of work. */
    private static void awaitIdle(Thread cleaner) {
        long deadline = System.nanoTime() + WAIT_NANOS;
        while (System.nanoTime() < deadline && !isIdle(cleaner)) LockSupport.parkNanos(100_000);
    }

    private static boolean isIdle(Thread cleaner) {
        Thread.State s = cleaner.getState();
        if (s == Thread.State.TERMINATED) return true;
        if (s != Thread.State.WAITING && s != Thread.State.TIMED_WAITING) return false;
        for (StackTraceElement e : cleaner.getStackTrace()) {
            if (e.getClassName().equals("java.lang.ref.ReferenceQueue")) return true;
        }
        return false;
    }

    /** The "exception" of a probe future: recognised by the probe loop's handler. */
    private static final class Probe extends Throwable {
        private final CountDownLatch latch = new CountDownLatch(1);
        private volatile Thread thread;

        Probe() {
            super("jasyncio test kit: cleaner probe", null, false, false);
        }

        void seen() {
            thread = Thread.currentThread();
            latch.countDown();
        }

        boolean awaitSeen() {
            try {
                return latch.await(200, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return true;
            }
        }
    }
}
