package jasyncio.net;

import java.net.SocketAddress;

/** A UDP endpoint ({@code asyncio.DatagramTransport}); sends never block. */
public interface DatagramTransport extends BaseTransport {
    /** Sends one datagram to {@code address} (null: the connected peer). */
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
