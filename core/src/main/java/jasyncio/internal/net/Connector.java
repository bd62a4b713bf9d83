package jasyncio.internal.net;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ProtocolFamily;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

import jasyncio.Future;
import jasyncio.internal.SelectorLoop;
import jasyncio.net.BaseProtocol;
import jasyncio.net.Connection;
import jasyncio.net.ConnectionOptions;

/**
 * The client side of the loop ({@code create_connection}, {@code create_unix_connection},
 * {@code connect_accepted_socket}): resolve, connect each address in turn until one works, then
 * wrap the socket in a {@link SocketTransport} and wait for the protocol's connectionMade.
 *
 * <p>Every step suspends only the calling task. A failure or a cancellation at any point closes
 * the socket it opened, so no file descriptor outlives the call.
 */
public final class Connector {
    private Connector() {}

    public static <P extends BaseProtocol> Connection<P> createConnection(SelectorLoop loop, Supplier<P> factory,
            String host, int port, ConnectionOptions options) {
        SockOps.requireTask(loop, "createConnection");
        ConnectionOptions o = options != null ? options : ConnectionOptions.DEFAULTS;
        List<InetSocketAddress> remotes = Resolver.resolve(loop, host, port, o.family());
        List<InetSocketAddress> locals = o.localAddress() == null ? null
                : Resolver.resolve(loop, o.localAddress(), o.family());
        double timeout = o.connectTimeout() == null ? 0 : o.connectTimeout().toNanos() / 1e9;
        List<RuntimeException> failures = new ArrayList<>();
        for (InetSocketAddress remote : remotes) {
            SocketChannel ch = open(Resolver.familyOf(remote.getAddress()));
            try {
                String target = NetErrors.target(host, port, remote);
                if (locals != null) bindLocal(ch, remote, locals);
                SockOps.connect(loop, ch, remote, target, timeout);
            } catch (java.io.UncheckedIOException | jasyncio.net.ConnectionError | jasyncio.TimeoutError e) {
                SocketServer.closeQuietly(ch);
                failures.add(e);
                continue;
            } catch (Throwable e) { // cancelled, or a bug: never leak the socket
                SocketServer.closeQuietly(ch);
                throw e;
            }
            return o.tls() == null ? startTransport(loop, ch, factory) : Tls.connect(loop, ch, factory, o.tls(), host, port);
        }
        throw NetErrors.allFailed(host, port, failures);
    }

    private static void bindLocal(SocketChannel ch, InetSocketAddress remote, List<InetSocketAddress> locals) {
        ProtocolFamily want = Resolver.familyOf(remote.getAddress());
        RuntimeException last = null;
        for (InetSocketAddress local : locals) {
            if (Resolver.familyOf(local.getAddress()) != want) continue;
            try {
                ch.bind(local);
                return;
            } catch (IOException e) {
                last = NetErrors.bindFailed(local, e);
            }
        }
        if (last != null) throw last;
        String msg = "no matching local address with family=" + want + " found (for " + NetErrors.format(remote) + ")";
        throw new java.io.UncheckedIOException(msg, new IOException(msg));
    }

    private static SocketChannel open(ProtocolFamily family) {
        try {
            return SocketChannel.open(family);
        } catch (IOException e) {
            throw NetErrors.unchecked("cannot open a socket: " + e.getMessage(), e);
        }
    }

    public static <P extends BaseProtocol> Connection<P> createUnixConnection(SelectorLoop loop, Supplier<P> factory,
            UnixDomainSocketAddress path) {
        SockOps.requireTask(loop, "createUnixConnection");
        SocketChannel ch = open(StandardProtocolFamily.UNIX);
        try {
            SockOps.connect(loop, ch, path, NetErrors.format(path), 0);
        } catch (Throwable e) {
            SocketServer.closeQuietly(ch);
            throw e;
        }
        return startTransport(loop, ch, factory);
    }

    /** {@code loop.connect_accepted_socket}: a transport for a socket connected elsewhere. */
    public static <P extends BaseProtocol> Connection<P> connectAcceptedSocket(SelectorLoop loop, Supplier<P> factory,
            SocketChannel ch) {
        SockOps.requireTask(loop, "connectAcceptedSocket");
        if (!ch.isConnected()) throw new IllegalArgumentException("the socket is not connected: " + ch);
        return startTransport(loop, ch, factory);
    }

    /**
     * Makes the protocol and its transport over the connected {@code ch}, and waits until
     * connectionMade has run. The TLS layer wraps here: it interposes its own protocol between
     * the transport and the user's.
     */
    static <P extends BaseProtocol> Connection<P> startTransport(SelectorLoop loop, SocketChannel ch,
                                                              Supplier<P> factory) {
        SocketTransport transport;
        P protocol;
        try {
            protocol = factory.get();
            transport = new SocketTransport(loop, ch, protocol, null, null);
        } catch (IOException e) {
            SocketServer.closeQuietly(ch);
            throw NetErrors.unchecked(e);
        } catch (Throwable e) {
            SocketServer.closeQuietly(ch);
            throw e;
        }
        Future<Void> waiter = loop.createFuture();
        transport.start(waiter);
        try {
            waiter.await();
        } catch (Throwable e) {
            transport.close(); // connectionMade still runs first, then connectionLost(null)
            throw e;
        }
        return new Connection<>(transport, protocol);
    }
}
