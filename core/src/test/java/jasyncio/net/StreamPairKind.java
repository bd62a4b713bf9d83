package jasyncio.net;

import java.util.List;

import jasyncio.EventLoop;
import jasyncio.internal.net.MemoryStreams;
import jasyncio.internal.net.MemoryTransport;

/**
 * A way to make a connected pair of streams: what {@link StreamConformanceTest} runs over.
 * Adding a kind (TLS, a pipe...) is one line in {@link #all()}.
 */
interface StreamPairKind {

    /** Every kind the conformance suite runs over. */
    static List<StreamPairKind> all() {
        return List.of(
                new Memory("memory", MemoryTransport.DEFAULT_WINDOW, MemoryTransport.DEFAULT_WINDOW),
                new Memory("memory, one byte at a time", 16, 1));
    }

    /**
     * Opens a connected pair on the running loop, from one of its tasks; the readers have
     * {@code limit}. The kind closes what it opened (servers, files) in {@link #cleanUp()}.
     */
    Opened open(EventLoop loop, int limit) throws Exception;

    /** Ends {@code side}'s connection so that its peer sees a reset (a TCP RST). */
    void reset(Opened pair, Streams side) throws Exception;

    /**
     * How many bytes the path between the writer's transport buffer and the reader's buffer can
     * hold when nobody reads (socket buffers), plus the largest single delivery to the reader.
     */
    long bufferingBetween();

    /** The size to use for a bulk transfer of {@code bytes}: kinds that move bytes slowly shrink it. */
    default int scaled(int bytes) {
        return bytes;
    }

    /** Closes what {@link #open} left behind (a listening server); after the loop stopped using it. */
    default void cleanUp() throws Exception {}

    /** The two ends of one connection. */
    record Opened(Streams client, Streams server, Object detail) {}

    /** Two {@link MemoryTransport}s. */
    record Memory(String name, int window, int maxChunk) implements StreamPairKind {
        @Override
        public Opened open(EventLoop loop, int limit) {
            MemoryStreams.Pair p = MemoryStreams.open(loop, limit, window, maxChunk);
            return new Opened(p.client(), p.server(), p.transports());
        }

        @Override
        public void reset(Opened pair, Streams side) {
            ((MemoryTransport) side.writer().transport()).reset();
        }

        @Override
        public long bufferingBetween() {
            return window + maxChunk;
        }

        @Override
        public int scaled(int bytes) {
            return maxChunk < 64 ? Math.max(1024, bytes / 64) : bytes;
        }

        @Override
        public String toString() {
            return name;
        }
    }
}
