package jasyncio.testing;

import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import jasyncio.Coroutine;
import jasyncio.EventLoop;
import jasyncio.ExceptionContext;
import jasyncio.ExceptionHandler;
import jasyncio.Future;
import jasyncio.Task;
import jasyncio.TaskFactory;
import jasyncio.internal.SelectorLoop;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One test's event loops and what went wrong on them; made by {@link AsyncioExtension} before
 * the test, checked and closed by {@link #finish()} after it.
 *
 * <p>Each loop gets this session's exception handler (which records every error and logs it as
 * the default handler would) and task factory (which notes the tasks that fail, so the
 * garbage-collection pass for unretrieved exceptions runs only when one did). A test that sets
 * its own handler or factory replaces them, and the session then knows less.
 *
 * <p>Thread-safety: errors arrive on loop threads and the cleaner thread; the rest is used by
 * the test's thread.
 */
final class Session implements ExtensionContext.Store.CloseableResource {
    private static final long STOP_WAIT_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final TestClock clock;
    private final boolean debug;
    private final List<Watched> loops = new CopyOnWriteArrayList<>();
    private final Queue<ExceptionContext> errors = new ConcurrentLinkedQueue<>();
    /** Tasks of this session's loops that failed; weak, so the unretrieved ones can be collected. */
    private final Queue<WeakReference<Future<?>>> failedTasks = new ConcurrentLinkedQueue<>();
    private final ExceptionHandler handler = this::record;
    private final TaskFactory factory = new FailureTracker();
    /** Set once the checks ran: errors arriving later are only logged. */
    private volatile boolean finished;
    final EventLoop main;

    /** A session whose loops run on {@code clock}, or on the system clock if it is null. */
    Session(TestClock clock, boolean debug) {
        this.clock = clock;
        this.debug = debug;
        this.main = newLoop(false);
    }

    /** The virtual clock, or null when the loops run in real time. */
    TestClock clock() {
        return clock;
    }

    /** A new watched loop; {@code ownedByTest}: the test must close it itself. */
    EventLoop newLoop(boolean ownedByTest) {
        EventLoop loop = clock != null ? clock.newEventLoop() : new SelectorLoop();
        loop.setDebug(debug);
        loop.setExceptionHandler(handler);
        loop.setTaskFactory(factory);
        loops.add(new Watched(loop, ownedByTest));
        return loop;
    }

    /** The exception of {@code task}, if it failed, was read: no need to wait for a report. */
    void retrieved(Future<?> task) {
        failedTasks.removeIf(ref -> ref.get() == task);
    }

    private void record(EventLoop loop, ExceptionContext context) {
        if (!finished) errors.add(context);
        loop.defaultExceptionHandler(context);
    }

    /**
     * Checks every loop, closes them, and fails if the test leaked a task, left a loop open or
     * running, or let an error reach an exception handler.
     *
     * @throws AssertionError naming every problem found
     */
    void finish() {
        Problems problems = new Problems();
        try {
            for (Watched w : loops) check(w, problems);
            if (mayHaveUnretrievedFailures()) UnretrievedReports.flush(this::failedTasksCollected);
        } finally {
            close();
        }
        List<ExceptionContext> reported = new ArrayList<>(errors);
        errors.clear();
        problems.errors(reported);
        problems.throwIfAny();
    }

    private void check(Watched w, Problems problems) {
        EventLoop loop = w.loop;
        String name = w.describe(loops.getFirst() == w);
        if (loop.isRunning()) {
            problems.add(name + " was still running when the test ended; stop it (loop.stop()) and wait"
                    + " for runForever() to return before the test ends");
            stop(loop);
        }
        if (loop.isClosed()) return;
        if (!loop.isRunning()) {
            List<Task<?>> live = SelectorLoop.of(loop).allTasks();
            if (!live.isEmpty()) problems.leakedTasks(name, live);
        }
        if (w.ownedByTest) {
            problems.add(name + " was not closed; close every loop the test creates (try-with-resources)");
        }
        try {
            loop.close();
        } catch (RuntimeException e) {
            problems.add(name + " could not be closed: " + e, e);
            return;
        }
        List<Task<?>> left = SelectorLoop.of(loop).allTasks();
        if (!left.isEmpty()) problems.leftBehind(name, left);
    }

    private static void stop(EventLoop loop) {
        loop.stop();
        long deadline = System.nanoTime() + STOP_WAIT_NANOS;
        while (loop.isRunning() && System.nanoTime() < deadline) LockSupport.parkNanos(1_000_000);
    }

    /** Whether a task failed, or a loop's factory was replaced so the session cannot tell. */
    private boolean mayHaveUnretrievedFailures() {
        if (!failedTasks.isEmpty()) return true;
        for (Watched w : loops) {
            if (w.loop.getTaskFactory() != factory) return true;
        }
        return false;
    }

    private boolean failedTasksCollected() {
        for (WeakReference<Future<?>> ref : failedTasks) {
            if (ref.get() != null) return false;
        }
        return true;
    }

    /**
     * Stops recording and closes what is still open, quietly: the end of {@link #finish()}, and
     * the safety net when the after-each callback did not run.
     */
    @Override
    public void close() {
        finished = true;
        for (Watched w : loops) {
            if (w.loop.isRunning()) stop(w.loop);
            try {
                w.loop.close();
            } catch (RuntimeException ignored) {
                // Already reported, or the test failed for a reason of its own.
            }
        }
    }

    /** A loop of this session. */
    private record Watched(EventLoop loop, boolean ownedByTest) {
        String describe(boolean isMain) {
            return isMain ? "the test's event loop " + loop : "event loop " + loop + " (made by newEventLoop())";
        }
    }

    /** Notes the tasks that fail, without retrieving their exceptions. */
    private final class FailureTracker implements TaskFactory {
        @Override
        public <T> Task<T> createTask(EventLoop loop, Coroutine<T> coro, String name) {
            Task<T> task = Task.create(loop, coro, name);
            task.addDoneCallback(this::done);
            return task;
        }

        private void done(Future<?> f) {
            if (f.state() == java.util.concurrent.Future.State.FAILED) failedTasks.add(new WeakReference<>(f));
        }

        @Override
        public String toString() {
            return "jasyncio test kit task factory";
        }
    }
}
