package jasyncio;

import java.util.concurrent.CompletionException;

/**
 * A deadline around a block of code ({@code async with asyncio.timeout(delay) as cm}): when the
 * deadline passes, the task running the block is cancelled, and the cancellation leaving the
 * block becomes a {@link TimeoutError}.
 *
 * <pre>
 *  CREATED ──run──▶ ENTERED ──deadline──▶ EXPIRING ──block exits──▶ EXPIRED
 *                      └──────────block exits──────────────────────▶ EXITED
 * </pre>
 *
 * <p>Nesting works both ways: an outer timeout expiring inside an inner one surfaces from the
 * outer one only, because each timeout converts the cancellation only when no other cancel
 * request is pending ({@link Task#uncancel()} counts them). A deadline is an absolute loop time
 * ({@link EventLoop#time()}); {@link Double#POSITIVE_INFINITY} means none. Use it from the task
 * that runs it; not thread-safe.
 */
public final class Timeout {
    /** The states, named as asyncio's {@code repr} and error messages name them. */
    private enum State {
        CREATED("created"), ENTERED("active"), EXPIRING("expiring"), EXPIRED("expired"), EXITED("finished");

        final String label;

        State(String label) {
            this.label = label;
        }
    }

    private double when;
    private State state = State.CREATED;
    private Handle handle;
    private Task<?> task;
    private int cancellingAtEnter;

    private Timeout(double when) {
        this.when = when;
    }

    /** A timeout expiring {@code delay} seconds from now on the running loop. */
    public static Timeout after(double delay) {
        if (Double.isNaN(delay)) throw new IllegalArgumentException("timeout delay is NaN");
        if (delay == Double.POSITIVE_INFINITY) return new Timeout(delay);
        return new Timeout(Asyncio.getRunningLoop().time() + delay);
    }

    /** A timeout expiring at loop time {@code when}. */
    public static Timeout at(double when) {
        if (Double.isNaN(when)) throw new IllegalArgumentException("timeout deadline is NaN");
        return new Timeout(when);
    }

    /** The deadline in loop time, or {@link Double#POSITIVE_INFINITY} for none. */
    public double when() {
        return when;
    }

    /** Whether the deadline passed while the block ran. */
    public boolean expired() {
        return state == State.EXPIRING || state == State.EXPIRED;
    }

    /**
     * Moves the deadline of a running timeout (a time in the past expires it at once).
     *
     * @throws IllegalStateException if the block is not running
     */
    public void reschedule(double when) {
        if (state != State.ENTERED) {
            if (state == State.CREATED) throw new IllegalStateException("Timeout has not been entered");
            throw new IllegalStateException("Cannot change state of " + state.label + " Timeout");
        }
        this.when = when;
        if (handle != null) {
            handle.cancel();
            handle = null;
        }
        if (when != Double.POSITIVE_INFINITY) {
            EventLoop loop = task.getLoop();
            handle = when <= loop.time() ? loop.callSoon(this::onTimeout) : loop.callAt(when, this::onTimeout);
        }
    }

    /**
     * Runs {@code body} under this deadline and returns its value.
     *
     * @throws TimeoutError     if the deadline passed and the body ended by the cancellation
     * @throws CancelledError   if the task was cancelled for another reason
     * @throws RuntimeException what the body threw (checked ones wrapped in {@link CompletionException})
     * @throws IllegalStateException if not in a task, or if this timeout was already used
     */
    public <T> T run(Coroutine<T> body) {
        enter();
        T value;
        try {
            value = body.call();
        } catch (Throwable e) {
            exit(e);
            throw Asyncio.unchecked(e);
        }
        exit(null);
        return value;
    }

    /** Runs {@code body} under this deadline. */
    public void run(VoidCoroutine body) {
        run(body.asCoroutine());
    }

    private void enter() {
        if (state != State.CREATED) throw new IllegalStateException("Timeout has already been entered");
        task = Task.current();
        if (task == null) throw new IllegalStateException("Timeout should be used inside a task");
        state = State.ENTERED;
        cancellingAtEnter = task.cancelling();
        reschedule(when);
    }

    private void onTimeout() {
        task.cancel();
        state = State.EXPIRING;
        handle = null;
    }

    private void exit(Throwable error) {
        if (handle != null) {
            handle.cancel();
            handle = null;
        }
        if (state == State.EXPIRING) {
            state = State.EXPIRED;
            if (task.uncancel() <= cancellingAtEnter && error != null && Task.isCancellation(error)) {
                throw new TimeoutError(null, error);
            }
        } else if (state == State.ENTERED) {
            state = State.EXITED;
        }
    }

    @Override
    public String toString() {
        if (state != State.ENTERED) return "<Timeout [" + state.label + "]>";
        return "<Timeout [active] when=" + when + ">";
    }
}
