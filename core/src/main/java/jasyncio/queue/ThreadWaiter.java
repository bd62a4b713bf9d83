package jasyncio.queue;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.locks.LockSupport;

import jasyncio.CancelledError;

/**
 * A plain thread's waiter (no loop runs it, so it parks instead of awaiting a future). An
 * interrupt ends the wait with {@link CancelledError}, as {@link jasyncio.Future#await()} does in
 * a plain thread, and leaves the interrupt flag set.
 */
final class ThreadWaiter implements Waiter {
    private static final int WAITING = 0;
    private static final int WOKEN = 1;
    private static final int ABANDONED = 2;
    private static final VarHandle STATE;

    static {
        try {
            STATE = MethodHandles.lookup().findVarHandle(ThreadWaiter.class, "state", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final Thread thread;
    /** WAITING, then WOKEN or ABANDONED once (by CAS). */
    private volatile int state;

    ThreadWaiter(Thread thread) {
        this.thread = thread;
    }

    @Override
    public boolean wake() {
        if (!STATE.compareAndSet(this, WAITING, WOKEN)) return false;
        LockSupport.unpark(thread);
        return true;
    }

    @Override
    public void park() {
        while (state == WAITING) {
            LockSupport.park(this);
            if (Thread.interrupted()) {
                thread.interrupt();
                throw new CancelledError("the thread waiting on the queue was interrupted");
            }
        }
    }

    @Override
    public boolean abandon() {
        return !STATE.compareAndSet(this, WAITING, ABANDONED) && state == WOKEN;
    }
}
