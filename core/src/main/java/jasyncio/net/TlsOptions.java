package jasyncio.net;

import java.time.Duration;
import java.util.function.Consumer;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;

/**
 * How a connection speaks TLS: asyncio's {@code ssl=}, {@code server_hostname=},
 * {@code ssl_handshake_timeout=} and {@code ssl_shutdown_timeout=} as one immutable value.
 * Give it to a connection or server through its options, or to {@code loop.startTls}.
 *
 * <p>Secure by default: a client checks the server's certificate chain against the context's
 * trust store <em>and</em> that the certificate names the host it asked for (HTTPS endpoint
 * identification). Turning verification off takes an explicit, visible call:
 * {@link #insecure()} (what the seeds' {@code verify_ssl=False} means).
 *
 * <pre>{@code
 * TlsOptions.client()                               // system trust store, host name checked
 * TlsOptions.of(SslContexts.trusting(myCaStore))    // a private CA, host name checked
 * TlsOptions.of(SslContexts.server(keyStore, pw))   // a server's certificate and key
 * TlsOptions.insecure()                             // no verification at all: tests, pinned peers
 * TlsOptions.client().withServerHostname("api.example.com")
 * }</pre>
 *
 * @param context          the JDK context the connection's {@link javax.net.ssl.SSLEngine} comes
 *                         from; null means {@link SslContexts#system()} (clients only: a server
 *                         needs its certificate and key)
 * @param serverHostname   the name a client expects in the server's certificate and sends as
 *                         SNI; null means the host the connection was opened to
 * @param checkHostname    whether a client checks the certificate against the host name
 *                         (Python's {@code check_hostname}); ignored on the server side
 * @param handshakeTimeout how long the handshake may take before the connection is aborted
 *                         with {@link ConnectionAbortedError} (default 60 s, as asyncio)
 * @param shutdownTimeout  how long closing may wait for the peer's close_notify before the
 *                         connection is aborted with {@link jasyncio.TimeoutError} (default 30 s)
 * @param parameters       a last say over the engine's {@link SSLParameters} (ALPN protocols,
 *                         client authentication, cipher suites), or null
 */
public record TlsOptions(SSLContext context, String serverHostname, boolean checkHostname,
                         Duration handshakeTimeout, Duration shutdownTimeout, Consumer<SSLParameters> parameters) {

    /** asyncio's {@code SSL_HANDSHAKE_TIMEOUT}. */
    public static final Duration DEFAULT_HANDSHAKE_TIMEOUT = Duration.ofSeconds(60);
    /** asyncio's {@code SSL_SHUTDOWN_TIMEOUT}. */
    public static final Duration DEFAULT_SHUTDOWN_TIMEOUT = Duration.ofSeconds(30);

    /**
     * @throws IllegalArgumentException if a timeout is zero or negative
     */
    public TlsOptions {
        if (handshakeTimeout == null) handshakeTimeout = DEFAULT_HANDSHAKE_TIMEOUT;
        if (shutdownTimeout == null) shutdownTimeout = DEFAULT_SHUTDOWN_TIMEOUT;
        if (handshakeTimeout.isNegative() || handshakeTimeout.isZero()) {
            throw new IllegalArgumentException("handshakeTimeout should be a positive duration, got " + handshakeTimeout);
        }
        if (shutdownTimeout.isNegative() || shutdownTimeout.isZero()) {
            throw new IllegalArgumentException("shutdownTimeout should be a positive duration, got " + shutdownTimeout);
        }
    }

    /** A client verifying the server against the JDK's default trust store, host name included ({@code ssl=True}). */
    public static TlsOptions client() {
        return new TlsOptions(null, null, true, null, null, null);
    }

    /**
     * TLS with {@code context}: a server's certificate and key, or a client's trust store (the
     * host name is checked too).
     */
    public static TlsOptions of(SSLContext context) {
        if (context == null) throw new NullPointerException("context");
        return new TlsOptions(context, null, true, null, null, null);
    }

    /**
     * A client that verifies nothing: any certificate is accepted, from any host. The
     * connection is encrypted but not authenticated, so anyone on the path can read and change
     * it; use it for tests and for peers authenticated some other way. This is aiohttp's
     * {@code verify_ssl=False} (Python's {@code CERT_NONE} with {@code check_hostname=False}).
     * Its trust manager accepts every certificate without looking at names, so
     * {@link #withCheckHostname}{@code (true)} cannot make it check one.
     */
    public static TlsOptions insecure() {
        return new TlsOptions(SslContexts.insecure(), null, false, null, null, null);
    }

    /** These options with {@code serverHostname} as the expected name and SNI. */
    public TlsOptions withServerHostname(String serverHostname) {
        return new TlsOptions(context, serverHostname, checkHostname, handshakeTimeout, shutdownTimeout, parameters);
    }

    /**
     * These options with the host name check on or off. Turning it off still checks the
     * certificate chain; see {@link #insecure()} to check nothing.
     */
    public TlsOptions withCheckHostname(boolean on) {
        return new TlsOptions(context, serverHostname, on, handshakeTimeout, shutdownTimeout, parameters);
    }

    /** These options with another handshake timeout. */
    public TlsOptions withHandshakeTimeout(Duration timeout) {
        return new TlsOptions(context, serverHostname, checkHostname, timeout, shutdownTimeout, parameters);
    }

    /** These options with another shutdown timeout. */
    public TlsOptions withShutdownTimeout(Duration timeout) {
        return new TlsOptions(context, serverHostname, checkHostname, handshakeTimeout, timeout, parameters);
    }

    /**
     * These options with {@code parameters} run on each engine's {@link SSLParameters} after
     * the defaults (host name check, SNI) are set, e.g.
     * {@code p -> p.setApplicationProtocols(new String[] {"http/1.1"})} or
     * {@code p -> p.setNeedClientAuth(true)}.
     */
    public TlsOptions withParameters(Consumer<SSLParameters> parameters) {
        return new TlsOptions(context, serverHostname, checkHostname, handshakeTimeout, shutdownTimeout, parameters);
    }
}
