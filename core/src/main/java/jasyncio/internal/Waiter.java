package jasyncio.internal;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

import jasyncio.CancelledError;
import jasyncio.Future;
import jasyncio.Task;

/**
 * One caller suspended in a synchronization primitive or a queue: asyncio's waiter future. For a
 * task it is a jasyncio {@link Future} on the task's loop, so the task suspends on it and
 * cancelling the task cancels it; for a plain thread it is a parked thread, woken by unpark and
 * cancelled by an interrupt. A loop callback gets none: it must not block its loop.
 *
 * <pre>
 *  PENDING ──wake()──────────────────────────────▶ WOKEN      (await() returns, or throws
 *     │                                                         CancelledError if cancelled later)
 *     └──task cancelled / thread interrupted / abandon()──▶ CANCELLED (await() throws CancelledError)
 * </pre>
 *
 * <p>Each state change happens once, by compare-and-set, so {@link #wake()} may race with a
 * cancellation from any thread and exactly one wins. The owner of the waiter list calls
 * {@link #wake()} under its own guard; only the waiting caller calls {@link #await()} and
 * {@link #abandon()}. Used by {@code jasyncio.sync} and {@code jasyncio.queue}.
 */
public abstract sealed class Waiter permits Waiter.OfTask, Waiter.OfThread {

    /**
     * A waiter for the calling task or plain thread; an interrupted thread's wait ends with
     * "the thread waiting in {@code what} was interrupted".
     *
     * @param what the waiting call, for error messages ("Lock.acquire()")
     * @throws IllegalStateException if called from a loop callback, which must not block
     */
    public static Waiter forCaller(String what) {
        return forCaller(what, "the thread waiting in " + what + " was interrupted");
    }

    /**
     * A waiter for the calling task or plain thread, with the message of the CancelledError an
     * interrupted thread gets.
     *
     * @param what        the waiting call, for the loop-callback refusal ("Queue.get()")
     * @param interrupted the message when a plain thread's wait is interrupted
     * @throws IllegalStateException if called from a loop callback, which must not block
     */
    public static Waiter forCaller(String what, String interrupted) {
        Task<?> task = Task.current();
        if (task != null) return new OfTask(task);
        SelectorLoop.refuseBlockingOnLoopThread(what);
        return new OfThread(Thread.currentThread(), interrupted);
    }

    private Waiter() {}

    /** Wakes the waiter unless it is already woken or cancelled; whether it did. Any thread. */
    public abstract boolean wake();

    /** Whether {@link #wake()} succeeded (even if the caller was cancelled afterwards). */
    public abstract boolean isWoken();

    /** Whether the wait was cancelled (or abandoned) before the waiter was woken. */
    public abstract boolean isCancelled();

    /**
     * Waits until woken. A suspension point; only the caller that created the waiter calls it.
     *
     * @throws CancelledError if the caller is cancelled (a task) or interrupted (a thread, whose
     *                        interrupt stays set), also after it was woken: the caller then
     *                        checks {@link #isWoken()} and gives back what it was granted
     */
    public abstract void await();

    /**
     * Gives up waiting: a waiter not yet woken becomes cancelled, so later {@link #wake()} calls
     * fail. Returns {@link #isWoken()}: whether the caller holds a wake-up it must pass on.
     */
    public final boolean abandon() {
        cancel();
        return isWoken();
    }

    abstract void cancel();

    /** A task's waiter: a future of the task's loop. */
    static final class OfTask extends Waiter {
        private final Future<Void> future;

        OfTask(Task<?> task) {
            future = new Future<>(task.getLoop());
        }

        @Override
        public boolean wake() {
            return FutureAccess.get().trySetResult(future, null);
        }

        @Override
        public boolean isWoken() {
            return future.isDone() && !future.isCancelled();
        }

        @Override
        public boolean isCancelled() {
            return future.isCancelled();
        }

        @Override
        public void await() {
            future.await();
        }

        @Override
        void cancel() {
            future.cancel();
        }
    }

    /** A plain thread's waiter: the thread parks until woken or interrupted. */
    static final class OfThread extends Waiter {
        private static final int PENDING = 0;
        private static final int WOKEN = 1;
        private static final int CANCELLED = 2;

        private final Thread thread;
        private final String interrupted;
        /** PENDING, then WOKEN or CANCELLED once; changed by CAS. */
        private final AtomicInteger state = new AtomicInteger(PENDING);

        OfThread(Thread thread, String interrupted) {
            this.thread = thread;
            this.interrupted = interrupted;
        }

        @Override
        public boolean wake() {
            if (!state.compareAndSet(PENDING, WOKEN)) return false;
            LockSupport.unpark(thread);
            return true;
        }

        @Override
        public boolean isWoken() {
            return state.get() == WOKEN;
        }

        @Override
        public boolean isCancelled() {
            return state.get() == CANCELLED;
        }

        @Override
        public void await() {
            while (state.get() == PENDING) {
                LockSupport.park(this);
                if (Thread.interrupted()) {
                    // Like Future.await in a plain thread: the interrupt ends the wait, and stays set.
                    cancel();
                    thread.interrupt();
                    throw new CancelledError(interrupted);
                }
            }
        }

        @Override
        void cancel() {
            state.compareAndSet(PENDING, CANCELLED);
        }
    }
}
