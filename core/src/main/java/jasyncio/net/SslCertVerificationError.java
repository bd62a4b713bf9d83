package jasyncio.net;

import javax.net.ssl.SSLException;

/**
 * The peer's certificate was refused: not signed by a trusted authority, expired, or not
 * valid for the expected host name ({@code ssl.SSLCertVerificationError}). The message says
 * why; for a host name mismatch it names the expected host and the names the certificate has.
 */
public class SslCertVerificationError extends SslError {
    private static final long serialVersionUID = 1L;

    /** A verification failure with {@code message}, caused by the JDK's {@code cause}. */
    public SslCertVerificationError(String message, SSLException cause) {
        super(message, cause);
    }
}
