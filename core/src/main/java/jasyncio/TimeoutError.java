package jasyncio;

/**
 * An operation's time limit ran out: raised by {@link Asyncio#waitFor}, {@link Asyncio#timeout}
 * and {@link Asyncio#asCompleted} when their deadline passes ({@code TimeoutError} in Python).
 * When it replaces a cancellation, the {@link CancelledError} is its cause.
 */
public class TimeoutError extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** A timeout without a message. */
    public TimeoutError() {
        super();
    }

    /** A timeout with a message. */
    public TimeoutError(String message) {
        super(message);
    }

    /** A timeout caused by {@code cause} (usually the cancellation it replaces). */
    public TimeoutError(String message, Throwable cause) {
        super(message, cause);
    }
}
