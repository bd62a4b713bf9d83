package jasyncio.net;

import java.nio.channels.NetworkChannel;
import java.util.List;

import jasyncio.EventLoop;

/**
 * A listening server made by {@code loop.createServer} or {@code Asyncio.startServer}
 * ({@code asyncio.Server}). Closing it stops accepting; connections already accepted live on
 * until they close or {@link #closeClients()} / {@link #abortClients()}.
 * Use try-with-resources where asyncio uses {@code async with server}.
 */
public interface Server extends AutoCloseable {
    /** The loop the server runs on. */
    EventLoop getLoop();

    /** The listening sockets (one per bound address). */
    List<NetworkChannel> sockets();

    /** Whether the server accepts connections now. */
    boolean isServing();

    /** Starts accepting, if it was created without starting. Idempotent. */
    void startServing();

    /**
     * Accepts connections until the server is closed or the calling task is cancelled (which
     * closes the server and waits as {@link #waitClosed()} does). A suspension point; it ends
     * with {@link jasyncio.CancelledError} either way, as asyncio's does.
     *
     * @throws IllegalStateException if the server is closed, or another task is in serveForever
     */
    void serveForever();

    /** Stops listening and closes the listening sockets; idempotent. */
    @Override
    void close();

    /** Waits until the server is closed and every connection it accepted has closed. A suspension point. */
    void waitClosed();

    /** Closes every accepted connection (buffered data is still sent). */
    void closeClients();

    /** Aborts every accepted connection at once. */
    void abortClients();
}
