package jasyncio;

import java.util.ArrayList;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

import jasyncio.internal.FutureAccess;
import jasyncio.internal.SelectorLoop;
import jasyncio.internal.TaskRegistry;
import jasyncio.internal.Unretrieved;

/**
 * The eventual result of an operation: {@code asyncio.Future}, also usable as a
 * {@link java.util.concurrent.Future}.
 *
 * <pre>
 *            setResult / setException
 *  PENDING ─────────────────────────────▶ FINISHED
 *     │         cancel(msg)
 *     └─────────────────────────────────▶ CANCELLED
 * </pre>
 *
 * <p>Thread-safety: a future may be completed, cancelled, awaited and observed from any thread
 * and any loop. Done callbacks always run on the future's own loop, in the order they were
 * added, each scheduled with {@link EventLoop#callSoon} when the future completes.
 *
 * <p>{@link #await()} is a suspension point: inside a task it suspends the task (and throws
 * {@link CancelledError} if the task is cancelled meanwhile); from a plain thread it blocks the
 * thread; from a loop callback it refuses with {@link IllegalStateException}, since a callback
 * must not block its loop.
 *
 * @param <T> the result type
 */
public class Future<T> implements java.util.concurrent.Future<T> {

    /** Stored in {@link #outcome} for a null result. */
    private static final Object NULL = new Object();

    private record Failure(Throwable error) {}

    private record Cancelled(String message, CancelledError cause) {}

    static {
        FutureAccess.install(new FutureAccess() {
            @Override
            public <V> boolean trySetResult(Future<V> f, V value) {
                return f.trySetResult(value);
            }

            @Override
            public boolean trySetException(Future<?> f, Throwable error) {
                return f.trySetException(error);
            }

            @Override
            public TaskRegistry newTaskRegistry() {
                return new LiveTasks();
            }
        });
    }

    final SelectorLoop loop;

    /** null while pending; then NULL, the value, a Failure or a Cancelled. Written once, under the lock. */
    private volatile Object outcome;

    /**
     * Who to tell on completion, guarded by {@code this}: null, one entry, or an ArrayList of
     * entries. An entry is a {@link Task} or a {@link Thread} to unpark, or a user callback.
     * Set to null when the future completes (the entries are then dispatched).
     */
    private Object listeners;

    /** Reports an exception nobody retrieved; set when the future fails. */
    private volatile Unretrieved unretrieved;

    /** A pending future of {@code loop} (see {@link EventLoop#createFuture()}). */
    public Future(EventLoop loop) {
        this.loop = SelectorLoop.of(loop);
    }

    /** The loop this future's callbacks run on. */
    public EventLoop getLoop() {
        return loop;
    }

    // ---------------------------------------------------------------- state

    /** Whether the future has a result, an exception, or was cancelled. */
    @Override
    public boolean isDone() {
        return outcome != null;
    }

    /**
     * The outcome, or null while pending. For code that tests it after a park: the null check
     * then sits in the caller's own bytecode, where the JIT profiles it for that caller alone
     * (see {@code Task.suspendOn}).
     */
    final Object peekOutcome() {
        return outcome;
    }

    /** Whether the future was cancelled. */
    @Override
    public boolean isCancelled() {
        return outcome instanceof Cancelled;
    }

    /** The java.util.concurrent view of the state. */
    @Override
    public State state() {
        Object o = outcome;
        if (o == null) return State.RUNNING;
        if (o instanceof Cancelled) return State.CANCELLED;
        if (o instanceof Failure) return State.FAILED;
        return State.SUCCESS;
    }

    /**
     * The result. Does not wait.
     *
     * @throws InvalidStateError if the future is not done
     * @throws CancelledError    if it was cancelled
     * @throws RuntimeException  its exception if unchecked (the same instance, with the reader's
     *                           stack attached as a suppressed {@code AwaitedAt}); a checked one
     *                           wrapped in {@link CompletionException}
     */
    public T result() {
        Object o = outcome;
        if (o == null) throw new InvalidStateError("Result is not ready.");
        return report(o);
    }

    /**
     * The exception the future failed with, or null if it has a result. Does not wait.
     *
     * @throws InvalidStateError if the future is not done
     * @throws CancelledError    if it was cancelled
     */
    public Throwable exception() {
        Object o = outcome;
        if (o == null) throw new InvalidStateError("Exception is not set.");
        if (o instanceof Cancelled c) throw cancelledError(c);
        markRetrieved();
        return o instanceof Failure f ? f.error : null;
    }

    /** The message given to {@link #cancel(String)}, or null. */
    String cancelMessage() {
        return outcome instanceof Cancelled c ? c.message : null;
    }

    @SuppressWarnings("unchecked")
    private T report(Object o) {
        if (o instanceof Failure f) {
            markRetrieved();
            throw rethrow(f.error);
        }
        if (o instanceof Cancelled c) throw cancelledError(c);
        return o == NULL ? null : (T) o;
    }

    private static CancelledError cancelledError(Cancelled c) {
        CancelledError e = new CancelledError(c.message);
        if (c.cause != null) e.initCause(c.cause);
        return e;
    }

    /**
     * The exception to throw in a reader of a failed future: unchecked ones as themselves (with
     * the reader's frames attached once per thread), checked ones wrapped.
     */
    static RuntimeException rethrow(Throwable error) {
        if (error instanceof CancelledError ce) return ce;
        if (error instanceof RuntimeException re) {
            AwaitedAt.attach(re);
            return re;
        }
        if (error instanceof Error err) {
            AwaitedAt.attach(err);
            throw err;
        }
        return new CompletionException(error);
    }

    private void markRetrieved() {
        Unretrieved u = unretrieved;
        if (u != null) u.retrieved();
    }

    // ---------------------------------------------------------------- completing

    /**
     * Completes the future with {@code value} and schedules its callbacks.
     *
     * @throws InvalidStateError if it is already done
     */
    public void setResult(T value) {
        if (!complete(value == null ? NULL : value)) {
            throw new InvalidStateError("invalid state: the future is already " + describeState());
        }
    }

    /**
     * Completes the future with {@code error} and schedules its callbacks.
     *
     * @throws InvalidStateError if it is already done
     */
    public void setException(Throwable error) {
        if (error == null) throw new NullPointerException("setException(null): pass the exception the future failed with");
        if (!complete(new Failure(error))) {
            throw new InvalidStateError("invalid state: the future is already " + describeState());
        }
    }

    /** Cancels the future without a message; see {@link #cancel(String)}. */
    public boolean cancel() {
        return cancel((String) null);
    }

    /**
     * Cancels the future: readers get {@link CancelledError} with {@code message}.
     *
     * @return false if the future was already done
     */
    public boolean cancel(String message) {
        return complete(new Cancelled(message, null));
    }

    /** {@link java.util.concurrent.Future#cancel}: same as {@link #cancel()}. */
    @Override
    public boolean cancel(boolean mayInterruptIfRunning) {
        return cancel();
    }

    /** Sets the result unless the future is already done; returns whether it did. */
    boolean trySetResult(T value) {
        return complete(value == null ? NULL : value);
    }

    /** Sets the exception unless the future is already done; returns whether it did. */
    boolean trySetException(Throwable error) {
        return complete(new Failure(error));
    }

    /** Marks the future cancelled because {@code cause} ended its work. */
    boolean cancelledBy(String message, CancelledError cause) {
        return complete(new Cancelled(message, cause));
    }

    /** Copies the outcome of {@code source} (which must be done) into this future, if pending. */
    boolean copyFrom(Future<? extends T> source) {
        Object o = source.outcome;
        if (o instanceof Failure) source.markRetrieved();
        return complete(o);
    }

    private boolean complete(Object newOutcome) {
        Object toNotify;
        synchronized (this) {
            if (outcome != null) return false;
            if (newOutcome instanceof Failure f && reportsUnretrieved()) {
                unretrieved = Unretrieved.watch(this, loop, f.error);
            }
            outcome = newOutcome;
            toNotify = listeners;
            listeners = null;
        }
        if (toNotify instanceof ArrayList<?> list) {
            for (Object entry : list) dispatch(entry);
        } else if (toNotify != null) {
            dispatch(toNotify);
        }
        return true;
    }

    /** Whether a failure that nobody reads should reach the exception handler. */
    boolean reportsUnretrieved() {
        return true;
    }

    /** A human name of the state, for error messages. */
    private String describeState() {
        Object o = outcome;
        if (o instanceof Cancelled) return "cancelled";
        return o == null ? "pending" : "finished";
    }

    // ---------------------------------------------------------------- listeners

    @SuppressWarnings("unchecked")
    private void dispatch(Object entry) {
        if (entry instanceof Task<?> t) {
            t.unpark();
        } else if (entry instanceof Thread th) {
            LockSupport.unpark(th);
        } else {
            // execute, not callSoon: never throws, even for a loop that closed meanwhile.
            loop.execute(new DoneCallback<>((Consumer<? super Future<T>>) entry, this));
        }
    }

    /** Adds an entry unless the future is done; returns false if it is done. */
    private boolean addListener(Object entry) {
        synchronized (this) {
            if (outcome != null) return false;
            Object l = listeners;
            if (l == null) {
                listeners = entry;
            } else if (l instanceof ArrayList<?> list) {
                @SuppressWarnings("unchecked")
                ArrayList<Object> objects = (ArrayList<Object>) list;
                objects.add(entry);
            } else {
                ArrayList<Object> list = new ArrayList<>(4);
                list.add(l);
                list.add(entry);
                listeners = list;
            }
            return true;
        }
    }

    /** Removes every occurrence of {@code entry}; returns how many were removed. */
    private int removeListener(Object entry) {
        synchronized (this) {
            Object l = listeners;
            if (l == entry) {
                listeners = null;
                return 1;
            }
            if (l instanceof ArrayList<?> list) {
                int before = list.size();
                list.removeIf(e -> e == entry);
                return before - list.size();
            }
            return 0;
        }
    }

    /**
     * Adds a callback that runs on the future's loop when it completes, with the future as its
     * argument; if it is already done, the callback is scheduled at once.
     */
    public void addDoneCallback(Consumer<? super Future<T>> callback) {
        if (callback == null) throw new NullPointerException("addDoneCallback(null): pass the callback to run");
        if (!addListener(callback)) dispatch(callback);
    }

    /**
     * Removes every registration of {@code callback} that has not run yet.
     *
     * @return how many registrations were removed
     */
    public int removeDoneCallback(Consumer<? super Future<T>> callback) {
        return removeListener(callback);
    }

    /** Registers a task to unpark on completion; false if already done. */
    boolean addWaiter(Task<?> task) {
        return addListener(task);
    }

    /** Undoes {@link #addWaiter}. */
    void removeWaiter(Task<?> task) {
        removeListener(task);
    }

    /** A done callback on its way through the loop's queue: one object, not a lambda and a handle. */
    private record DoneCallback<T>(Consumer<? super Future<T>> callback, Future<T> future) implements Runnable {
        @Override
        public void run() {
            callback.accept(future);
        }

        @Override
        public String toString() {
            return "<done callback " + callback + " of " + future + ">";
        }
    }

    // ---------------------------------------------------------------- waiting

    /**
     * Waits until the future is done and returns its result ({@code await fut}). A suspension
     * point: see the class comment for what it does in a task, a plain thread and a callback.
     *
     * @throws CancelledError if the future was cancelled, or the waiting task was cancelled
     */
    public T await() {
        Object o = outcome;
        if (o == null) {
            waitDone();
            o = outcome;
        }
        return report(o);
    }

    /** Waits until done without reading the outcome. */
    void waitDone() {
        if (outcome != null) return;
        Task<?> task = Task.current();
        if (task != null) {
            // asyncio raises RuntimeError here; parking would wait for itself forever.
            if (task == this) throw new IllegalStateException("Task cannot await on itself: " + this);
            task.suspendOn(this);
        } else {
            SelectorLoop.refuseBlockingOnLoopThread("await()");
            blockUntilDone();
        }
    }

    /** A plain thread waits: park until done; an interrupt ends the wait with CancelledError. */
    private void blockUntilDone() {
        Thread me = Thread.currentThread();
        if (!addListener(me)) return;
        try {
            while (outcome == null) {
                LockSupport.park(this);
                if (Thread.interrupted()) {
                    me.interrupt();
                    throw new CancelledError("the thread waiting for the future was interrupted");
                }
            }
        } finally {
            if (outcome == null) removeListener(me);
        }
    }

    /** {@link java.util.concurrent.Future#get()}: waits like {@link #await()}. */
    @Override
    public T get() throws InterruptedException, ExecutionException {
        if (Thread.interrupted()) throw new InterruptedException();
        waitDone();
        return getReport();
    }

    /** Waits at most {@code timeout} in real time; from a task, prefer {@link Asyncio#waitFor}. */
    @Override
    public T get(long timeout, TimeUnit unit) throws InterruptedException, ExecutionException, TimeoutException {
        if (outcome == null) {
            SelectorLoop.refuseBlockingOnLoopThread("get(timeout)");
            Thread me = Thread.currentThread();
            if (addListener(me)) {
                long deadline = System.nanoTime() + unit.toNanos(timeout);
                try {
                    while (outcome == null) {
                        long left = deadline - System.nanoTime();
                        if (left <= 0) throw new TimeoutException("the future was not done within " + timeout + " " + unit);
                        LockSupport.parkNanos(this, left);
                        if (Thread.interrupted()) throw new InterruptedException();
                    }
                } finally {
                    if (outcome == null) removeListener(me);
                }
            }
        }
        return getReport();
    }

    private T getReport() throws ExecutionException {
        Object o = outcome;
        if (o instanceof Failure f) {
            markRetrieved();
            throw new ExecutionException(f.error);
        }
        return report(o);
    }

    /** A CompletableFuture that completes when this future does (cancelling it cancels this). */
    public CompletableFuture<T> toCompletableFuture() {
        CompletableFuture<T> cf = new CompletableFuture<>() {
            @Override
            public boolean cancel(boolean mayInterruptIfRunning) {
                Future.this.cancel();
                return super.cancel(mayInterruptIfRunning);
            }
        };
        Runnable copy = () -> {
            Object o = outcome;
            if (o instanceof Failure f) {
                markRetrieved();
                cf.completeExceptionally(f.error);
            } else if (o instanceof Cancelled c) {
                cf.completeExceptionally(cancelledError(c));
            } else {
                @SuppressWarnings("unchecked")
                T v = o == NULL ? null : (T) o;
                cf.complete(v);
            }
        };
        if (outcome != null) {
            copy.run();
        } else {
            addDoneCallback(f -> copy.run());
        }
        return cf;
    }

    @Override
    public String toString() {
        Object o = outcome;
        String state;
        if (o == null) state = "pending";
        else if (o instanceof Cancelled) state = "cancelled";
        else if (o instanceof Failure f) state = "finished exception=" + f.error;
        else state = "finished result=" + (o == NULL ? "null" : abbreviate(String.valueOf(o)));
        return "<" + getClass().getSimpleName() + " " + state + ">";
    }

    static String abbreviate(String s) {
        return s.length() <= 60 ? s : s.substring(0, 57) + "...";
    }
}
