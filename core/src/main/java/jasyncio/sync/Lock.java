package jasyncio.sync;

import java.util.ArrayDeque;
import java.util.concurrent.locks.ReentrantLock;

import jasyncio.CancelledError;
import jasyncio.internal.Waiter;

/**
 * A mutual-exclusion lock for tasks ({@code asyncio.Lock}): locked or unlocked, owned by nobody.
 *
 * <pre>{@code
 * try (var _ = lock.acquire()) {      // async with lock:
 *     ...
 * }
 * }</pre>
 *
 * <p>{@link #acquire()} suspends while the lock is taken; waiters get it in FIFO order, and a
 * newcomer never overtakes a waiter that was woken but has not resumed yet. It is a cancellation
 * point: a cancelled waiter acquires nothing, and if it had already been woken, the next waiter
 * is woken in its place. As in asyncio the lock is not reentrant (acquiring it twice from one
 * task waits forever) and not owner-bound (any task or thread may release it);
 * {@link #release()} of an unlocked lock throws.
 *
 * <p>Thread-safe: tasks of any loop and plain threads may share a lock; see the package comment
 * for how each kind of caller waits.
 */
public final class Lock {
    private final ReentrantLock guard = new ReentrantLock();
    /** Callers waiting in acquire(), oldest first; a woken one stays until it resumes. Guarded. */
    private final ArrayDeque<Waiter> waiters = new ArrayDeque<>();
    /** Whether some caller holds the lock. Written under the guard. */
    private volatile boolean locked;
    private final Held held = this::release;

    /** An unlocked lock. */
    public Lock() {}

    /** Whether the lock is held ({@code locked()}). */
    public boolean locked() {
        return locked;
    }

    /**
     * Acquires the lock, waiting in line while it is held. A suspension point.
     *
     * @return a handle whose {@code close()} releases the lock
     * @throws CancelledError        if the caller is cancelled while waiting (nothing acquired)
     * @throws IllegalStateException if it would have to wait in a loop callback
     */
    public Held acquire() {
        Waiter w;
        guard.lock();
        try {
            // Fair: wait behind anyone in line, unless everyone in line has been cancelled.
            if (!locked && allCancelled()) {
                locked = true;
                return held;
            }
            w = Waiter.forCaller("Lock.acquire()");
            waiters.addLast(w);
        } finally {
            guard.unlock();
        }
        try {
            w.await();
        } catch (Throwable e) {
            guard.lock();
            try {
                waiters.remove(w);
                // Woken and then cancelled, or cancelled while the lock was free: the lock must
                // not stay free while someone waits, so the next in line gets its turn.
                if (!locked) wakeUpFirst();
            } finally {
                guard.unlock();
            }
            throw e;
        }
        guard.lock();
        try {
            waiters.remove(w);
            locked = true;
        } finally {
            guard.unlock();
        }
        return held;
    }

    /**
     * Releases the lock and wakes the first waiter. Never suspends; any task or thread may call it.
     *
     * @throws IllegalStateException "Lock is not acquired." if the lock is not held
     */
    public void release() {
        guard.lock();
        try {
            if (!locked) throw new IllegalStateException("Lock is not acquired.");
            locked = false;
            wakeUpFirst();
        } finally {
            guard.unlock();
        }
    }

    /** Wakes the head of the line; if it is already woken or cancelled, it passes the turn on itself. */
    private void wakeUpFirst() {
        Waiter first = waiters.peekFirst();
        if (first != null) first.wake();
    }

    private boolean allCancelled() {
        for (Waiter w : waiters) {
            if (!w.isCancelled()) return false;
        }
        return true;
    }

    /** How many callers are in line (woken ones that have not resumed included). */
    int waiterCount() {
        guard.lock();
        try {
            return waiters.size();
        } finally {
            guard.unlock();
        }
    }

    @Override
    public String toString() {
        int n = waiterCount();
        return "<Lock [" + (locked ? "locked" : "unlocked") + (n > 0 ? ", waiters:" + n : "") + "]>";
    }
}
