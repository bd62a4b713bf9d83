package jasyncio.net;

/**
 * The pair {@code loop.subprocessExec} and {@code loop.subprocessShell} return
 * ({@code transport, protocol = await loop.subprocess_exec(...)}).
 *
 * @param transport the child process's transport
 * @param protocol  the protocol the factory made, already told {@code connectionMade}
 */
public record SubprocessConnection<P extends SubprocessProtocol>(SubprocessTransport transport, P protocol) {}
