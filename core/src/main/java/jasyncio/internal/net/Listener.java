package jasyncio.internal.net;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

import jasyncio.Asyncio;
import jasyncio.internal.SelectorLoop;
import jasyncio.net.BaseProtocol;
import jasyncio.net.Server;
import jasyncio.net.ServerOptions;

/**
 * The server side of the loop ({@code create_server}, {@code create_unix_server}): bind one
 * listening socket per resolved address, then hand them to a {@link SocketServer}.
 * If any bind fails, every socket opened so far is closed before the error is thrown.
 */
public final class Listener {
    private Listener() {}

    /**
     * @param host null or "" for every interface: one dual-stack socket ({@code ::} also accepts
     *             IPv4) where asyncio binds {@code 0.0.0.0} and {@code ::} separately — the JDK
     *             cannot set IPV6_V6ONLY
     */
    public static Server createServer(SelectorLoop loop, Supplier<? extends BaseProtocol> factory, String host, int port,
                                      ServerOptions options) {
        SockOps.requireTask(loop, "createServer");
        ServerOptions o = options != null ? options : ServerOptions.DEFAULTS;
        List<InetSocketAddress> addresses;
        if (host == null || host.isEmpty()) {
            Resolver.checkPort(port);
            addresses = List.of(o.family() == StandardProtocolFamily.INET
                    ? new InetSocketAddress(Resolver.literal("0.0.0.0"), port)
                    : new InetSocketAddress(port));
        } else {
            addresses = Resolver.resolve(loop, host, port, o.family());
        }
        boolean wildcard = host == null || host.isEmpty();
        List<ServerSocketChannel> channels = new ArrayList<>();
        boolean ok = false;
        try {
            for (InetSocketAddress a : addresses) {
                ServerSocketChannel ch = wildcard && o.family() == null
                        ? ServerSocketChannel.open()
                        : ServerSocketChannel.open(Resolver.familyOf(a.getAddress()));
                channels.add(ch);
                if (o.reuseAddress()) ch.setOption(StandardSocketOptions.SO_REUSEADDR, true);
                if (o.reusePort()) {
                    if (!ch.supportedOptions().contains(StandardSocketOptions.SO_REUSEPORT)) {
                        throw new IllegalArgumentException("reusePort is not supported on this platform: create the server without it");
                    }
                    ch.setOption(StandardSocketOptions.SO_REUSEPORT, true);
                }
                bind(ch, a, o.backlog());
            }
            ok = true;
        } catch (IOException e) {
            throw NetErrors.unchecked(e);
        } finally {
            if (!ok) channels.forEach(SocketServer::closeQuietly);
        }
        Supplier<? extends BaseProtocol> protocols = o.tls() == null ? factory : Tls.serverProtocols(loop, factory, o.tls());
        return start(loop, new SocketServer(loop, protocols, channels, o.backlog(), List.of()), o);
    }

    /**
     * A server on a Unix socket file. A stale socket file at {@code path} is removed first, and
     * the file is removed again when the server closes (asyncio's {@code cleanup_socket}).
     */
    public static Server createUnixServer(SelectorLoop loop, Supplier<? extends BaseProtocol> factory,
                                          UnixDomainSocketAddress path, ServerOptions options) {
        SockOps.requireTask(loop, "createUnixServer");
        ServerOptions o = options != null ? options : ServerOptions.DEFAULTS;
        Path file = path.getPath();
        boolean named = !file.toString().isEmpty();
        ServerSocketChannel ch;
        try {
            if (named && isSocketFile(file)) Files.deleteIfExists(file);
            ch = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        } catch (IOException e) {
            throw NetErrors.unchecked(e);
        }
        try {
            bind(ch, path, o.backlog());
        } catch (IOException e) {
            SocketServer.closeQuietly(ch);
            throw NetErrors.unchecked(e);
        } catch (Throwable e) {
            SocketServer.closeQuietly(ch);
            throw e;
        }
        Supplier<? extends BaseProtocol> protocols = o.tls() == null ? factory : Tls.serverProtocols(loop, factory, o.tls());
        return start(loop, new SocketServer(loop, protocols, List.of(ch), o.backlog(), named ? List.of(file) : List.of()), o);
    }

    private static boolean isSocketFile(Path p) {
        try {
            return Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).isOther();
        } catch (IOException e) {
            return false;
        }
    }

    private static void bind(ServerSocketChannel ch, SocketAddress a, int backlog) throws IOException {
        try {
            ch.bind(a, backlog);
        } catch (IOException e) {
            throw NetErrors.bindFailed(a, e);
        }
        ch.configureBlocking(false);
    }

    private static Server start(SelectorLoop loop, SocketServer server, ServerOptions o) {
        if (o.startServing()) {
            server.startServing();
            Asyncio.sleep(0); // one loop iteration, as asyncio's create_server takes after start_serving
        }
        return server;
    }
}
