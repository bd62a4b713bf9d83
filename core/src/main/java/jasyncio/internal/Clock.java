package jasyncio.internal;

/**
 * The time source of an event loop, and how long the loop really waits for a deadline.
 *
 * <p>The system clock waits in real time. A virtual clock (the test kit's) jumps instead: when
 * the loop has nothing to run and no work outside it is in flight, it advances to the next
 * deadline at once, so a test of a one-hour timeout takes microseconds.
 */
public interface Clock {
    /** Sentinel deadline: nothing is scheduled. */
    long NO_DEADLINE = Long.MAX_VALUE;

    /** Now, in nanoseconds on this clock's monotonic scale. */
    long nanoTime();

    /**
     * How many real nanoseconds the idle loop should block to reach {@code deadline}
     * ({@link #NO_DEADLINE} when no timer is scheduled); {@link Long#MAX_VALUE} means block until
     * woken. {@code quiescent} is true when no work outside the loop (an executor job) is in
     * flight, so nothing but the timers can wake it.
     */
    long sleepNanos(long deadline, boolean quiescent);

    /** The real monotonic clock. */
    Clock SYSTEM = new Clock() {
        @Override
        public long nanoTime() {
            return System.nanoTime();
        }

        @Override
        public long sleepNanos(long deadline, boolean quiescent) {
            if (deadline == NO_DEADLINE) return Long.MAX_VALUE;
            return Math.max(0, deadline - System.nanoTime());
        }

        @Override
        public String toString() {
            return "SystemClock";
        }
    };
}
