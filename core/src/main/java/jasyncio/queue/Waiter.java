package jasyncio.queue;

import jasyncio.Task;
import jasyncio.internal.SelectorLoop;

/**
 * One caller parked in {@link Queue#get}, {@link Queue#put} or {@link Queue#join}: asyncio's
 * waiter future. It is woken at most once; a waiter that gave up (cancelled, interrupted) can no
 * longer be woken, so a wake-up is never spent on it.
 */
sealed interface Waiter permits TaskWaiter, ThreadWaiter {

    /**
     * A waiter for the calling task, or for the calling plain thread.
     *
     * @throws IllegalStateException from a loop callback, which must not block its loop
     */
    static Waiter forCaller(String operation) {
        Task<?> task = Task.current();
        if (task != null) return new TaskWaiter(task.getLoop());
        SelectorLoop.refuseBlockingOnLoopThread(operation);
        return new ThreadWaiter(Thread.currentThread());
    }

    /** Wakes the waiter unless it gave up; whether it did. Any thread. */
    boolean wake();

    /**
     * Parks the caller until woken; only the thread that created the waiter calls it.
     *
     * @throws jasyncio.CancelledError if the task was cancelled or the thread interrupted
     */
    void park();

    /**
     * Gives up waiting, so later {@link #wake()} calls fail; returns whether it had been woken
     * already (then the caller holds a wake-up it must pass on).
     */
    boolean abandon();
}
