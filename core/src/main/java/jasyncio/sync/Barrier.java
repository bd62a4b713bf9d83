package jasyncio.sync;

import java.util.ArrayDeque;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;

import jasyncio.CancelledError;
import jasyncio.internal.Waiter;

/**
 * A meeting point for a fixed number of parties ({@code asyncio.Barrier}): callers of
 * {@link #await()} wait until {@link #parties()} of them have arrived, then all pass together,
 * and the barrier can be used again.
 *
 * <pre>
 *             last party arrives                  last party leaves
 *  FILLING ───────────────────────▶ DRAINING ───────────────────────▶ FILLING
 *     │  reset() with parties inside             reset() with nobody inside
 *     ├──────────────────────────▶ RESETTING ────last party leaves────▶ FILLING
 *     │  abort()
 *     └──────────────────────────▶ BROKEN ───reset()───▶ RESETTING / FILLING
 * </pre>
 *
 * <p>{@link #await()} ({@code wait()} in asyncio) is a suspension point and a cancellation
 * point. Callers arriving while the previous round drains or resets wait until it has; a caller
 * cancelled while filling leaves the barrier (it no longer counts). {@link #reset()} and
 * {@link #abort()} never suspend (asyncio's are coroutines only to take the condition's lock);
 * waiting parties then get {@link BrokenBarrierError}. Thread-safe.
 */
public final class Barrier {
    private enum State {
        FILLING, DRAINING, RESETTING, BROKEN;

        String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    private final int parties;
    private final ReentrantLock guard = new ReentrantLock();
    /** Callers waiting for a state change, oldest first; every change wakes them all. Guarded. */
    private final ArrayDeque<Waiter> waiters = new ArrayDeque<>();
    /** Guarded. */
    private State state = State.FILLING;
    /** Parties inside the barrier: arrived this round and not yet left. Guarded. */
    private int count;

    /**
     * A barrier for {@code parties} callers.
     *
     * @throws IllegalArgumentException if {@code parties} is less than 1
     */
    public Barrier(int parties) {
        if (parties < 1) throw new IllegalArgumentException("parties must be >= 1");
        this.parties = parties;
    }

    /**
     * Waits until {@link #parties()} callers are waiting, then returns with all of them. A
     * suspension point.
     *
     * @return this caller's arrival index in its round: 0 for the first, {@code parties - 1}
     *         for the one that released the others
     * @throws BrokenBarrierError    "Barrier aborted" if the barrier is broken on arrival;
     *                               "Abort or reset of barrier" if it is aborted or reset while
     *                               the caller waits
     * @throws CancelledError        if the caller is cancelled while waiting
     * @throws IllegalStateException if it would have to wait in a loop callback
     */
    public int await() {
        guard.lock();
        try {
            waitUntil(() -> state != State.DRAINING && state != State.RESETTING);
            if (state == State.BROKEN) throw new BrokenBarrierError("Barrier aborted");
            int index = count++;
            try {
                if (index + 1 == parties) {
                    state = State.DRAINING;
                    wakeAll();
                } else {
                    waitUntil(() -> state != State.FILLING);
                    if (state == State.BROKEN || state == State.RESETTING) {
                        throw new BrokenBarrierError("Abort or reset of barrier");
                    }
                }
                return index;
            } finally {
                count--;
                if (count == 0) {
                    // The last one out ends the draining or resetting and lets newcomers in.
                    if (state == State.RESETTING || state == State.DRAINING) state = State.FILLING;
                    wakeAll();
                }
            }
        } finally {
            guard.unlock();
        }
    }

    /**
     * Returns the barrier to its empty filling state; parties waiting in it get
     * {@link BrokenBarrierError}, and newcomers wait until they have left. Never suspends.
     */
    public void reset() {
        guard.lock();
        try {
            state = count > 0 ? State.RESETTING : State.FILLING;
            wakeAll();
        } finally {
            guard.unlock();
        }
    }

    /**
     * Breaks the barrier: waiting parties and every later caller get {@link BrokenBarrierError}
     * until {@link #reset()}. Never suspends.
     */
    public void abort() {
        guard.lock();
        try {
            state = State.BROKEN;
            wakeAll();
        } finally {
            guard.unlock();
        }
    }

    /** The number of parties needed to pass. */
    public int parties() {
        return parties;
    }

    /** How many parties wait for the barrier to fill ({@code n_waiting}); 0 unless filling. */
    public int nWaiting() {
        guard.lock();
        try {
            return state == State.FILLING ? count : 0;
        } finally {
            guard.unlock();
        }
    }

    /** Whether the barrier is broken ({@link #abort()} and no {@link #reset()} since). */
    public boolean isBroken() {
        guard.lock();
        try {
            return state == State.BROKEN;
        } finally {
            guard.unlock();
        }
    }

    /** Parties inside the barrier in any state (asyncio's {@code _count}), for tests. */
    int count() {
        guard.lock();
        try {
            return count;
        } finally {
            guard.unlock();
        }
    }

    /** Waits, the guard released meanwhile, until {@code ready} holds. Called and returns with the guard held. */
    private void waitUntil(BooleanSupplier ready) {
        while (!ready.getAsBoolean()) {
            Waiter w = Waiter.forCaller("Barrier.await()");
            waiters.addLast(w);
            guard.unlock();
            try {
                w.await();
            } finally {
                guard.lock();
                waiters.remove(w);
            }
        }
    }

    private void wakeAll() {
        for (Waiter w : waiters) w.wake();
    }

    @Override
    public String toString() {
        guard.lock();
        try {
            String extra = state.label();
            if (state != State.BROKEN) extra += ", waiters:" + (state == State.FILLING ? count : 0) + "/" + parties;
            return "<Barrier [" + extra + "]>";
        } finally {
            guard.unlock();
        }
    }
}
