package jasyncio.net;

/**
 * A connection failed or broke ({@code ConnectionError} in Python, an {@code OSError} there).
 * Unchecked, like every jasyncio error; the subclasses say how: {@link ConnectionResetError},
 * {@link BrokenPipeError}, {@link ConnectionRefusedError}, {@link ConnectionAbortedError}.
 * When the error comes from a JDK channel, the {@link java.io.IOException} is its cause.
 */
public class ConnectionError extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** A connection error with {@code message}. */
    public ConnectionError(String message) {
        super(message);
    }

    /** A connection error with {@code message}, caused by {@code cause}. */
    public ConnectionError(String message, Throwable cause) {
        super(message, cause);
    }
}
