package jasyncio.testing;

import jasyncio.Asyncio;
import jasyncio.EventLoop;
import jasyncio.internal.net.MemoryStreams;
import jasyncio.internal.net.MemoryTransport;
import jasyncio.net.StreamReader;
import jasyncio.net.Streams;

/**
 * Connected pairs of streams without a socket, for testing code that talks over
 * {@link jasyncio.net.StreamReader}/{@link jasyncio.net.StreamWriter}: a client and a server
 * handler can be tested against each other, or against a test playing the other side.
 *
 * <p>The pair behaves as a TCP connection on loopback does under asyncio: bytes arrive in
 * order, in chunks of any size up to a maximum; {@code writeEof()} half-closes; a peer that
 * stops reading fills its receive window and then the writer's buffer, until the writer's
 * {@code drain()} suspends; {@link #reset(Streams)} fails the peer with
 * {@link jasyncio.net.ConnectionResetError}. No time passes and no thread is involved, so
 * tests on a {@link TestClock} loop stay deterministic.
 *
 * <p>Both ends belong to one loop: open and use them from its tasks. Close both ends (or the
 * {@link Pair}) when done.
 *
 * <pre>{@code
 * asyncio.run(() -> {
 *     try (var pair = StreamPairs.open()) {
 *         createTask(() -> myServer.handle(pair.server().reader(), pair.server().writer()));
 *         pair.client().writer().write("PING\r\n".getBytes(US_ASCII));
 *         assertThat(pair.client().reader().readline()).isEqualTo("+PONG\r\n".getBytes(US_ASCII));
 *     }
 * });
 * }</pre>
 */
public final class StreamPairs {
    private StreamPairs() {}

    /** The receive window and largest delivery of {@link #open()}: 64 KiB, like a small socket buffer. */
    public static final int DEFAULT_WINDOW = MemoryTransport.DEFAULT_WINDOW;

    /**
     * The two ends of one in-memory connection; closing the pair closes both.
     *
     * @param client the end that "connected"
     * @param server the end a server's client callback would get
     */
    public record Pair(Streams client, Streams server) implements AutoCloseable {
        @Override
        public void close() {
            client.close();
            server.close();
        }
    }

    /** A pair on the running loop, with the default reader limit and window. */
    public static Pair open() {
        return open(Asyncio.getRunningLoop());
    }

    /** A pair on {@code loop}, with the default reader limit and window. */
    public static Pair open(EventLoop loop) {
        return open(loop, StreamReader.DEFAULT_LIMIT, DEFAULT_WINDOW, DEFAULT_WINDOW);
    }

    /**
     * A pair on the running loop that delivers one byte per loop turn: every reader sees its
     * input in the smallest possible pieces (okio's OneByteAtATimeSource), which flushes out
     * parsers that assume a message arrives whole.
     */
    public static Pair oneByteAtATime() {
        return open(Asyncio.getRunningLoop(), StreamReader.DEFAULT_LIMIT, 16, 1);
    }

    /**
     * A pair on {@code loop} whose readers have {@code limit}, each end receiving through a
     * window of {@code window} bytes and delivering at most {@code maxChunk} bytes at a time.
     *
     * @throws IllegalArgumentException if a size is below 1
     */
    public static Pair open(EventLoop loop, int limit, int window, int maxChunk) {
        MemoryStreams.Pair p = MemoryStreams.open(loop, limit, window, maxChunk);
        return new Pair(p.client(), p.server());
    }

    /**
     * Ends {@code side}'s connection as a TCP reset does: its own reader sees the end of the
     * stream, its peer's reads and drains fail with {@link jasyncio.net.ConnectionResetError}.
     *
     * @throws IllegalArgumentException if {@code side} is not an end of an in-memory pair
     */
    public static void reset(Streams side) {
        if (!(side.writer().transport() instanceof MemoryTransport t)) {
            throw new IllegalArgumentException("not an end of a StreamPairs pair: " + side.writer().transport());
        }
        t.reset();
    }
}
