package jasyncio.testing;

import java.time.Duration;

import jasyncio.EventLoop;
import jasyncio.internal.SelectorLoop;
import jasyncio.internal.VirtualClock;

/**
 * A virtual clock for event loops under test: loop time stands still while callbacks and tasks
 * run, and jumps straight to the next timer as soon as every task waits, so a test of a one-hour
 * timeout takes microseconds and every run sees the same times (Trio's autojumping
 * {@code MockClock}).
 *
 * <p>Only the loop's own timers follow it ({@code sleep}, {@code callLater}, {@code waitFor},
 * {@code timeout}). Time does not jump while a {@code runInExecutor}/{@code toThread} job is in
 * flight; JDK timed waits inside a task ({@code Thread.sleep}, {@code poll(timeout)}) keep real
 * time and do not hold the jump back. {@link #advance} moves time by hand, for code that reads
 * {@link EventLoop#time()} between timers.
 *
 * <p>Every loop made by {@link #newEventLoop()} shares this clock, and each one jumps it when it
 * is idle itself: give each loop its own clock unless the test wants the loops to share time.
 * Thread-safe.
 *
 * <pre>{@code
 * TestClock clock = new TestClock();
 * try (EventLoop loop = clock.newEventLoop()) {
 *     loop.runUntilComplete(() -> sleep(3600));   // returns at once
 *     assert clock.time() == 3600.0;
 * }
 * }</pre>
 */
public final class TestClock {
    private final VirtualClock clock = new VirtualClock();

    /** A clock at time 0. */
    public TestClock() {}

    /** A new event loop on this clock; the caller closes it. */
    public EventLoop newEventLoop() {
        return new SelectorLoop(clock);
    }

    /** Now, in seconds: what {@link EventLoop#time()} of this clock's loops returns. */
    public double time() {
        return clock.nanoTime() / 1e9;
    }

    /**
     * Moves time forward by {@code seconds}. A loop sees the new time at once; timers that became
     * due fire on its next iteration (a running task lets them fire with {@code sleep(0)}).
     *
     * @throws IllegalArgumentException if {@code seconds} is negative or NaN
     */
    public void advance(double seconds) {
        if (!(seconds >= 0)) throw new IllegalArgumentException("time cannot go back: advance(" + seconds + ")");
        clock.advance(seconds >= 9.2e9 ? Long.MAX_VALUE / 2 : (long) (seconds * 1e9));
    }

    /**
     * Moves time forward by {@code amount}; see {@link #advance(double)}.
     *
     * @throws IllegalArgumentException if {@code amount} is negative
     */
    public void advance(Duration amount) {
        if (amount.isNegative()) throw new IllegalArgumentException("time cannot go back: advance(" + amount + ")");
        clock.advance(amount.toNanos());
    }

    @Override
    public String toString() {
        return "TestClock[" + time() + "s]";
    }
}
