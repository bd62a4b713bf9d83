package jasyncio.net;

import java.net.SocketAddress;

/** Receives a UDP endpoint's datagrams ({@code asyncio.DatagramProtocol}); on the loop thread. */
public interface DatagramProtocol extends BaseProtocol {
    /** A datagram arrived from {@code address}. */
    default void datagramReceived(byte[] data, SocketAddress address) {}

    /** A send or receive failed (e.g. ICMP port unreachable); the endpoint stays open. */
    default void errorReceived(Exception error) {}
}
