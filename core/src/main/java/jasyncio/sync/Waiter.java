package jasyncio.sync;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

import jasyncio.CancelledError;
import jasyncio.Future;
import jasyncio.Task;
import jasyncio.internal.FutureAccess;
import jasyncio.internal.SelectorLoop;

/**
 * One caller suspended in a primitive: asyncio's waiter future. For a task it is a jasyncio
 * {@link Future} on the task's loop, so the task suspends on it and cancelling the task cancels
 * it; for a plain thread it is a parked thread, woken by unpark and cancelled by an interrupt.
 *
 * <pre>
 *  PENDING ──wake()──────────────────────▶ WOKEN      (await() returns, or throws
 *     │                                                 CancelledError if cancelled later)
 *     └──task cancelled / thread interrupted──▶ CANCELLED (await() throws CancelledError)
 * </pre>
 *
 * <p>The primitives call {@link #wake()} only while holding their guard, so under the guard a
 * waiter that is not woken stays so; cancellation may happen at any moment from any thread.
 */
abstract sealed class Waiter permits Waiter.OfTask, Waiter.OfThread {

    /**
     * A waiter for the calling task or thread.
     *
     * @param what the waiting call, for error messages ("Lock.acquire()")
     * @throws IllegalStateException if called from a loop callback, which must not block
     */
    static Waiter forCaller(String what) {
        Task<?> task = Task.current();
        if (task != null) return new OfTask(task);
        SelectorLoop.refuseBlockingOnLoopThread(what);
        return new OfThread(Thread.currentThread(), what);
    }

    /** Wakes the waiter unless it is already woken or cancelled; whether it did. */
    abstract boolean wake();

    /** Whether {@link #wake()} succeeded (even if the caller was cancelled afterwards). */
    abstract boolean isWoken();

    /** Whether the wait was cancelled before the waiter was woken. */
    abstract boolean isCancelled();

    /**
     * Waits until woken. A suspension point.
     *
     * @throws CancelledError if the caller is cancelled (a task) or interrupted (a thread), also
     *                        after it was woken: the caller then checks {@link #isWoken()} and
     *                        gives back what it was granted
     */
    abstract void await();

    /** A task's waiter: a future of the task's loop. */
    static final class OfTask extends Waiter {
        private final Future<Void> future;

        OfTask(Task<?> task) {
            future = new Future<>(task.getLoop());
        }

        @Override
        boolean wake() {
            return FutureAccess.get().trySetResult(future, null);
        }

        @Override
        boolean isWoken() {
            return future.isDone() && !future.isCancelled();
        }

        @Override
        boolean isCancelled() {
            return future.isCancelled();
        }

        @Override
        void await() {
            future.await();
        }
    }

    /** A plain thread's waiter: the thread parks until woken or interrupted. */
    static final class OfThread extends Waiter {
        private static final int PENDING = 0;
        private static final int WOKEN = 1;
        private static final int CANCELLED = 2;

        private final Thread thread;
        private final String what;
        /** PENDING, then WOKEN or CANCELLED once; changed by CAS. */
        private final AtomicInteger state = new AtomicInteger(PENDING);

        OfThread(Thread thread, String what) {
            this.thread = thread;
            this.what = what;
        }

        @Override
        boolean wake() {
            if (!state.compareAndSet(PENDING, WOKEN)) return false;
            LockSupport.unpark(thread);
            return true;
        }

        @Override
        boolean isWoken() {
            return state.get() == WOKEN;
        }

        @Override
        boolean isCancelled() {
            return state.get() == CANCELLED;
        }

        @Override
        void await() {
            while (state.get() == PENDING) {
                LockSupport.park(this);
                if (Thread.interrupted()) {
                    // Like Future.await in a plain thread: the interrupt ends the wait, and stays set.
                    state.compareAndSet(PENDING, CANCELLED);
                    thread.interrupt();
                    throw new CancelledError("the thread waiting in " + what + " was interrupted");
                }
            }
        }
    }
}
