package jasyncio.net;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.UnixDomainSocketAddress;
import java.util.concurrent.CompletionException;

import jasyncio.Asyncio;
import jasyncio.EventLoop;

/**
 * The reader and writer of one stream connection, as {@link #openConnection} returns them
 * ({@code reader, writer = await asyncio.open_connection(...)}), and the stream functions of
 * asyncio: {@link #openConnection}, {@link #startServer}, {@link #openUnixConnection},
 * {@link #startUnixServer} (also on {@link Asyncio}). Closing the pair closes the writer (the
 * connection); try-with-resources works.
 *
 * <p>The functions run on the running loop: call them from one of its tasks. They suspend
 * until the connection is made or the server listens, and throw what
 * {@link EventLoop#createConnection} and {@link EventLoop#createServer} throw.
 *
 * @param reader the reading half
 * @param writer the writing half
 */
public record Streams(StreamReader reader, StreamWriter writer) implements AutoCloseable {

    /** {@link #openConnection(String, int, int, ConnectionOptions)} with the default limit and options. */
    public static Streams openConnection(String host, int port) {
        return openConnection(host, port, StreamReader.DEFAULT_LIMIT, ConnectionOptions.DEFAULTS);
    }

    /** {@link #openConnection(String, int, int, ConnectionOptions)} with the default options. */
    public static Streams openConnection(String host, int port, int limit) {
        return openConnection(host, port, limit, ConnectionOptions.DEFAULTS);
    }

    /**
     * Connects to {@code host:port} and returns the connection's reader (with {@code limit})
     * and writer ({@code asyncio.open_connection}). A suspension point.
     */
    public static Streams openConnection(String host, int port, int limit, ConnectionOptions options) {
        EventLoop loop = Asyncio.getRunningLoop();
        StreamReader reader = new StreamReader(limit, loop);
        StreamReaderProtocol protocol = new StreamReaderProtocol(reader, loop);
        Transport transport = loop.createConnection(() -> protocol, host, port, options).transport();
        return new Streams(reader, new StreamWriter(transport, protocol, reader, loop));
    }

    /** {@link #startServer(ClientConnected, String, int, int, ServerOptions)} with the default limit and options. */
    public static Server startServer(ClientConnected clientConnected, String host, int port) {
        return startServer(clientConnected, host, port, StreamReader.DEFAULT_LIMIT, ServerOptions.DEFAULTS);
    }

    /**
     * Listens on {@code host:port} ({@code asyncio.start_server}); each accepted connection
     * runs {@code clientConnected} as a task of its own with the connection's reader (with
     * {@code limit}) and writer. A null or empty host means every interface; port 0 picks a
     * free port ({@link Server#sockets()}). A suspension point.
     */
    public static Server startServer(ClientConnected clientConnected, String host, int port, int limit,
                                     ServerOptions options) {
        EventLoop loop = Asyncio.getRunningLoop();
        return loop.createServer(() -> new StreamReaderProtocol(new StreamReader(limit, loop), clientConnected, loop),
                host, port, options);
    }

    /** {@link #openUnixConnection(String, int)} with the default limit. */
    public static Streams openUnixConnection(String path) {
        return openUnixConnection(path, StreamReader.DEFAULT_LIMIT);
    }

    /** Connects to the Unix domain socket {@code path} ({@code asyncio.open_unix_connection}). A suspension point. */
    public static Streams openUnixConnection(String path, int limit) {
        EventLoop loop = Asyncio.getRunningLoop();
        StreamReader reader = new StreamReader(limit, loop);
        StreamReaderProtocol protocol = new StreamReaderProtocol(reader, loop);
        Transport transport = loop.createUnixConnection(() -> protocol, UnixDomainSocketAddress.of(path)).transport();
        return new Streams(reader, new StreamWriter(transport, protocol, reader, loop));
    }

    /** {@link #startUnixServer(ClientConnected, String, int, ServerOptions)} with the default limit and options. */
    public static Server startUnixServer(ClientConnected clientConnected, String path) {
        return startUnixServer(clientConnected, path, StreamReader.DEFAULT_LIMIT, ServerOptions.DEFAULTS);
    }

    /**
     * Listens on the Unix domain socket {@code path} ({@code asyncio.start_unix_server}); like
     * {@link #startServer(ClientConnected, String, int, int, ServerOptions)} otherwise.
     */
    public static Server startUnixServer(ClientConnected clientConnected, String path, int limit,
                                         ServerOptions options) {
        EventLoop loop = Asyncio.getRunningLoop();
        return loop.createUnixServer(() -> new StreamReaderProtocol(new StreamReader(limit, loop), clientConnected, loop),
                UnixDomainSocketAddress.of(path), options);
    }

    /** Closes the connection ({@link StreamWriter#close()}); does not wait. */
    @Override
    public void close() {
        writer.close();
    }

    /** The exception to throw for an error stored by a stream: unchecked ones as themselves. */
    static RuntimeException rethrow(Throwable error) {
        if (error instanceof RuntimeException re) return re;
        if (error instanceof Error e) throw e;
        if (error instanceof IOException io) return new UncheckedIOException(io.getMessage(), io);
        return new CompletionException(error);
    }
}
