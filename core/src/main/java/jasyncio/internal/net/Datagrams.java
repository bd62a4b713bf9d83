package jasyncio.internal.net;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.channels.DatagramChannel;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import jasyncio.EventLoop;
import jasyncio.Future;
import jasyncio.internal.SelectorLoop;
import jasyncio.net.DatagramEndpoint;
import jasyncio.net.DatagramOptions;
import jasyncio.net.DatagramProtocol;

/**
 * {@code loop.createDatagramEndpoint}: resolve the local and remote addresses (names on the
 * default executor), pair them by address family, open and bind a UDP socket for the first pair
 * that works, connect it to the remote address (unless broadcasting), and wrap it in a
 * {@link DatagramSocketTransport}. A failure or a cancellation at any point closes the socket it
 * opened.
 */
public final class Datagrams {
    private Datagrams() {}

    private record Pair(ProtocolFamily family, InetSocketAddress local, InetSocketAddress remote) {}

    public static <P extends DatagramProtocol> DatagramEndpoint<P> create(EventLoop eventLoop, Supplier<P> factory,
            InetSocketAddress local, InetSocketAddress remote, DatagramOptions options) {
        SelectorLoop loop = SelectorLoop.of(eventLoop);
        SockOps.requireTask(loop, "createDatagramEndpoint");
        DatagramOptions o = options != null ? options : DatagramOptions.DEFAULTS;
        List<RuntimeException> failures = new ArrayList<>();
        for (Pair pair : pairs(loop, local, remote, o.family())) {
            DatagramChannel ch = null;
            try {
                ch = DatagramChannel.open(pair.family);
                if (o.reusePort()) ch.setOption(StandardSocketOptions.SO_REUSEPORT, true);
                if (o.allowBroadcast()) ch.setOption(StandardSocketOptions.SO_BROADCAST, true);
                ch.configureBlocking(false);
                if (pair.local != null) bind(ch, pair.local);
                // A UDP connect only records the peer: it never waits.
                if (pair.remote != null && !o.allowBroadcast()) ch.connect(pair.remote);
            } catch (IOException e) {
                closeQuietly(ch);
                failures.add(NetErrors.unchecked(e));
                continue;
            } catch (java.io.UncheckedIOException e) { // the bind failed
                closeQuietly(ch);
                failures.add(e);
                continue;
            } catch (Throwable e) { // cancelled, an option the platform lacks, or a bug: never leak the socket
                closeQuietly(ch);
                throw e;
            }
            return start(loop, ch, factory, pair.remote);
        }
        throw failures.get(0);
    }

    /** {@code create_datagram_endpoint(sock=...)}: an endpoint over a channel opened elsewhere, which it now owns. */
    public static <P extends DatagramProtocol> DatagramEndpoint<P> create(EventLoop eventLoop, Supplier<P> factory,
                                                                         DatagramChannel channel) {
        SelectorLoop loop = SelectorLoop.of(eventLoop);
        SockOps.requireTask(loop, "createDatagramEndpoint");
        if (!channel.isOpen()) throw new IllegalArgumentException("the channel is closed: " + channel);
        return start(loop, channel, factory, null);
    }

    /**
     * The (local, remote) address pairs to try, of one family each, in the order the families
     * first appear in the look-ups (asyncio's pairing).
     */
    private static List<Pair> pairs(SelectorLoop loop, InetSocketAddress local, InetSocketAddress remote,
                                    ProtocolFamily family) {
        if (local == null && remote == null) {
            if (family == null) {
                throw new IllegalArgumentException("unexpected address family: give a local address, a remote address"
                        + " or DatagramOptions.family");
            }
            return List.of(new Pair(family, null, null));
        }
        Map<ProtocolFamily, InetSocketAddress[]> byFamily = new LinkedHashMap<>();
        InetSocketAddress[] asked = {local, remote};
        for (int i = 0; i < 2; i++) {
            if (asked[i] == null) continue;
            for (InetSocketAddress a : Resolver.resolve(loop, asked[i], family)) {
                InetSocketAddress[] slot = byFamily.computeIfAbsent(Resolver.familyOf(a.getAddress()),
                        f -> new InetSocketAddress[2]);
                if (slot[i] == null) slot[i] = a; // the first address of each family
            }
        }
        List<Pair> out = new ArrayList<>();
        for (var e : byFamily.entrySet()) {
            InetSocketAddress[] slot = e.getValue();
            if ((local != null && slot[0] == null) || (remote != null && slot[1] == null)) continue;
            out.add(new Pair(e.getKey(), slot[0], slot[1]));
        }
        if (out.isEmpty()) {
            throw new IllegalArgumentException("can not get address information: no local and remote address of the"
                    + " same family (local " + local + ", remote " + remote + ")");
        }
        return out;
    }

    private static void bind(DatagramChannel ch, InetSocketAddress local) {
        try {
            ch.bind(local);
        } catch (IOException e) {
            throw NetErrors.bindFailed(local, e);
        }
    }

    private static <P extends DatagramProtocol> DatagramEndpoint<P> start(SelectorLoop loop, DatagramChannel ch,
            Supplier<P> factory, InetSocketAddress remote) {
        DatagramSocketTransport transport;
        P protocol;
        try {
            protocol = factory.get();
            transport = new DatagramSocketTransport(loop, ch, protocol, remote);
        } catch (IOException e) {
            closeQuietly(ch);
            throw NetErrors.unchecked(e);
        } catch (Throwable e) {
            closeQuietly(ch);
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
        return new DatagramEndpoint<>(transport, protocol);
    }

    private static void closeQuietly(DatagramChannel ch) {
        if (ch == null) return;
        try {
            ch.close();
        } catch (IOException ignored) {
            // nothing more to release
        }
    }
}
