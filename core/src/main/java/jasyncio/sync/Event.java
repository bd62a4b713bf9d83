package jasyncio.sync;

import java.util.ArrayDeque;
import java.util.concurrent.locks.ReentrantLock;

import jasyncio.CancelledError;
import jasyncio.internal.Waiter;

/**
 * A flag that tasks can wait for ({@code asyncio.Event}): {@link #set()} wakes every waiter,
 * {@link #clear()} makes later callers of {@link #await()} wait again.
 *
 * <p>{@link #await()} ({@code wait()} in asyncio, a name {@link Object} owns) returns at once if
 * the flag is set, else suspends until {@link #set()}; it is a cancellation point, and waiters
 * are woken in the order they started waiting. A waiter woken by {@code set()} returns even if
 * the flag is cleared again before it resumes. Thread-safe; {@code set()} and {@code clear()}
 * never suspend and may be called from any task, thread or loop callback.
 */
public final class Event {
    private final ReentrantLock guard = new ReentrantLock();
    /** Callers in await(), oldest first; each removes itself when it resumes. Guarded. */
    private final ArrayDeque<Waiter> waiters = new ArrayDeque<>();
    /** The flag. Written under the guard. */
    private volatile boolean value;

    /** An event whose flag is not set. */
    public Event() {}

    /** Whether the flag is set ({@code is_set()}). */
    public boolean isSet() {
        return value;
    }

    /** Sets the flag and wakes every waiter, oldest first; no-op if it is already set. */
    public void set() {
        guard.lock();
        try {
            if (value) return;
            value = true;
            for (Waiter w : waiters) w.wake();
        } finally {
            guard.unlock();
        }
    }

    /** Clears the flag: later callers of {@link #await()} wait for the next {@link #set()}. */
    public void clear() {
        guard.lock();
        try {
            value = false;
        } finally {
            guard.unlock();
        }
    }

    /**
     * Waits until the flag is set ({@code await event.wait()}). A suspension point.
     *
     * @throws CancelledError        if the caller is cancelled while waiting
     * @throws IllegalStateException if it would have to wait in a loop callback
     */
    public void await() {
        Waiter w;
        guard.lock();
        try {
            if (value) return;
            w = Waiter.forCaller("Event.await()");
            waiters.addLast(w);
        } finally {
            guard.unlock();
        }
        try {
            w.await();
        } finally {
            guard.lock();
            try {
                waiters.remove(w);
            } finally {
                guard.unlock();
            }
        }
    }

    /** How many callers are in {@link #await()} (woken ones that have not resumed included). */
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
        return "<Event [" + (value ? "set" : "unset") + (n > 0 ? ", waiters:" + n : "") + "]>";
    }
}
