package jasyncio.net;

/** The connection was aborted on this side ({@code ConnectionAbortedError}, ECONNABORTED). */
public class ConnectionAbortedError extends ConnectionError {
    private static final long serialVersionUID = 1L;

    /** An error with {@code message}. */
    public ConnectionAbortedError(String message) {
        super(message);
    }

    /** An error with {@code message}, caused by {@code cause}. */
    public ConnectionAbortedError(String message, Throwable cause) {
        super(message, cause);
    }
}
