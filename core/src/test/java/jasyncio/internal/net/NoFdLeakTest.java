package jasyncio.internal.net;

import static jasyncio.internal.net.NetKit.bytes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import jasyncio.Asyncio;
import jasyncio.CancelledError;
import jasyncio.EventLoop;
import jasyncio.Task;
import jasyncio.TimeoutError;
import jasyncio.internal.SelectorLoop;
import jasyncio.internal.VirtualClock;
import jasyncio.net.Connection;
import jasyncio.net.ConnectionOptions;
import jasyncio.net.ConnectionRefusedError;
import jasyncio.net.ConnectionResetError;
import jasyncio.net.Server;
import jasyncio.internal.net.NetKit.Accepted;
import jasyncio.internal.net.NetKit.Kind;
import jasyncio.internal.net.NetKit.Recorder;

/**
 * No scenario leaves a file descriptor open: the process's count in /proc/self/fd is the same
 * before the loop is made and after it is closed, whether connections end normally, are
 * refused, time out, reset, fail in a protocol, or are cancelled half-way.
 */
@Timeout(20)
class NoFdLeakTest {

    record Scenario(String name, SocketTransportTest.Body body, boolean virtualClock) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Arguments> scenarios() {
        return Stream.of(
                new Scenario("echo over TCP, client closes", loop -> echo(loop, Kind.TCP), false),
                new Scenario("echo over a Unix socket, client closes", loop -> echo(loop, Kind.UNIX), false),
                new Scenario("server closes its clients", NoFdLeakTest::closeClients, false),
                new Scenario("server aborts clients with data buffered", NoFdLeakTest::abortClients, false),
                new Scenario("connection refused", NoFdLeakTest::refused, false),
                new Scenario("port in use", NoFdLeakTest::portInUse, false),
                new Scenario("connect timeout", NoFdLeakTest::connectTimeout, true),
                new Scenario("task cancelled while connecting", NoFdLeakTest::cancelledWhileConnecting, false),
                new Scenario("task cancelled at each step of createConnection", NoFdLeakTest::cancelledAtEachStep, false),
                new Scenario("peer reset", NoFdLeakTest::peerReset, false),
                new Scenario("protocol factory fails on the client", NoFdLeakTest::clientFactoryFails, false),
                new Scenario("protocol factory fails on the server", NoFdLeakTest::serverFactoryFails, false),
                new Scenario("serveForever cancelled with a client connected", NoFdLeakTest::serveForeverCancelled, false),
                new Scenario("sock* operations", NoFdLeakTest::sockOps, false)
        ).map(Arguments::of);
    }

    @BeforeAll
    static void warmUp() {
        // Load every class and start every JDK helper once, so the counts below see only sockets.
        scenarios().forEach(a -> runScenario((Scenario) a.get()[0]));
    }

    static void runScenario(Scenario s) {
        EventLoop loop = s.virtualClock() ? new SelectorLoop(new VirtualClock()) : Asyncio.newEventLoop();
        try (loop) {
            loop.runUntilComplete(() -> s.body().run(loop));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("scenarios")
    void leavesNoFileDescriptorOpen(Scenario s) {
        long before = NetKit.openFds();

        runScenario(s);

        assertThat(NetKit.openFds()).as("open file descriptors after: " + s.name()).isEqualTo(before);
    }

    // ------------------------------------------------------------------ scenarios

    static void echo(EventLoop loop, Kind kind) {
        Accepted accepted = new Accepted(loop) {
            @Override
            Recorder newRecorder(EventLoop l) {
                return new NetKit.Echo(l);
            }
        };
        try (Server server = kind.listen(loop, accepted)) {
            Connection<Recorder> c = kind.connect(loop, server, () -> new Recorder(loop));
            c.transport().write(bytes("ping"));
            c.protocol().awaitReceived(4);
            c.transport().close();
            accepted.next().lost.await();
        }
    }

    static void closeClients(EventLoop loop) {
        Accepted accepted = new Accepted(loop);
        Server server = Kind.TCP.listen(loop, accepted);
        List<Connection<Recorder>> cs = List.of(Kind.TCP.connect(loop, server, () -> new Recorder(loop)),
                Kind.TCP.connect(loop, server, () -> new Recorder(loop)));
        server.close();
        server.closeClients();
        server.waitClosed();
        for (var c : cs) c.protocol().lost.await();
    }

    static void abortClients(EventLoop loop) {
        Accepted accepted = new Accepted(loop);
        Server server = Kind.UNIX.listen(loop, accepted);
        Connection<Recorder> c = Kind.UNIX.connect(loop, server, () -> new Recorder(loop));
        accepted.next().transport.write(new byte[8 << 20]);
        server.close();
        server.abortClients();
        server.waitClosed();
        c.protocol().lost.await();
    }

    static void refused(EventLoop loop) throws Exception {
        int port = CreateConnectionTest.closedPort();
        assertThatThrownBy(() -> loop.createConnection(() -> new Recorder(loop), "127.0.0.1", port))
                .isInstanceOf(ConnectionRefusedError.class);
    }

    static void portInUse(EventLoop loop) {
        try (Server server = loop.createServer(() -> new Recorder(loop), "127.0.0.1", 0)) {
            assertThatThrownBy(() -> loop.createServer(() -> new Recorder(loop), "127.0.0.1", NetKit.port(server)))
                    .isInstanceOf(java.io.UncheckedIOException.class);
            ConnectionOptions bindTaken = ConnectionOptions.builder()
                    .localAddress(new InetSocketAddress("127.0.0.1", NetKit.port(server))).build();
            assertThatThrownBy(() -> loop.createConnection(() -> new Recorder(loop), "127.0.0.1", NetKit.port(server), bindTaken))
                    .isInstanceOf(java.io.UncheckedIOException.class);
        }
    }

    static void connectTimeout(EventLoop loop) throws Exception {
        try (ServerSocketChannel full = ServerSocketChannel.open()) {
            full.bind(new InetSocketAddress("127.0.0.1", 0), 1);
            int port = ((InetSocketAddress) full.getLocalAddress()).getPort();
            List<SocketChannel> fillers = CreateConnectionTest.fill(port);
            try {
                ConnectionOptions o = ConnectionOptions.builder().connectTimeout(Duration.ofSeconds(1)).build();
                assertThatThrownBy(() -> loop.createConnection(() -> new Recorder(loop), "127.0.0.1", port, o))
                        .isInstanceOf(TimeoutError.class);
            } finally {
                for (SocketChannel f : fillers) f.close();
            }
        }
    }

    static void cancelledWhileConnecting(EventLoop loop) throws Exception {
        try (ServerSocketChannel full = ServerSocketChannel.open()) {
            full.bind(new InetSocketAddress("127.0.0.1", 0), 1);
            int port = ((InetSocketAddress) full.getLocalAddress()).getPort();
            List<SocketChannel> fillers = CreateConnectionTest.fill(port);
            try {
                Task<?> t = loop.createTask(() -> loop.createConnection(() -> new Recorder(loop), "127.0.0.1", port));
                for (int i = 0; i < 3; i++) Asyncio.sleep(0);
                t.cancel();
                assertThatThrownBy(t::await).isInstanceOf(CancelledError.class);
            } finally {
                for (SocketChannel f : fillers) f.close();
            }
        }
    }

    static void cancelledAtEachStep(EventLoop loop) {
        Accepted accepted = new Accepted(loop);
        try (Server server = Kind.TCP.listen(loop, accepted)) {
            for (int k = 0; ; k++) {
                Task<Connection<Recorder>> t = loop.createTask(
                        () -> loop.createConnection(() -> new Recorder(loop), "127.0.0.1", NetKit.port(server)));
                for (int i = 0; i < k; i++) Asyncio.sleep(0);
                if (t.isDone()) {
                    t.await().transport().close();
                    t.await().protocol().lost.await();
                    break;
                }
                t.cancel();
                assertThatThrownBy(t::await).isInstanceOf(CancelledError.class);
            }
            server.close();
            server.closeClients();
            server.waitClosed();
        }
    }

    static void peerReset(EventLoop loop) throws Exception {
        Accepted accepted = new Accepted(loop);
        try (Server server = Kind.TCP.listen(loop, accepted)) {
            Connection<Recorder> c = Kind.TCP.connect(loop, server, () -> new Recorder(loop));
            Recorder serverSide = accepted.next();
            ((SocketChannel) serverSide.transport.getExtraInfo("socket")).setOption(StandardSocketOptions.SO_LINGER, 0);
            serverSide.transport.abort();
            assertThat(c.protocol().lost.await()).isInstanceOf(ConnectionResetError.class);
        }
    }

    static void clientFactoryFails(EventLoop loop) {
        try (Server server = Kind.TCP.listen(loop, () -> new Recorder(loop))) {
            assertThatThrownBy(() -> loop.createConnection(() -> {
                throw new IllegalStateException("no protocol");
            }, "127.0.0.1", NetKit.port(server))).hasMessage("no protocol");
            server.close();
            server.closeClients();
            server.waitClosed();
        }
    }

    static void serverFactoryFails(EventLoop loop) {
        loop.setExceptionHandler((l, ctx) -> {});
        try (Server server = Kind.UNIX.listen(loop, () -> {
            throw new IllegalStateException("no protocol");
        })) {
            Connection<Recorder> c = Kind.UNIX.connect(loop, server, () -> new Recorder(loop));
            c.protocol().lost.await();
        }
    }

    static void serveForeverCancelled(EventLoop loop) {
        Accepted accepted = new Accepted(loop);
        Server server = Kind.TCP.listen(loop, accepted);
        Task<Void> serving = loop.createTask(server::serveForever);
        Connection<Recorder> c = Kind.TCP.connect(loop, server, () -> new Recorder(loop));
        accepted.next();
        serving.cancel();
        Asyncio.sleep(0);
        c.transport().close();
        assertThatThrownBy(serving::await).isInstanceOf(CancelledError.class);
    }

    static void sockOps(EventLoop loop) throws Exception {
        SockOpsTest.withPair(loop, (client, server) -> {
            loop.sockSendall(client, bytes("x"));
            assertThat(loop.sockRecv(server, 1)).hasSize(1);
        });
    }
}
