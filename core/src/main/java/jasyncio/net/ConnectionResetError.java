package jasyncio.net;

/** The peer reset the connection, or it was lost while in use ({@code ConnectionResetError}, ECONNRESET). */
public class ConnectionResetError extends ConnectionError {
    private static final long serialVersionUID = 1L;

    /** An error with {@code message}. */
    public ConnectionResetError(String message) {
        super(message);
    }

    /** An error with {@code message}, caused by {@code cause}. */
    public ConnectionResetError(String message, Throwable cause) {
        super(message, cause);
    }
}
