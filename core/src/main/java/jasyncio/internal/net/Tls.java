package jasyncio.internal.net;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.SocketChannel;
import java.util.function.Supplier;

import jasyncio.EventLoop;
import jasyncio.Future;
import jasyncio.Handle;
import jasyncio.internal.SelectorLoop;
import jasyncio.net.BaseProtocol;
import jasyncio.net.Connection;
import jasyncio.net.TlsOptions;
import jasyncio.net.Transport;

/**
 * Where TLS joins the loop's connections: a client connection that handshakes before it is
 * returned, a server whose accepted connections handshake before their protocol hears of them,
 * and {@code startTls} on a live connection. In each case an {@link SslProtocol} sits between
 * the raw transport and the user's protocol.
 */
public final class Tls {
    private Tls() {}

    /**
     * The TLS half of {@code createConnection}: the connected {@code ch} gets a transport whose
     * protocol is the TLS layer over a new protocol from {@code factory}; returns once the
     * handshake is done and connectionMade has run. On failure or cancellation the socket is
     * closed (the transport closes it once the loop has run its last callbacks).
     *
     * @param host the host connected to: the name the certificate must have, unless
     *             {@code options} names another
     */
    static <P extends BaseProtocol> Connection<P> connect(SelectorLoop loop, SocketChannel ch, Supplier<P> factory,
                                                       TlsOptions options, String host, int port) {
        P protocol;
        SslProtocol ssl;
        SocketTransport transport;
        Future<Void> handshake = loop.createFuture();
        try {
            protocol = factory.get();
            String name = options.serverHostname() != null ? options.serverHostname() : host;
            ssl = new SslProtocol(loop, protocol, options, false, name, port, handshake, true);
            transport = new SocketTransport(loop, ch, ssl, null, null);
        } catch (IOException e) {
            SocketServer.closeQuietly(ch);
            throw NetErrors.unchecked(e);
        } catch (Throwable e) {
            SocketServer.closeQuietly(ch);
            throw e;
        }
        transport.start(null);
        try {
            handshake.await();
        } catch (Throwable e) {
            transport.close(); // as asyncio: a failed handshake has closed it already; a cancelled one closes now
            throw e;
        }
        return new Connection<>(ssl.appTransport(), protocol);
    }

    /** The TLS half of {@code createServer}: each accepted connection's protocol is the TLS layer over one from {@code factory}. */
    static Supplier<BaseProtocol> serverProtocols(EventLoop loop, Supplier<? extends BaseProtocol> factory,
                                                  TlsOptions options) {
        return () -> new SslProtocol(loop, factory.get(), options, true, null, -1, null, true);
    }

    /**
     * Upgrades the live connection of {@code transport} to TLS ({@code loop.start_tls}): the TLS
     * layer becomes the transport's protocol, and {@code protocol} (already connected, so not told
     * connectionMade again) receives plaintext through the returned transport. Waits for the
     * handshake: a suspension point. On failure or cancellation {@code transport} is closed.
     * Bytes the transport delivered to {@code protocol} before the call stay with it.
     *
     * @throws jasyncio.net.SslError               if the handshake fails
     * @throws jasyncio.net.ConnectionAbortedError if it takes longer than the handshake timeout
     */
    public static Transport startTls(EventLoop loop, Transport transport, BaseProtocol protocol, TlsOptions options,
                                     boolean serverSide) {
        if (transport == null || protocol == null || options == null) {
            throw new NullPointerException("transport, protocol and options are required");
        }
        if (loop instanceof SelectorLoop l) SockOps.requireTask(l, "startTls");
        if (transport.isClosing()) throw new IllegalStateException("startTls on a closing transport: " + transport);
        int port = transport.getExtraInfo("peername") instanceof InetSocketAddress a ? a.getPort() : -1;
        Future<Void> handshake = loop.createFuture();
        SslProtocol ssl = new SslProtocol(loop, protocol, options, serverSide, options.serverHostname(), port,
                handshake, false);
        transport.pauseReading();
        transport.setProtocol(ssl);
        Handle made = loop.callSoon(() -> ssl.connectionMade(transport));
        Handle resume = loop.callSoon(transport::resumeReading);
        try {
            handshake.await();
        } catch (Throwable e) {
            transport.close();
            made.cancel();
            resume.cancel();
            throw e;
        }
        return ssl.appTransport();
    }
}
