package jasyncio.net;

import java.io.UncheckedIOException;

import javax.net.ssl.SSLException;

/**
 * A TLS failure: the handshake failed, or a record could not be read or written
 * ({@code ssl.SSLError}, an {@code OSError} in Python). Unchecked, like every jasyncio error; an
 * {@link UncheckedIOException} whose cause is the JDK's {@link SSLException}, so a catch of
 * {@code UncheckedIOException} around a connection attempt also sees TLS failures.
 */
public class SslError extends UncheckedIOException {
    private static final long serialVersionUID = 1L;

    /** A TLS error with {@code message}, caused by the JDK's {@code cause}. */
    public SslError(String message, SSLException cause) {
        super(message, cause);
    }

    @Override
    public SSLException getCause() {
        return (SSLException) super.getCause();
    }
}
