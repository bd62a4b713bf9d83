package jasyncio.net;

/**
 * What a stream server runs for each connection it accepts ({@code client_connected_cb} of
 * {@code asyncio.start_server}): it gets the connection's reader and writer and runs as a task
 * of its own, so it may suspend. When it ends, the connection stays open until the writer is
 * closed; if it fails or is cancelled, the connection is closed (and a failure reported to the
 * loop's exception handler).
 */
@FunctionalInterface
public interface ClientConnected {
    /** Serves one connection. */
    void accept(StreamReader reader, StreamWriter writer) throws Exception;
}
