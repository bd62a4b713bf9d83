package jasyncio.net;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardSocketOptions;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import jasyncio.EventLoop;
import jasyncio.Future;
import jasyncio.internal.SelectorLoop;
import jasyncio.internal.VirtualClock;
import jasyncio.internal.net.MemoryStreams;
import jasyncio.internal.net.MemoryTransport;
import jasyncio.internal.net.SslProtocol;
import jasyncio.internal.net.SslTransport;

/**
 * A way to make a connected pair of streams: what {@link StreamConformanceTest} runs over.
 * Adding a kind (TLS, a pipe...) is one line in {@link #all()}.
 */
interface StreamPairKind {

    /** Every kind the conformance suite runs over. */
    static List<StreamPairKind> all() {
        return List.of(
                new Memory("memory", MemoryTransport.DEFAULT_WINDOW, MemoryTransport.DEFAULT_WINDOW),
                new Memory("memory, one byte at a time", 16, 1),
                new Tcp(),
                new Unix(),
                new TlsOverMemory("tls over memory", MemoryTransport.DEFAULT_WINDOW, MemoryTransport.DEFAULT_WINDOW),
                new TlsOverMemory("tls over memory, one byte at a time", 16, 1),
                new TlsOverTcp());
    }

    /**
     * A loop for this kind's tests: a virtual clock, unless the kind keeps timers while it waits
     * for real I/O (a virtual clock would jump to them as soon as the loop idles).
     */
    default EventLoop newLoop() {
        return new SelectorLoop(new VirtualClock());
    }

    /** Whether closing waits for the peer's answer (TLS's close_notify) before the connection is lost. */
    default boolean closeWaitsForThePeer() {
        return false;
    }

    /**
     * Opens a connected pair on the running loop, from one of its tasks; the readers have
     * {@code limit}. Nothing but the pair stays open (a listening socket is closed at once).
     */
    Opened open(EventLoop loop, int limit) throws Exception;

    /** Ends {@code side}'s connection so that its peer sees a reset (a TCP RST). */
    void reset(Opened pair, Streams side) throws Exception;

    /**
     * How many bytes the path from the writer's transport buffer to the reader's buffer can
     * hold when nobody reads (socket buffers), plus the largest single delivery to the reader.
     */
    long bufferingBetween(Opened pair) throws Exception;

    /** The size to use for a bulk transfer of {@code bytes}: kinds that move bytes slowly shrink it. */
    default int scaled(int bytes) {
        return bytes;
    }

    /** The two ends of one connection. */
    record Opened(Streams client, Streams server) {}

    /** Two {@link MemoryTransport}s. */
    record Memory(String name, int window, int maxChunk) implements StreamPairKind {
        @Override
        public Opened open(EventLoop loop, int limit) {
            MemoryStreams.Pair p = MemoryStreams.open(loop, limit, window, maxChunk);
            return new Opened(p.client(), p.server());
        }

        @Override
        public void reset(Opened pair, Streams side) {
            ((MemoryTransport) side.writer().transport()).reset();
        }

        @Override
        public long bufferingBetween(Opened pair) {
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

    /** Socket kinds: a server is started, one connection made to it, the server closed. */
    abstract class Sockets implements StreamPairKind {
        /** The socket buffer sizes asked for, so that a stalled writer stalls soon. */
        static final int SOCKET_BUFFER = 64 * 1024;
        /** The most a socket transport delivers in one read (its max read size). */
        static final int MAX_READ = 256 * 1024;

        abstract jasyncio.net.Server listen(ClientConnected accept, int limit) throws Exception;

        abstract Streams connect(SocketAddress listening, int limit) throws Exception;

        /** The server listening on {@code listening} was closed. */
        void closed(SocketAddress listening) throws Exception {}

        @Override
        public Opened open(EventLoop loop, int limit) throws Exception {
            Future<Streams> accepted = loop.createFuture();
            jasyncio.net.Server server = listen((r, w) -> accepted.setResult(new Streams(r, w)), limit);
            SocketAddress listening = server.sockets().get(0).getLocalAddress();
            Streams client;
            Streams served;
            try {
                client = connect(listening, limit);
                served = accepted.await();
            } finally {
                server.close();
                closed(listening);
            }
            channel(client).setOption(StandardSocketOptions.SO_SNDBUF, SOCKET_BUFFER);
            channel(served).setOption(StandardSocketOptions.SO_RCVBUF, SOCKET_BUFFER);
            return new Opened(client, served);
        }

        static SocketChannel channel(Streams s) {
            return (SocketChannel) s.writer().getExtraInfo("socket");
        }

        @Override
        public long bufferingBetween(Opened pair) throws IOException {
            return channel(pair.client()).getOption(StandardSocketOptions.SO_SNDBUF)
                    + channel(pair.server()).getOption(StandardSocketOptions.SO_RCVBUF) + MAX_READ;
        }
    }

    /** TCP on 127.0.0.1; a reset is a close with SO_LINGER 0 (an RST). */
    final class Tcp extends Sockets {
        @Override
        jasyncio.net.Server listen(ClientConnected accept, int limit) {
            return Streams.startServer(accept, "127.0.0.1", 0, limit, ServerOptions.DEFAULTS);
        }

        @Override
        Streams connect(SocketAddress listening, int limit) {
            return Streams.openConnection("127.0.0.1", ((InetSocketAddress) listening).getPort(), limit);
        }

        @Override
        public void reset(Opened pair, Streams side) throws IOException {
            channel(side).setOption(StandardSocketOptions.SO_LINGER, 0);
            side.writer().transport().abort();
        }

        @Override
        public String toString() {
            return "tcp";
        }
    }

    /**
     * Unix domain sockets in a temporary directory; a reset is closing a socket that has unread
     * bytes (Linux then fails the peer's reads and writes with ECONNRESET).
     */
    final class Unix extends Sockets {
        @Override
        jasyncio.net.Server listen(ClientConnected accept, int limit) throws IOException {
            Path dir = Files.createTempDirectory("jasyncio-streams");
            Path path = dir.resolve("s.sock");
            return Streams.startUnixServer(accept, path.toString(), limit, ServerOptions.DEFAULTS);
        }

        @Override
        Streams connect(SocketAddress listening, int limit) {
            return Streams.openUnixConnection(((UnixDomainSocketAddress) listening).getPath().toString(), limit);
        }

        @Override
        void closed(SocketAddress listening) throws IOException {
            // Empty now: the server removed its socket file.
            Files.deleteIfExists(((UnixDomainSocketAddress) listening).getPath().getParent());
        }

        @Override
        public void reset(Opened pair, Streams side) {
            Streams peer = side == pair.client() ? pair.server() : pair.client();
            side.writer().transport().pauseReading();
            peer.writer().write(new byte[] {0}); // lands unread in side's socket
            side.writer().transport().abort();
        }

        @Override
        public String toString() {
            return "unix";
        }
    }

    /**
     * TLS (the test CA's certificate for localhost) over two {@link MemoryTransport}s: the TLS
     * layer alone, deterministic. A reset resets the memory transport under it.
     */
    record TlsOverMemory(String name, int window, int maxChunk) implements StreamPairKind {
        public TlsOverMemory {
            TestCerts.get(); // made now, outside any test's time limit
        }

        @Override
        public Opened open(EventLoop loop, int limit) {
            TestCerts certs = TestCerts.get();
            StreamReader clientReader = new StreamReader(limit, loop);
            StreamReaderProtocol clientProtocol = new StreamReaderProtocol(clientReader, loop);
            Future<Void> handshake = loop.createFuture();
            SslProtocol clientTls = new SslProtocol(loop, clientProtocol, certs.client(), false, "localhost", -1,
                    handshake, true);
            Future<Streams> accepted = loop.createFuture();
            StreamReaderProtocol serverProtocol = new StreamReaderProtocol(new StreamReader(limit, loop),
                    (r, w) -> accepted.setResult(new Streams(r, w)), loop);
            SslProtocol serverTls = new SslProtocol(loop, serverProtocol, certs.server(), true, null, -1, null, true);
            MemoryTransport.pair(loop, clientTls, serverTls, window, maxChunk);
            handshake.await();
            Streams client = new Streams(clientReader,
                    new StreamWriter(clientTls.appTransport(), clientProtocol, clientReader, loop));
            return new Opened(client, accepted.await());
        }

        @Override
        public void reset(Opened pair, Streams side) {
            ((MemoryTransport) ((SslTransport) side.writer().transport()).raw()).reset();
        }

        @Override
        public long bufferingBetween(Opened pair) {
            return window + maxChunk + TLS_BUFFERING;
        }

        @Override
        public int scaled(int bytes) {
            return maxChunk < 64 ? Math.max(1024, bytes / 64) : bytes;
        }

        @Override
        public boolean closeWaitsForThePeer() {
            return true;
        }

        @Override
        public String toString() {
            return name;
        }
    }

    /**
     * What a TLS layer may hold on the reading side: encrypted bytes up to its incoming
     * high-water mark (256 KiB) and a batch of decrypted ones, plus records in flight.
     */
    long TLS_BUFFERING = 256 * 1024 + 64 * 1024 + 4 * 17 * 1024;

    /**
     * TLS over TCP on 127.0.0.1 through {@link Streams#startServer} and {@link Streams#openConnection}
     * with TLS options. Runs on a real clock: the handshake and shutdown timers would fire at
     * once on a virtual one while the loop waits for the socket.
     */
    final class TlsOverTcp extends Sockets {
        TlsOverTcp() {
            TestCerts.get(); // made now, outside any test's time limit
        }

        @Override
        public EventLoop newLoop() {
            return new SelectorLoop();
        }

        @Override
        jasyncio.net.Server listen(ClientConnected accept, int limit) {
            return Streams.startServer(accept, "127.0.0.1", 0, limit, ServerOptions.DEFAULTS.withTls(TestCerts.get().server()));
        }

        @Override
        Streams connect(SocketAddress listening, int limit) {
            ConnectionOptions tls = ConnectionOptions.DEFAULTS.withTls(TestCerts.get().client().withServerHostname("localhost"));
            return Streams.openConnection("127.0.0.1", ((InetSocketAddress) listening).getPort(), limit, tls);
        }

        @Override
        public void reset(Opened pair, Streams side) throws IOException {
            channel(side).setOption(StandardSocketOptions.SO_LINGER, 0);
            side.writer().transport().abort();
        }

        @Override
        public long bufferingBetween(Opened pair) throws IOException {
            return super.bufferingBetween(pair) + TLS_BUFFERING;
        }

        @Override
        public boolean closeWaitsForThePeer() {
            return true;
        }

        @Override
        public String toString() {
            return "tls over tcp";
        }
    }
}
