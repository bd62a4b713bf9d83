package jasyncio.net;

/** A write went to a connection whose other end is closed ({@code BrokenPipeError}, EPIPE). */
public class BrokenPipeError extends ConnectionError {
    private static final long serialVersionUID = 1L;

    /** An error with {@code message}. */
    public BrokenPipeError(String message) {
        super(message);
    }

    /** An error with {@code message}, caused by {@code cause}. */
    public BrokenPipeError(String message, Throwable cause) {
        super(message, cause);
    }
}
