package jasyncio.net;

import java.net.SocketAddress;

/** Receives a UDP endpoint's datagrams ({@code asyncio.DatagramProtocol}); on the loop thread. */
public interface DatagramProtocol extends BaseProtocol {
    /** A datagram arrived from {@code address}. */
    default void datagramReceived(byte[] data, SocketAddress address) {}

    /**
     * A send or receive failed; the endpoint stays open. {@code error} is unchecked, with the
     * JDK's {@link java.io.IOException} as its cause: an ICMP "port unreachable" on a connected
     * endpoint arrives as {@link ConnectionRefusedError}.
     */
    default void errorReceived(Exception error) {}
}
