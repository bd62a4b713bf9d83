package jasyncio.net;

import java.net.ProtocolFamily;

/**
 * How {@code loop.createDatagramEndpoint} opens its socket: the keyword arguments of asyncio's
 * {@code create_datagram_endpoint}. An immutable value; make one with {@link #builder()}.
 *
 * @param family         only use addresses of this family, or null for any; with neither a
 *                       local nor a remote address it says which kind of socket to open
 * @param reusePort      set {@code SO_REUSEPORT} so several endpoints can bind the same port
 *                       ({@code reuse_port=}, default false)
 * @param allowBroadcast set {@code SO_BROADCAST} ({@code allow_broadcast=}, default false); the
 *                       socket is then not connected to the remote address, which only
 *                       becomes the default destination of {@link DatagramTransport#sendto}
 */
public record DatagramOptions(ProtocolFamily family, boolean reusePort, boolean allowBroadcast) {
    /** Any family, no SO_REUSEPORT, no SO_BROADCAST. */
    public static final DatagramOptions DEFAULTS = new DatagramOptions(null, false, false);

    /** A builder starting from the defaults. */
    public static Builder builder() {
        return new Builder(DEFAULTS);
    }

    /** A builder starting from these options. */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /** Builds {@link DatagramOptions}; not thread-safe. */
    public static final class Builder {
        private ProtocolFamily family;
        private boolean reusePort;
        private boolean allowBroadcast;

        private Builder(DatagramOptions from) {
            this.family = from.family;
            this.reusePort = from.reusePort;
            this.allowBroadcast = from.allowBroadcast;
        }

        /** See {@link DatagramOptions#family()}. */
        public Builder family(ProtocolFamily family) {
            this.family = family;
            return this;
        }

        /** See {@link DatagramOptions#reusePort()}. */
        public Builder reusePort(boolean on) {
            this.reusePort = on;
            return this;
        }

        /** See {@link DatagramOptions#allowBroadcast()}. */
        public Builder allowBroadcast(boolean on) {
            this.allowBroadcast = on;
            return this;
        }

        public DatagramOptions build() {
            return new DatagramOptions(family, reusePort, allowBroadcast);
        }
    }
}
