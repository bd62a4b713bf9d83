package jasyncio.internal.net;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ProtocolFamily;
import java.net.StandardProtocolFamily;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.concurrent.CompletionException;

import jasyncio.internal.SelectorLoop;
import jasyncio.net.NameInfo;

/**
 * Name look-ups for the loop ({@code getaddrinfo}/{@code getnameinfo}): the JDK resolver blocks,
 * so every look-up runs on the loop's default executor and the calling task suspends meanwhile;
 * the loop thread never waits for DNS. Address literals need no look-up and skip the executor
 * when connecting, as asyncio's {@code _ipaddr_info} does.
 */
public final class Resolver {
    private Resolver() {}

    /**
     * Every address of {@code host} with {@code port}, in the resolver's order, on the executor.
     *
     * @throws java.io.UncheckedIOException caused by {@link UnknownHostException} if there is none
     */
    public static List<InetSocketAddress> getaddrinfo(SelectorLoop loop, String host, int port) {
        checkPort(port);
        InetAddress[] all = awaitIo(loop.runInExecutor(null, () -> InetAddress.getAllByName(host)));
        return withPort(List.of(all), port, null, host);
    }

    /** The host name (reverse look-up) and port of {@code address}, on the executor. */
    public static NameInfo getnameinfo(SelectorLoop loop, InetSocketAddress address) {
        if (address.isUnresolved()) return new NameInfo(address.getHostString(), String.valueOf(address.getPort()));
        String host = awaitIo(loop.runInExecutor(null, () -> address.getAddress().getHostName()));
        return new NameInfo(host, String.valueOf(address.getPort()));
    }

    /**
     * The addresses to try for {@code host:port}, of {@code family} only if not null: a literal at
     * once, a name through the executor. A null host means the loopback addresses.
     *
     * @throws java.io.UncheckedIOException caused by {@link UnknownHostException} if the name has
     *                                      no address (of that family)
     */
    static List<InetSocketAddress> resolve(SelectorLoop loop, String host, int port, ProtocolFamily family) {
        checkPort(port);
        InetAddress literal = literal(host);
        List<InetAddress> all = literal != null ? List.of(literal)
                : List.of(awaitIo(loop.runInExecutor(null, () -> InetAddress.getAllByName(host))));
        return withPort(all, port, family, host);
    }

    /** {@code address} itself if resolved, else its addresses through {@link #resolve}. */
    static List<InetSocketAddress> resolve(SelectorLoop loop, InetSocketAddress address, ProtocolFamily family) {
        if (!address.isUnresolved()) return withPort(List.of(address.getAddress()), address.getPort(), family, null);
        return resolve(loop, address.getHostString(), address.getPort(), family);
    }

    static InetAddress literal(String host) {
        if (host == null || host.isEmpty()) return null;
        char c = host.charAt(0);
        if (!(Character.digit(c, 16) >= 0 || c == ':')) return null; // a name: not worth the exception
        try {
            return InetAddress.ofLiteral(host);
        } catch (IllegalArgumentException notALiteral) {
            return null;
        }
    }

    static ProtocolFamily familyOf(InetAddress a) {
        return a instanceof Inet6Address ? StandardProtocolFamily.INET6 : StandardProtocolFamily.INET;
    }

    private static List<InetSocketAddress> withPort(List<InetAddress> all, int port, ProtocolFamily family,
                                                    String host) {
        LinkedHashSet<InetSocketAddress> out = new LinkedHashSet<>();
        for (InetAddress a : all) {
            if (family == null || familyOf(a) == family) out.add(new InetSocketAddress(a, port));
        }
        if (out.isEmpty()) {
            String msg = (host == null ? all.toString() : host) + ": no address" + (family == null ? "" : " of family " + family);
            throw new UncheckedIOException(msg, new UnknownHostException(msg));
        }
        return new ArrayList<>(out);
    }

    static void checkPort(int port) {
        if (port < 0 || port > 65535) throw new IllegalArgumentException("port out of range: " + port);
    }

    /** Awaits a look-up on the executor; its {@link IOException} comes out unchecked ({@link NetErrors}). */
    static <T> T awaitIo(jasyncio.Future<T> f) {
        try {
            return f.await();
        } catch (CompletionException e) {
            if (e.getCause() instanceof IOException io) throw NetErrors.unchecked(io);
            throw e;
        }
    }
}
