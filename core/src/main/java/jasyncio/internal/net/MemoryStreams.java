package jasyncio.internal.net;

import jasyncio.EventLoop;
import jasyncio.net.StreamReader;
import jasyncio.net.StreamReaderProtocol;
import jasyncio.net.StreamWriter;
import jasyncio.net.Streams;

/**
 * Two connected stream pairs over {@link MemoryTransport}s: what {@code openConnection} and a
 * server's client callback would get, without a socket. The test kit publishes it.
 */
public final class MemoryStreams {
    private MemoryStreams() {}

    /**
     * The two ends of one in-memory connection.
     *
     * @param client     the side that "connected"
     * @param server     the side that "accepted"
     * @param transports the transports under them (for {@link MemoryTransport#reset()})
     */
    public record Pair(Streams client, Streams server, MemoryTransport.Pair transports) {}

    /** A pair with the default reader limit, window and chunk size. */
    public static Pair open(EventLoop loop) {
        return open(loop, StreamReader.DEFAULT_LIMIT, MemoryTransport.DEFAULT_WINDOW, MemoryTransport.DEFAULT_WINDOW);
    }

    /**
     * A pair whose readers have {@code limit}, whose transports have a receive window of
     * {@code window} bytes and deliver at most {@code maxChunk} bytes at a time. The protocols
     * learn of the connection in a callback; writing before that is fine.
     */
    public static Pair open(EventLoop loop, int limit, int window, int maxChunk) {
        StreamReader clientReader = new StreamReader(limit, loop);
        StreamReader serverReader = new StreamReader(limit, loop);
        StreamReaderProtocol clientProtocol = new StreamReaderProtocol(clientReader, loop);
        StreamReaderProtocol serverProtocol = new StreamReaderProtocol(serverReader, loop);
        MemoryTransport.Pair t = MemoryTransport.pair(loop, clientProtocol, serverProtocol, window, maxChunk);
        Streams client = new Streams(clientReader, new StreamWriter(t.client(), clientProtocol, clientReader, loop));
        Streams server = new Streams(serverReader, new StreamWriter(t.server(), serverProtocol, serverReader, loop));
        return new Pair(client, server, t);
    }
}
