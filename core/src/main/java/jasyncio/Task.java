package jasyncio;

import java.io.InterruptedIOException;
import java.io.PrintStream;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.net.SocketException;
import java.nio.channels.ClosedByInterruptException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

import jasyncio.internal.SelectorLoop;
import jasyncio.internal.TaskStep;
import jasyncio.internal.Worker;

/**
 * A coroutine running on an event loop ({@code asyncio.Task}): a {@link Future} of the
 * coroutine's value, run by its own virtual thread whose scheduler is the loop.
 *
 * <pre>
 *  scheduled ──first step──▶ running ⇄ suspended ──return──────▶ done (result)
 *      │                        │                 ──throw───────▶ done (exception)
 *      └──cancel before start──▶┴─ CancelledError escapes ─────▶ done (cancelled)
 * </pre>
 *
 * <p>Cancellation ({@link #cancel(String)}): if the task is suspended on a jasyncio future, that
 * future is cancelled, so the task sees {@link CancelledError} there; otherwise the task's next
 * suspension point throws it. A task blocked in a non-jasyncio blocking call (a JDBC read,
 * {@code BlockingQueue.take}) is interrupted instead, so that call ends promptly; the resulting
 * {@code InterruptedException} ending the task also marks it cancelled. {@link #cancelling()}
 * and {@link #uncancel()} count pending requests as in Python 3.11+.
 *
 * <p>A task's result is its coroutine's value: {@link #setResult}/{@link #setException} refuse.
 * Thread-safe; a running task cannot be garbage-collected (its loop holds it).
 *
 * @param <T> the coroutine's value type
 */
public final class Task<T> extends Future<T> {

    private static final AtomicLong COUNTER = new AtomicLong();
    private static final VarHandle CANCELS;

    static {
        try {
            CANCELS = MethodHandles.lookup().findVarHandle(Task.class, "cancelsRequested", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final Coroutine<T> coro;
    /** The task as its loop and worker see it: its first step, then its body. */
    private final Steps steps = new Steps(this);

    /** One object per task for both roles, to keep a pending task small. */
    private static final class Steps implements TaskStep {
        final Task<?> task;

        Steps(Task<?> task) {
            this.task = task;
        }

        @Override
        public void run() {
            if (claim()) task.loop.runOnWorker(this);
        }

        @Override
        public boolean claim() {
            return task.claim();
        }

        @Override
        public void runBody() {
            task.step();
        }

        @Override
        public String toString() {
            return task.toString();
        }
    }

    /** Neighbours in the loop's list of live tasks ({@link LiveTasks}); loop-confined. */
    Task<?> prevLive;
    Task<?> nextLive;
    /** The virtual thread running the task; null before its first step and after it ends. Guarded by this for interrupts. */
    volatile Thread thread;
    private volatile String name;
    private final long number;

    /** The future this task is suspended on, or null. Written only by the task's own thread. */
    private volatile Future<?> waitingOn;
    /** True while the task is parked inside a jasyncio suspension point. */
    private volatile boolean suspended;
    /** A cancel request the task has not seen yet (asyncio's {@code _must_cancel}). */
    private volatile boolean mustCancel;
    private volatile String cancelMessage;
    /** How many cancel requests are pending ({@link #cancelling()}); changed by CAS. */
    @SuppressWarnings("unused")
    private volatile int cancelsRequested;
    /** Whether a CancelledError was thrown into the task's body by a cancel request. */
    private volatile boolean cancelDelivered;

    private Task(SelectorLoop loop, Coroutine<T> coro, String name) {
        super(loop);
        this.coro = coro;
        this.name = name;
        this.number = name == null ? COUNTER.incrementAndGet() : 0;
    }

    /**
     * Creates a task running {@code coro} on {@code loop} and schedules its first step, the way
     * {@link EventLoop#createTask} does without a task factory ({@code asyncio.Task(coro, loop=…)}).
     * Meant for {@link TaskFactory} implementations; others call {@code createTask}.
     *
     * @throws IllegalStateException if the loop is closed
     */
    public static <T> Task<T> create(EventLoop loop, Coroutine<T> coro, String name) {
        if (coro == null) throw new NullPointerException("a task needs a coroutine to run, got null");
        SelectorLoop l = SelectorLoop.of(loop);
        Task<T> task = new Task<>(l, coro, name);
        l.register(task, task.steps);
        return task;
    }

    /** The task whose virtual thread is running now, or null outside any task. */
    public static Task<?> current() {
        return Worker.currentJob() instanceof Steps s ? s.task : null;
    }

    /** The first step, on the loop thread: a task cancelled before it started never runs. */
    private boolean claim() {
        if (mustCancel) {
            mustCancel = false;
            cancelledBy(cancelMessage, null);
            loop.unregister(this);
            return false;
        }
        return true;
    }

    private void step() {
        thread = Thread.currentThread();
        try {
            T value = coro.call();
            if (mustCancel) {
                // Cancelled while running, and it never reached a suspension point.
                mustCancel = false;
                cancelledBy(cancelMessage, null);
            } else {
                warnIfCancelSwallowed();
                trySetResult(value);
            }
        } catch (CancelledError e) {
            cancelledBy(e.getMessage(), e);
        } catch (Throwable e) {
            if (mustCancel && isInterruption(e)) {
                mustCancel = false;
                CancelledError ce = new CancelledError(cancelMessage);
                ce.initCause(e);
                cancelledBy(cancelMessage, ce);
            } else {
                trySetException(e);
            }
        } finally {
            synchronized (this) {
                thread = null;
            }
            loop.unregister(this);
        }
    }

    private void warnIfCancelSwallowed() {
        if (cancelDelivered && loop.getDebug() && cancelling() > 0) {
            loop.callExceptionHandler(new ExceptionContext(
                    "Task " + getName() + " was cancelled but finished normally: it caught CancelledError"
                            + " without rethrowing it; rethrow it, or call uncancel() if refusing the"
                            + " cancellation is intended", null, this, null));
        }
    }

    /** Whether {@code e} ended a body because of a cancel request (directly or by interruption). */
    static boolean isCancellation(Throwable e) {
        return e instanceof CancelledError || isInterruption(e);
    }

    /** Whether {@code e} (or a cause) is what a blocking JDK call throws when interrupted. */
    static boolean isInterruption(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof InterruptedException || t instanceof InterruptedIOException
                    || t instanceof ClosedByInterruptException) {
                return true;
            }
            if (t instanceof SocketException se && se.getMessage() != null
                    && se.getMessage().contains("Closed by interrupt")) {
                return true;
            }
            if (t.getCause() == t) break;
        }
        return false;
    }

    // ---------------------------------------------------------------- suspension

    /**
     * Parks this task until {@code f} is done or the task is asked to cancel. Called only from
     * the task's own thread.
     *
     * @throws CancelledError if a cancel request arrived (and was not delivered through {@code f})
     */
    void suspendOn(Future<?> f) {
        if (!f.addWaiter(this)) return; // already done: awaiting it does not suspend
        waitingOn = f;
        suspended = true;
        boolean interrupted = false;
        try {
            // Two tests, not one `while`: the first runs as the task suspends, the second only
            // after it has been woken. A task parked here resumes in whatever code the JIT made
            // of this method while it slept; with one shared test, a burst of suspensions (100k
            // tasks all going to sleep before any wakes) profiles "never done" and compiles the
            // exit as a trap, and each of the 100k then deoptimises as it wakes. The second test
            // has no profile until tasks wake, so it is compiled with both ways open. Not
            // f.isDone() either: that tiny method's profile is shared by every caller.
            if (f.peekOutcome() == null && !mustCancel) {
                do {
                    LockSupport.park(f);
                    if (Thread.interrupted()) interrupted = true;
                } while (f.peekOutcome() == null && !mustCancel);
            }
        } finally {
            suspended = false;
            waitingOn = null;
            if (f.peekOutcome() == null) f.removeWaiter(this);
        }
        if (interrupted && !mustCancel) thread.interrupt();
        if (f.isCancelled() && cancelling() > 0) {
            // The awaited future's CancelledError is already on its way to the body: as in
            // asyncio's __step it is the one thrown (its message wins over a later cancel's) and
            // it consumes a request made meanwhile.
            mustCancel = false;
            cancelDelivered = true;
            return;
        }
        checkCancel();
    }

    /** Throws CancelledError if a cancel request is pending: a suspension point's exit check. */
    void checkCancel() {
        if (mustCancel) {
            mustCancel = false;
            Thread.interrupted(); // an interrupt sent with this request is consumed here
            cancelDelivered = true;
            throw new CancelledError(cancelMessage);
        }
    }

    /** Yields the loop once ({@code await asyncio.sleep(0)}); a suspension point. */
    void yieldOnce() {
        loop.yieldTask(this);
        checkCancel();
    }

    /** Unparks the task's thread (a future it waits on is done); no-op if it is not running. */
    void unpark() {
        Thread th = thread;
        if (th != null) loop.wakeTask(this, th);
    }

    // ---------------------------------------------------------------- cancellation

    /** Asks the task to cancel, without a message. */
    @Override
    public boolean cancel() {
        return cancel((String) null);
    }

    /**
     * Asks the task to cancel: its coroutine sees {@link CancelledError} with {@code message} at
     * its current or next suspension point.
     *
     * @return false if the task is already done
     */
    @Override
    public boolean cancel(String message) {
        if (isDone()) return false;
        CANCELS.getAndAdd(this, 1);
        Future<?> w = waitingOn;
        if (w != null && w.cancel(message)) {
            return true;
        }
        cancelMessage = message;
        mustCancel = true;
        wake();
        return true;
    }

    /** Makes a task that is not at a jasyncio suspension point notice its cancel request. */
    private void wake() {
        Thread th = thread;
        if (th == null || th == Thread.currentThread()) return; // not started (or finished), or self
        if (suspended) {
            loop.wakeTask(this, th);
            return;
        }
        synchronized (this) {
            // Blocked (or about to block) in a plain JDK call: interrupt it so the call ends.
            // Under the lock, so the thread cannot have moved on to another task meanwhile.
            if (thread == th) th.interrupt();
        }
    }

    /** How many cancel requests are pending (asyncio's {@code cancelling()}). */
    public int cancelling() {
        return (int) CANCELS.getVolatile(this);
    }

    /**
     * Withdraws one cancel request; when none remain, a request the task has not seen yet is
     * dropped too (Python 3.13 semantics).
     *
     * @return the number of requests still pending
     */
    public int uncancel() {
        while (true) {
            int n = (int) CANCELS.getVolatile(this);
            if (n == 0) return 0;
            if (CANCELS.compareAndSet(this, n, n - 1)) {
                if (n == 1) mustCancel = false;
                return n - 1;
            }
        }
    }

    // ---------------------------------------------------------------- identity

    /** The task's name: the one given at creation, or {@code Task-N}. */
    public String getName() {
        String n = name;
        if (n == null) name = n = "Task-" + number;
        return n;
    }

    /** Renames the task. */
    public void setName(String name) {
        if (name == null) throw new NullPointerException("a task's name cannot be null");
        this.name = name;
    }

    /** The coroutine this task runs. */
    public Coroutine<T> getCoro() {
        return coro;
    }

    /** The current stack of the task's virtual thread (empty when done or not started). */
    public StackTraceElement[] getStack() {
        Thread th = thread;
        return th == null ? new StackTraceElement[0] : th.getStackTrace();
    }

    /** The state of the task's thread, for dumps: NEW before its first step, TERMINATED after. */
    Thread.State threadState() {
        Thread th = thread;
        if (th != null) return th.getState();
        return isDone() ? Thread.State.TERMINATED : Thread.State.NEW;
    }

    /** Prints the task and its stack, like asyncio's {@code Task.print_stack()}. */
    public void printStack(PrintStream out) {
        out.println("Stack for " + this + ":");
        for (StackTraceElement e : getStack()) out.println("\tat " + e);
    }

    /** Tasks refuse: a task's result is its coroutine's value. */
    @Override
    public void setResult(T value) {
        throw new IllegalStateException("Task does not support setResult: a task's result is what its coroutine returns");
    }

    /** Tasks refuse: a task's exception is what its coroutine throws. */
    @Override
    public void setException(Throwable error) {
        throw new IllegalStateException("Task does not support setException: a task fails when its coroutine throws");
    }

    @Override
    public String toString() {
        String base = super.toString();
        return "<Task " + (isDone() ? "" : "pending ") + "name='" + getName() + "'"
                + (isDone() ? base.substring(base.indexOf(' '), base.length() - 1) : "") + ">";
    }
}
