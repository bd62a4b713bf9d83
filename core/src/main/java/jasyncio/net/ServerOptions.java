package jasyncio.net;

import java.net.ProtocolFamily;

/**
 * How {@code loop.createServer} listens: the keyword arguments of asyncio's
 * {@code create_server}. An immutable value; make one with {@link #builder()}.
 *
 * @param backlog      the listen queue length ({@code backlog=}, default 100); also how many
 *                     connections one readiness event may accept
 * @param reuseAddress set {@code SO_REUSEADDR} so a restarted server can bind while old
 *                     connections linger in TIME_WAIT (default true, as asyncio on POSIX)
 * @param reusePort    set {@code SO_REUSEPORT} so several sockets can share the port (default false)
 * @param startServing accept connections at once (default true); if false the sockets are bound
 *                     and listening — the kernel completes handshakes into the backlog, unlike
 *                     asyncio, which only listens later — but nothing is accepted until
 *                     {@link Server#startServing()} or {@link Server#serveForever()}
 * @param family       only bind addresses of this family, or null for any
 * @param tls          serve TLS ({@code ssl=}): {@link TlsOptions#of} a context with the server's
 *                     certificate and key; or null for plain connections. The protocol of an
 *                     accepted connection is told connectionMade after the handshake; a
 *                     connection whose handshake fails is closed without troubling it
 */
public record ServerOptions(int backlog, boolean reuseAddress, boolean reusePort, boolean startServing,
                            ProtocolFamily family, TlsOptions tls) {
    /** backlog 100, SO_REUSEADDR on, SO_REUSEPORT off, serving at once, any family, no TLS. */
    public static final ServerOptions DEFAULTS = new ServerOptions(100, true, false, true, null, null);

    /**
     * @throws IllegalArgumentException if {@code backlog} is not positive, or {@code tls} has no context
     */
    public ServerOptions {
        if (backlog < 1) throw new IllegalArgumentException("backlog must be at least 1, got " + backlog);
        if (tls != null && tls.context() == null) {
            throw new IllegalArgumentException("a TLS server needs an SSLContext with its certificate and key: "
                    + "TlsOptions.of(SslContexts.server(keyStore, password))");
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

    /** These options with {@code tls} ({@code ServerOptions.DEFAULTS.withTls(TlsOptions.of(context))}). */
    public ServerOptions withTls(TlsOptions tls) {
        return new ServerOptions(backlog, reuseAddress, reusePort, startServing, family, tls);
    }

    /** Builds {@link ServerOptions}; not thread-safe. */
    public static final class Builder {
        private int backlog;
        private boolean reuseAddress;
        private boolean reusePort;
        private boolean startServing;
        private ProtocolFamily family;
        private TlsOptions tls;

        private Builder(ServerOptions from) {
            this.tls = from.tls;
            this.backlog = from.backlog;
            this.reuseAddress = from.reuseAddress;
            this.reusePort = from.reusePort;
            this.startServing = from.startServing;
            this.family = from.family;
        }

        /** See {@link ServerOptions#backlog()}. */
        public Builder backlog(int backlog) {
            this.backlog = backlog;
            return this;
        }

        /** See {@link ServerOptions#reuseAddress()}. */
        public Builder reuseAddress(boolean on) {
            this.reuseAddress = on;
            return this;
        }

        /** See {@link ServerOptions#reusePort()}. */
        public Builder reusePort(boolean on) {
            this.reusePort = on;
            return this;
        }

        /** See {@link ServerOptions#startServing()}. */
        public Builder startServing(boolean on) {
            this.startServing = on;
            return this;
        }

        /** See {@link ServerOptions#family()}. */
        public Builder family(ProtocolFamily family) {
            this.family = family;
            return this;
        }

        /** See {@link ServerOptions#tls()}. */
        public Builder tls(TlsOptions tls) {
            this.tls = tls;
            return this;
        }

        public ServerOptions build() {
            return new ServerOptions(backlog, reuseAddress, reusePort, startServing, family, tls);
        }
    }
}
