package jasyncio.internal;

/**
 * A clock that jumps: when its loop has nothing to run and no executor job is in flight, time
 * advances straight to the next timer (Trio's autojump {@code MockClock} with threshold 0).
 * Timeout tests become instant and deterministic.
 *
 * <p>Only the loop's own timers follow it ({@code sleep}, {@code callLater}, timeouts). JDK
 * timed waits inside tasks ({@code Thread.sleep}, {@code poll(timeout)}) keep real time, and a
 * task blocked in one does not stop the jump. Thread-safe.
 */
public final class VirtualClock implements Clock {
    private volatile long now;

    /** A clock starting at time 0. */
    public VirtualClock() {}

    @Override
    public long nanoTime() {
        return now;
    }

    @Override
    public long sleepNanos(long deadline, boolean quiescent) {
        if (deadline == NO_DEADLINE || !quiescent) return Long.MAX_VALUE;
        synchronized (this) {
            if (deadline > now) now = deadline;
        }
        return 0;
    }

    /** Moves time forward by {@code nanos} (a loop waiting on a timer sees it on its next iteration). */
    public void advance(long nanos) {
        if (nanos < 0) throw new IllegalArgumentException("time cannot go back: advance(" + nanos + ")");
        synchronized (this) {
            now += nanos;
        }
    }

    @Override
    public String toString() {
        return "VirtualClock[" + now / 1e9 + "s]";
    }
}
