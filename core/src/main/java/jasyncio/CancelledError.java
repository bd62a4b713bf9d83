package jasyncio;

import java.util.concurrent.CancellationException;

/**
 * Thrown at a suspension point of a task that was cancelled, and by {@link Future#result()} of a
 * cancelled future: {@code asyncio.CancelledError}.
 *
 * <p>It is a {@link CancellationException}, so {@code catch (Exception e)} also catches it. Code
 * that catches it must rethrow it unless it really means to refuse the cancellation (then call
 * {@link Task#uncancel()}); debug mode reports a task that was asked to cancel and finished
 * normally.
 */
public class CancelledError extends CancellationException {
    private static final long serialVersionUID = 1L;

    /** A cancellation without a message. */
    public CancelledError() {
        super();
    }

    /** A cancellation with the message given to {@code cancel(msg)}; null means none. */
    public CancelledError(String message) {
        super(message);
    }

    /** A cancellation with a message and the exception that caused it. */
    public CancelledError(String message, Throwable cause) {
        super(message);
        initCause(cause);
    }
}
