package jasyncio.net;

/**
 * The pair {@code loop.createConnection} returns ({@code transport, protocol = await
 * loop.create_connection(...)}).
 *
 * @param transport the connected transport
 * @param protocol  the protocol the factory made, already told {@code connectionMade}
 */
public record Connection<P extends BaseProtocol>(Transport transport, P protocol) {}
