package jasyncio.net;

/**
 * What every transport offers ({@code asyncio.BaseTransport}): extra information, closing, and
 * the protocol it feeds. Transports belong to their loop: call them from its thread or tasks.
 */
public interface BaseTransport {
    /**
     * Optional information about the transport ({@code get_extra_info}): {@code "peername"} and
     * {@code "sockname"} ({@link java.net.SocketAddress}), {@code "socket"} (the channel),
     * {@code "sslcontext"}, {@code "ssl_object"} ({@link javax.net.ssl.SSLEngine}),
     * {@code "peercert"} ({@link java.security.cert.Certificate}[]), {@code "cipher"}, {@code "pid"}…
     *
     * @return the value, or {@code defaultValue} when the transport has none under that name
     */
    Object getExtraInfo(String name, Object defaultValue);

    /** {@link #getExtraInfo(String, Object)} with a null default. */
    default Object getExtraInfo(String name) {
        return getExtraInfo(name, null);
    }

    /** Whether the transport is closing or closed. */
    boolean isClosing();

    /**
     * Closes the transport: buffered data is still sent, then the protocol's
     * {@link BaseProtocol#connectionLost} is called with null. Idempotent.
     */
    void close();

    /** The protocol receiving this transport's events. */
    BaseProtocol getProtocol();

    /** Switches the transport to another protocol (for protocol upgrades). */
    void setProtocol(BaseProtocol protocol);
}
