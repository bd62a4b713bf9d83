package jasyncio.sync;

import java.util.ArrayDeque;
import java.util.concurrent.locks.ReentrantLock;

import jasyncio.CancelledError;
import jasyncio.internal.Waiter;

/**
 * A counter of permits for tasks ({@code asyncio.Semaphore}): {@link #acquire()} takes one,
 * waiting while none is free, {@link #release()} gives one back.
 *
 * <pre>{@code
 * try (var _ = sem.acquire()) {       // async with sem:
 *     ...
 * }
 * }</pre>
 *
 * <p>Fair, as asyncio's is since 3.11.1: a caller waits while anyone is in line, even if a
 * permit is free, and waiters get permits in FIFO order. {@link #acquire()} is a cancellation
 * point: a cancelled waiter takes no permit, and one it was granted just before the cancel goes
 * to the next waiter. {@link #release()} never suspends, may be called by anyone, and (unlike
 * {@link BoundedSemaphore}) may raise the value above the initial one. Thread-safe.
 */
public sealed class Semaphore permits BoundedSemaphore {
    private final ReentrantLock guard = new ReentrantLock();
    /** Callers in acquire(), oldest first; each removes itself when it resumes. Guarded. */
    private final ArrayDeque<Waiter> waiters = new ArrayDeque<>();
    /** Free permits; a permit granted to a woken waiter is already taken off. Guarded. */
    private int value;
    /** The most value may reach, or -1 for no bound. */
    private final int bound;
    private final Held held = this::release;

    /** A semaphore with one permit. */
    public Semaphore() {
        this(1);
    }

    /**
     * A semaphore with {@code value} permits.
     *
     * @throws IllegalArgumentException if {@code value} is negative
     */
    public Semaphore(int value) {
        this(value, -1);
    }

    Semaphore(int value, int bound) {
        if (value < 0) throw new IllegalArgumentException("Semaphore initial value must be >= 0");
        this.value = value;
        this.bound = bound;
    }

    /**
     * Whether {@link #acquire()} would wait: no permit is free, or someone (not cancelled) is in
     * line before the caller.
     */
    public boolean locked() {
        guard.lock();
        try {
            return mustWait();
        } finally {
            guard.unlock();
        }
    }

    /** The number of free permits (asyncio's {@code _value}). */
    public int value() {
        guard.lock();
        try {
            return value;
        } finally {
            guard.unlock();
        }
    }

    /**
     * Takes a permit, waiting in line if none is free or others are waiting. A suspension point.
     *
     * @return a handle whose {@code close()} releases the permit
     * @throws CancelledError        if the caller is cancelled while waiting (no permit taken)
     * @throws IllegalStateException if it would have to wait in a loop callback
     */
    public Held acquire() {
        Waiter w;
        guard.lock();
        try {
            if (!mustWait()) {
                value--;
                return held;
            }
            w = Waiter.forCaller(getClass().getSimpleName() + ".acquire()");
            waiters.addLast(w);
        } finally {
            guard.unlock();
        }
        boolean acquired = false;
        try {
            w.await();
            acquired = true;
        } finally {
            guard.lock();
            try {
                waiters.remove(w);
                // Granted a permit (value already taken off) but not taking it: give it back.
                if (!acquired && w.isWoken()) value++;
                // Permits may be free while others wait behind us (FIFO made them queue): wake them.
                while (value > 0 && wakeUpNext()) {
                    // each wake-up takes a permit
                }
            } finally {
                guard.unlock();
            }
        }
        return held;
    }

    /**
     * Gives a permit back and wakes the first waiter. Never suspends.
     *
     * @throws IllegalStateException for a {@link BoundedSemaphore} released more often than
     *                               acquired ("BoundedSemaphore released too many times")
     */
    public void release() {
        guard.lock();
        try {
            if (bound >= 0 && value >= bound) {
                throw new IllegalStateException("BoundedSemaphore released too many times");
            }
            if (value == Integer.MAX_VALUE) throw new IllegalStateException("Semaphore value would overflow");
            value++;
            wakeUpNext();
        } finally {
            guard.unlock();
        }
    }

    private boolean mustWait() {
        if (value == 0) return true;
        for (Waiter w : waiters) {
            if (!w.isCancelled()) return true;
        }
        return false;
    }

    /** Grants a permit to the first waiter not yet woken or cancelled; whether there was one. */
    private boolean wakeUpNext() {
        for (Waiter w : waiters) {
            if (w.wake()) {
                value--;
                return true;
            }
        }
        return false;
    }

    /** How many callers are in {@link #acquire()} (woken ones that have not resumed included). */
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
        guard.lock();
        try {
            int n = waiters.size();
            return "<" + getClass().getSimpleName() + " [" + (mustWait() ? "locked" : "unlocked, value:" + value)
                    + (n > 0 ? ", waiters:" + n : "") + "]>";
        } finally {
            guard.unlock();
        }
    }
}
