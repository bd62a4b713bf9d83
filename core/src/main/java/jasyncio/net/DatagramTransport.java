package jasyncio.net;

import java.net.SocketAddress;

/**
 * A UDP endpoint ({@code asyncio.DatagramTransport}); sends never block: a datagram the socket
 * cannot take at once is queued ({@link #getWriteBufferSize()}), and the protocol's
 * {@code pauseWriting}/{@code resumeWriting} bound the queue. Errors of individual sends and
 * receives go to {@link DatagramProtocol#errorReceived}; the endpoint stays open.
 * Loop-confined, like every transport.
 */
public interface DatagramTransport extends BaseTransport {
    /**
     * Sends {@code data} as one datagram to {@code address}, or to the endpoint's remote address
     * if null. The array may be reused after the call; an empty one sends nothing.
     *
     * @throws IllegalArgumentException if the endpoint has a remote address and {@code address}
     *                                  is another one ("Invalid address: must be null or …"),
     *                                  or if there is no destination, or it is unresolved
     */
    void sendto(byte[] data, SocketAddress address);

    /** Sends one datagram to the connected peer. */
    default void sendto(byte[] data) {
        sendto(data, null);
    }

    /** Closes at once, dropping queued datagrams. */
    void abort();

    /** Bytes queued and not yet sent. */
    int getWriteBufferSize();
}
