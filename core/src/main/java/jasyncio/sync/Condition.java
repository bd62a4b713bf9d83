package jasyncio.sync;

import java.util.ArrayDeque;
import java.util.Objects;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;

import jasyncio.CancelledError;
import jasyncio.Task;
import jasyncio.internal.Waiter;

/**
 * A condition variable for tasks ({@code asyncio.Condition}): callers holding its {@link Lock}
 * wait in {@link #await()} until another caller {@linkplain #signal() signals} them.
 *
 * <pre>{@code
 * try (var _ = cond.acquire()) {        // async with cond:
 *     cond.waitFor(() -> !items.isEmpty());
 *     ...
 * }
 * }</pre>
 *
 * <p>{@link #await()} (asyncio's {@code wait()}) releases the lock, suspends until signalled,
 * and re-acquires the lock before it returns or throws, on every path, including cancellation.
 * It is a cancellation point; if the caller is cancelled after being signalled, the signal is
 * passed on to the next waiter (a spurious wake-up, which the condition-variable protocol
 * allows: re-check the state, or use {@link #waitFor}). Waiters are signalled in FIFO order.
 * {@link #signal(int)}/{@link #signalAll()} are asyncio's {@code notify(n)}/{@code notify_all()}
 * ({@link Object} owns those names); they never suspend.
 *
 * <p>As in asyncio, "holding the lock" means the lock is locked, by anyone: the lock is not
 * owner-bound. Several conditions may share one lock. Thread-safe.
 */
public final class Condition {
    private final Lock lock;
    private final ReentrantLock guard = new ReentrantLock();
    /** Callers in await(), oldest first; each removes itself when it resumes. Guarded. */
    private final ArrayDeque<Waiter> waiters = new ArrayDeque<>();

    /** A condition with a new lock of its own. */
    public Condition() {
        this(new Lock());
    }

    /** A condition on {@code lock}, which other conditions and callers may share. */
    public Condition(Lock lock) {
        this.lock = Objects.requireNonNull(lock, "Condition(lock): the lock is null");
    }

    /** The underlying lock. */
    public Lock lock() {
        return lock;
    }

    /** Whether the underlying lock is held. */
    public boolean locked() {
        return lock.locked();
    }

    /** Acquires the underlying lock: {@link Lock#acquire()}. A suspension point. */
    public Held acquire() {
        return lock.acquire();
    }

    /** Releases the underlying lock: {@link Lock#release()}. */
    public void release() {
        lock.release();
    }

    /**
     * Releases the lock, waits until signalled, and re-acquires the lock. A suspension point; the
     * lock is held again when this returns or throws.
     *
     * @throws IllegalStateException "cannot wait on un-acquired lock" if the lock is not held, or
     *                               if it would have to wait in a loop callback
     * @throws CancelledError        if the caller is cancelled (the lock is re-acquired first)
     */
    public void await() {
        if (!lock.locked()) throw new IllegalStateException("cannot wait on un-acquired lock");
        Waiter w = Waiter.forCaller("Condition.await()");
        // In line before the lock is released: a signal sent as soon as the lock is free reaches us.
        guard.lock();
        try {
            waiters.addLast(w);
        } finally {
            guard.unlock();
        }
        try {
            lock.release();
        } catch (RuntimeException e) { // released by someone else meanwhile
            forget(w);
            throw e;
        }
        Throwable failure = null;
        try {
            w.await();
        } catch (Throwable e) {
            failure = e;
        } finally {
            forget(w);
        }
        CancelledError cancelledWhileReacquiring = reacquire();
        if (cancelledWhileReacquiring != null) failure = cancelledWhileReacquiring;
        if (failure != null) {
            // We may have been signalled before the failure: let someone else have the signal.
            wake(1);
            if (failure instanceof RuntimeException e) throw e;
            throw (Error) failure; // await() throws nothing checked
        }
    }

    /**
     * Waits until {@code predicate} is true ({@code wait_for}): checks it, and while it is false,
     * {@link #await()}s and checks again. Returns at once, even without the lock, if it is true
     * from the start. A suspension point.
     *
     * @throws IllegalStateException if the predicate is false and the lock is not held
     * @throws CancelledError        if the caller is cancelled (the lock is re-acquired first)
     */
    public void waitFor(BooleanSupplier predicate) {
        while (!predicate.getAsBoolean()) await();
    }

    /** Wakes one waiter ({@code notify()}); see {@link #signal(int)}. */
    public void signal() {
        signal(1);
    }

    /**
     * Wakes up to {@code n} waiters, oldest first ({@code notify(n)}). A woken waiter returns from
     * {@link #await()} only once it re-acquires the lock, so the caller should release it.
     *
     * @throws IllegalStateException "cannot notify on un-acquired lock" if the lock is not held
     */
    public void signal(int n) {
        if (!lock.locked()) throw new IllegalStateException("cannot notify on un-acquired lock");
        wake(n);
    }

    /** Wakes every waiter ({@code notify_all()}); see {@link #signal(int)}. */
    public void signalAll() {
        signal(Integer.MAX_VALUE);
    }

    private void wake(int n) {
        guard.lock();
        try {
            int woken = 0;
            for (Waiter w : waiters) {
                if (woken >= n) break;
                if (w.wake()) woken++;
            }
        } finally {
            guard.unlock();
        }
    }

    private void forget(Waiter w) {
        guard.lock();
        try {
            waiters.remove(w);
        } finally {
            guard.unlock();
        }
    }

    /**
     * Takes the lock back, however often the caller is cancelled meanwhile; returns the last
     * such cancellation, or null.
     */
    private CancelledError reacquire() {
        CancelledError last = null;
        // A plain thread's interrupt stays set (a task's cancel is consumed when delivered) and
        // would end each attempt at once, sending the thread to the back of the line: hold it
        // back until the lock is ours.
        boolean plainThread = Task.current() == null;
        boolean interrupted = plainThread && Thread.interrupted();
        while (true) {
            try {
                lock.acquire();
                break;
            } catch (CancelledError e) {
                last = e;
                if (plainThread) interrupted |= Thread.interrupted();
            }
        }
        if (interrupted) Thread.currentThread().interrupt();
        return last;
    }

    /** How many callers are in {@link #await()} (signalled ones that have not resumed included). */
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
        return "<Condition [" + (locked() ? "locked" : "unlocked") + (n > 0 ? ", waiters:" + n : "") + "]>";
    }
}
