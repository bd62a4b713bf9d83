package jasyncio.internal.net;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.NetworkChannel;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

import jasyncio.EventLoop;
import jasyncio.ExceptionContext;
import jasyncio.Future;
import jasyncio.internal.SelectorLoop;
import jasyncio.net.BaseProtocol;
import jasyncio.net.Server;

/**
 * The listening side of {@code createServer}/{@code createUnixServer}: asyncio's
 * {@code base_events.Server} with the accept loop of {@code selector_events}. Each listening
 * channel is watched with the loop's {@code addReader}; one readiness event accepts up to
 * {@code backlog} connections, each becoming a {@link SocketTransport} with a new protocol.
 *
 * <pre>
 *  bound ──startServing──▶ serving ──close()──▶ closed ──last client gone──▶ waitClosed() returns
 *    └────────────────────────close()────────────▲
 * </pre>
 *
 * <p>Loop-confined, like transports: call it from the loop's thread or its tasks.
 */
public final class SocketServer implements Server {
    private static final System.Logger LOG = System.getLogger("jasyncio");
    /** After running out of file descriptors, accepting pauses this long (asyncio's ACCEPT_RETRY_DELAY). */
    static final double ACCEPT_RETRY_DELAY = 1.0;

    private final SelectorLoop loop;
    private final Supplier<? extends BaseProtocol> factory;
    private final int backlog;
    /** The listening channels; null once closed. */
    private List<ServerSocketChannel> channels;
    /** Unix socket files this server created and removes on close. */
    private final List<Path> socketFiles;
    private boolean serving;
    /** Accepted connections whose connectionLost has not run yet. */
    private final Set<SocketTransport> clients = new LinkedHashSet<>();
    /** Tasks in waitClosed(); null once the server is closed and its last client is gone. */
    private List<Future<Void>> waiters = new ArrayList<>();
    private Future<Void> servingForever;

    SocketServer(SelectorLoop loop, Supplier<? extends BaseProtocol> factory, List<ServerSocketChannel> channels,
                 int backlog, List<Path> socketFiles) {
        this.loop = loop;
        this.factory = factory;
        this.channels = channels;
        this.backlog = backlog;
        this.socketFiles = socketFiles;
    }

    @Override
    public EventLoop getLoop() {
        return loop;
    }

    @Override
    public List<NetworkChannel> sockets() {
        return channels == null ? List.of() : List.copyOf(channels);
    }

    @Override
    public boolean isServing() {
        return serving;
    }

    @Override
    public void startServing() {
        if (serving || channels == null) return;
        serving = true;
        for (ServerSocketChannel ch : channels) loop.addReader(ch, () -> acceptReady(ch));
    }

    @Override
    public void serveForever() {
        if (servingForever != null) {
            throw new IllegalStateException("server " + this + " is already being awaited on serveForever()");
        }
        if (channels == null) throw new IllegalStateException("server " + this + " is closed");
        startServing();
        Future<Void> f = loop.createFuture();
        servingForever = f;
        try {
            f.await();
        } catch (jasyncio.CancelledError e) {
            // Cancelled, or closed by someone else (close() cancels f): close and wait as asyncio does.
            try {
                close();
                waitClosed();
            } catch (RuntimeException again) {
                e.addSuppressed(again);
            }
            throw e;
        } finally {
            servingForever = null;
        }
    }

    @Override
    public void close() {
        List<ServerSocketChannel> chs = channels;
        if (chs == null) return;
        channels = null;
        for (ServerSocketChannel ch : chs) {
            if (serving) loop.removeReader(ch);
            try {
                ch.close();
            } catch (IOException e) {
                LOG.log(Level.DEBUG, "closing " + ch + " failed", e);
            }
        }
        loop.flushClosedChannels(); // refuse new connections now, not at the next loop turn
        for (Path p : socketFiles) {
            try {
                Files.deleteIfExists(p);
            } catch (IOException e) {
                LOG.log(Level.DEBUG, "removing the socket file " + p + " failed", e);
            }
        }
        serving = false;
        Future<Void> f = servingForever;
        if (f != null && !f.isDone()) f.cancel();
        servingForever = null;
        if (clients.isEmpty()) wakeup();
    }

    @Override
    public void waitClosed() {
        if (waiters == null) return;
        Future<Void> w = loop.createFuture();
        waiters.add(w);
        w.await();
    }

    @Override
    public void closeClients() {
        for (SocketTransport t : List.copyOf(clients)) t.close();
    }

    @Override
    public void abortClients() {
        for (SocketTransport t : List.copyOf(clients)) t.abort();
    }

    void attach(SocketTransport t) {
        clients.add(t);
    }

    void detach(SocketTransport t) {
        clients.remove(t);
        if (clients.isEmpty() && channels == null) wakeup();
    }

    private void wakeup() {
        List<Future<Void>> ws = waiters;
        waiters = null;
        if (ws == null) return;
        for (Future<Void> w : ws) {
            if (!w.isDone()) w.setResult(null);
        }
    }

    /** The listening channel is readable: accept what is queued, up to {@code backlog} connections. */
    private void acceptReady(ServerSocketChannel ch) {
        for (int i = 0; i < backlog; i++) {
            if (channels == null) return;
            SocketChannel c;
            try {
                c = ch.accept();
            } catch (IOException e) {
                acceptFailed(ch, e);
                return;
            }
            if (c == null) return;
            try {
                SocketAddress peer = c.getRemoteAddress();
                new SocketTransport(loop, c, factory.get(), this, peer).start(null);
            } catch (Throwable e) {
                closeQuietly(c);
                loop.callExceptionHandler(ExceptionContext.of(
                        "Error on transport creation for incoming connection (server " + this + ")", e));
            }
        }
    }

    /**
     * accept() failed. Out of file descriptors or memory: report it and stop accepting for a
     * second (the queued connections wait in the backlog), as asyncio does; otherwise report it.
     */
    private void acceptFailed(ServerSocketChannel ch, IOException e) {
        String m = String.valueOf(e.getMessage());
        boolean exhausted = m.contains("Too many open files") || m.contains("No buffer space")
                || m.contains("Cannot allocate memory");
        if (!exhausted) {
            loop.callExceptionHandler(ExceptionContext.of("socket.accept() failed (server " + this + ")", e));
            return;
        }
        loop.callExceptionHandler(ExceptionContext.of("socket.accept() out of system resource (server " + this
                + "); accepting again in " + ACCEPT_RETRY_DELAY + " s", e));
        loop.removeReader(ch);
        loop.callLater(ACCEPT_RETRY_DELAY, () -> {
            if (serving && channels != null && channels.contains(ch)) loop.addReader(ch, () -> acceptReady(ch));
        });
    }

    static void closeQuietly(java.nio.channels.Channel c) {
        try {
            c.close();
        } catch (IOException ignored) {
            // Nothing more to do for a channel we are abandoning.
        }
    }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder("<Server sockets=[");
        List<ServerSocketChannel> chs = channels;
        if (chs != null) {
            for (int i = 0; i < chs.size(); i++) {
                if (i > 0) b.append(", ");
                try {
                    SocketAddress a = chs.get(i).getLocalAddress();
                    b.append(a instanceof UnixDomainSocketAddress u ? u.getPath() : a);
                } catch (IOException | RuntimeException e) {
                    b.append('?');
                }
            }
        }
        return b.append("]").append(serving ? " serving" : "").append(" clients=").append(clients.size())
                .append('>').toString();
    }
}
