package jasyncio.net;

import java.net.InetSocketAddress;
import java.net.ProtocolFamily;
import java.time.Duration;

/**
 * How {@code loop.createConnection} connects: the keyword arguments of asyncio's
 * {@code create_connection}. An immutable value; make one with {@link #builder()}.
 *
 * <pre>{@code
 * var options = ConnectionOptions.builder()
 *         .localAddress(new InetSocketAddress("127.0.0.1", 0))
 *         .connectTimeout(Duration.ofSeconds(5))
 *         .build();
 * }</pre>
 *
 * @param localAddress   the address to bind the socket to before connecting ({@code local_addr}),
 *                       or null; an unresolved address is resolved like the remote host
 * @param connectTimeout how long each connection attempt may take (one per resolved address),
 *                       or null to wait as long as the operating system does; an attempt that
 *                       runs out fails with {@link jasyncio.TimeoutError}
 * @param family         only connect to addresses of this family ({@code family=}), or null for any
 * @param tls            speak TLS over the connection ({@code ssl=}, {@code server_hostname=}…), or
 *                       null for plain TCP; the server's name is checked against {@code host}
 *                       unless {@link TlsOptions#serverHostname()} names another. The connection
 *                       is returned once the handshake is done; a failed handshake throws
 *                       {@link SslError} ({@link SslCertVerificationError} for a refused
 *                       certificate) and closes the socket
 */
public record ConnectionOptions(InetSocketAddress localAddress, Duration connectTimeout, ProtocolFamily family,
                                TlsOptions tls) {
    /** No local address, no timeout, any family, no TLS. */
    public static final ConnectionOptions DEFAULTS = new ConnectionOptions(null, null, null, null);

    /**
     * @throws IllegalArgumentException if {@code connectTimeout} is zero or negative
     */
    public ConnectionOptions {
        if (connectTimeout != null && (connectTimeout.isNegative() || connectTimeout.isZero())) {
            throw new IllegalArgumentException("connectTimeout must be positive, got " + connectTimeout);
        }
    }

    /** A builder starting from the defaults. */
    public static Builder builder() {
        return new Builder(DEFAULTS);
    }

    /** A builder starting from these options. */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /** These options with {@code tls} ({@code ConnectionOptions.DEFAULTS.withTls(TlsOptions.client())}). */
    public ConnectionOptions withTls(TlsOptions tls) {
        return new ConnectionOptions(localAddress, connectTimeout, family, tls);
    }

    /** Builds {@link ConnectionOptions}; not thread-safe. */
    public static final class Builder {
        private InetSocketAddress localAddress;
        private Duration connectTimeout;
        private ProtocolFamily family;
        private TlsOptions tls;

        private Builder(ConnectionOptions from) {
            this.localAddress = from.localAddress;
            this.connectTimeout = from.connectTimeout;
            this.family = from.family;
            this.tls = from.tls;
        }

        /** See {@link ConnectionOptions#localAddress()}. */
        public Builder localAddress(InetSocketAddress address) {
            this.localAddress = address;
            return this;
        }

        /** See {@link ConnectionOptions#connectTimeout()}. */
        public Builder connectTimeout(Duration timeout) {
            this.connectTimeout = timeout;
            return this;
        }

        /** See {@link ConnectionOptions#family()}. */
        public Builder family(ProtocolFamily family) {
            this.family = family;
            return this;
        }

        /** See {@link ConnectionOptions#tls()}. */
        public Builder tls(TlsOptions tls) {
            this.tls = tls;
            return this;
        }

        public ConnectionOptions build() {
            return new ConnectionOptions(localAddress, connectTimeout, family, tls);
        }
    }
}
