package jasyncio.net;

/** Nobody accepts connections at that address ({@code ConnectionRefusedError}, ECONNREFUSED). */
public class ConnectionRefusedError extends ConnectionError {
    private static final long serialVersionUID = 1L;

    /** An error with {@code message}. */
    public ConnectionRefusedError(String message) {
        super(message);
    }

    /** An error with {@code message}, caused by {@code cause}. */
    public ConnectionRefusedError(String message, Throwable cause) {
        super(message, cause);
    }
}
