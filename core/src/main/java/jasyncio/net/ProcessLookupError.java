package jasyncio.net;

/**
 * The process is gone ({@code ProcessLookupError} in Python): a signal was sent through a
 * subprocess transport that has already finished. Unchecked, like every jasyncio error.
 */
public class ProcessLookupError extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** An error with {@code message}. */
    public ProcessLookupError(String message) {
        super(message);
    }
}
