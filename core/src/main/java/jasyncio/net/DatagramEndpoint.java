package jasyncio.net;

/**
 * The pair {@code loop.createDatagramEndpoint} returns ({@code transport, protocol = await
 * loop.create_datagram_endpoint(...)}).
 *
 * @param transport the UDP endpoint's transport
 * @param protocol  the protocol the factory made, already told {@code connectionMade}
 */
public record DatagramEndpoint<P extends DatagramProtocol>(DatagramTransport transport, P protocol) {}
