package jasyncio.internal.net;

import static jasyncio.internal.net.NetKit.bytes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import jasyncio.Asyncio;
import jasyncio.CancelledError;
import jasyncio.EventLoop;
import jasyncio.ExceptionContext;
import jasyncio.Task;
import jasyncio.net.Connection;
import jasyncio.net.Server;
import jasyncio.net.ServerOptions;
import jasyncio.internal.net.NetKit.Accepted;
import jasyncio.internal.net.NetKit.Kind;
import jasyncio.internal.net.NetKit.Recorder;

/** Server lifecycle and close semantics (asyncio's test_server.py, re-expressed), over TCP and Unix sockets. */
@Timeout(10)
class ServerTest {

    static void run(SocketTransportTest.Body body) {
        SocketTransportTest.run(body);
    }

    /** Lets the loop run a few iterations, so that anything pending could happen. */
    static void spin() {
        for (int i = 0; i < 5; i++) Asyncio.sleep(0);
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void aServerCreatedWithoutServingAcceptsNothingUntilStartServing(Kind kind) {
        run(loop -> {
            Accepted accepted = new Accepted(loop);
            Server server = kind == Kind.TCP
                    ? loop.createServer(accepted, "127.0.0.1", 0, ServerOptions.builder().startServing(false).build())
                    : loop.createUnixServer(accepted, UnixDomainSocketAddress.of(NetKit.freshSocketPath()),
                            ServerOptions.builder().startServing(false).build());
            try (server) {
                assertThat(server.isServing()).isFalse();
                Connection<Recorder> c = kind.connect(loop, server, () -> new Recorder(loop));
                spin();
                assertThat(accepted.all).as("the kernel queued the connection; nobody accepted it").isEmpty();

                server.startServing();
                server.startServing();
                assertThat(server.isServing()).isTrue();
                Recorder serverSide = accepted.next();
                c.transport().write(bytes("hi"));
                assertThat(serverSide.awaitReceived(2)).isEqualTo("hi");
                c.transport().close();
                serverSide.lost.await();
            }
            assertThat(server.isServing()).isFalse();
            assertThat(server.sockets()).isEmpty();
        });
    }

    @Test
    void serveForeverOnAClosedServerFails() {
        run(loop -> {
            Server server = loop.createServer(() -> new Recorder(loop), "127.0.0.1", 0);
            server.close();

            assertThatThrownBy(server::serveForever).isInstanceOf(IllegalStateException.class)
                    .hasMessageStartingWith("server <Server").hasMessageEndingWith("is closed");
        });
    }

    @Test
    void serveForeverTwiceAtOnceFails() {
        run(loop -> {
            try (Server server = loop.createServer(() -> new Recorder(loop), "127.0.0.1", 0)) {
                Task<Void> serving = loop.createTask(server::serveForever);
                Asyncio.sleep(0);

                assertThatThrownBy(server::serveForever).isInstanceOf(IllegalStateException.class)
                        .hasMessageEndingWith("is already being awaited on serveForever()");
                serving.cancel();
                assertThatThrownBy(serving::await).isInstanceOf(CancelledError.class);
            }
        });
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void cancellingServeForeverClosesTheServer(Kind kind) {
        run(loop -> {
            Server server = kind.listen(loop, () -> new Recorder(loop));
            Task<Void> serving = loop.createTask(server::serveForever);
            Asyncio.sleep(0);
            assertThat(server.isServing()).isTrue();

            serving.cancel();
            assertThatThrownBy(serving::await).isInstanceOf(CancelledError.class);

            assertThat(server.isServing()).isFalse();
            assertThat(server.sockets()).isEmpty();
            server.waitClosed();
        });
    }

    @Test
    void closingTheServerEndsServeForeverWithCancelledError() {
        run(loop -> {
            Server server = loop.createServer(() -> new Recorder(loop), "127.0.0.1", 0);
            Task<Void> serving = loop.createTask(server::serveForever);
            Asyncio.sleep(0);

            server.close();

            assertThatThrownBy(serving::await).isInstanceOf(CancelledError.class);
            assertThat(serving.isCancelled()).isTrue();
        });
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void waitClosedWaitsForTheCloseAndThenForEveryClient(Kind kind) {
        run(loop -> {
            Accepted accepted = new Accepted(loop);
            Server server = kind.listen(loop, accepted);
            Connection<Recorder> c = kind.connect(loop, server, () -> new Recorder(loop));
            Recorder serverSide = accepted.next();
            Task<Void> waiting = loop.createTask(server::waitClosed);
            spin();
            assertThat(waiting.isDone()).as("open").isFalse();

            server.close();
            spin();
            assertThat(waiting.isDone()).as("closed, one client left").isFalse();
            assertThat(serverSide.transport.isClosing()).as("close() leaves clients alone").isFalse();

            c.transport().close();
            waiting.await();
            assertThat(serverSide.lost.isDone()).isTrue();
            server.waitClosed(); // returns at once now
        });
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void closeClientsClosesEveryAcceptedConnectionAfterFlushing(Kind kind) {
        run(loop -> {
            Accepted accepted = new Accepted(loop);
            Server server = kind.listen(loop, accepted);
            Connection<Recorder> c1 = kind.connect(loop, server, () -> new Recorder(loop));
            Connection<Recorder> c2 = kind.connect(loop, server, () -> new Recorder(loop));
            accepted.next().transport.write(bytes("bye"));
            accepted.next();

            server.close();
            server.closeClients();
            server.waitClosed();

            c1.protocol().lost.await();
            c2.protocol().lost.await();
            assertThat(c1.protocol().events).containsExactly("made", "data:bye", "eof", "lost:null");
            assertThat(c2.protocol().events).containsExactly("made", "eof", "lost:null");
            assertThat(accepted.all).allSatisfy(r -> assertThat(r.events).containsExactly("made", "lost:null"));
        });
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void abortClientsDropsWhatTheyStillHadToSend(Kind kind) {
        run(loop -> {
            Accepted accepted = new Accepted(loop);
            Server server = kind.listen(loop, accepted);
            Connection<Recorder> c = kind.connect(loop, server, () -> new Recorder(loop));
            Recorder serverSide = accepted.next();
            c.transport().pauseReading();
            serverSide.transport.write(new byte[SocketTransportTest.BIG]);
            assertThat(serverSide.transport.getWriteBufferSize()).isPositive();

            server.close();
            server.abortClients();
            server.waitClosed();

            assertThat(serverSide.transport.getWriteBufferSize()).isZero();
            assertThat(serverSide.lost.await()).isNull();
            c.transport().resumeReading();
            c.protocol().lost.await();
            assertThat(c.protocol().received.length()).isLessThan(SocketTransportTest.BIG);
        });
    }

    @Test
    void portZeroPicksAFreePortThatSocketsTells() {
        run(loop -> {
            Accepted accepted = new Accepted(loop);
            try (Server server = loop.createServer(accepted, "127.0.0.1", 0)) {
                assertThat(server.sockets()).hasSize(1);
                int port = NetKit.port(server);
                assertThat(port).isPositive();
                assertThat(server.getLoop()).isSameAs(loop);

                Connection<Recorder> c = loop.createConnection(() -> new Recorder(loop), "127.0.0.1", port);
                Recorder serverSide = accepted.next();
                assertThat(serverSide.transport.getExtraInfo("peername")).isEqualTo(c.transport().getExtraInfo("sockname"));
                c.transport().close();
                serverSide.lost.await();
            }
        });
    }

    @Test
    void aNullHostListensOnEveryInterface() {
        run(loop -> {
            Accepted accepted = new Accepted(loop);
            try (Server server = loop.createServer(accepted, null, 0)) {
                InetSocketAddress bound = (InetSocketAddress) NetKit.address(server);
                assertThat(bound.getAddress().isAnyLocalAddress()).isTrue();

                Connection<Recorder> c = loop.createConnection(() -> new Recorder(loop), "127.0.0.1", bound.getPort());
                accepted.next();
                c.transport().close();
                c.protocol().lost.await();
            }
        });
    }

    @Test
    void bindingAPortInUseFailsNamingTheAddressAndLeavesNothingOpen() {
        run(loop -> {
            try (Server first = loop.createServer(() -> new Recorder(loop), "127.0.0.1", 0)) {
                int port = NetKit.port(first);
                long fds = NetKit.openFds();

                assertThatThrownBy(() -> loop.createServer(() -> new Recorder(loop), "127.0.0.1", port))
                        .isInstanceOf(UncheckedIOException.class)
                        .hasMessage("error while attempting to bind on address 127.0.0.1:" + port + ": address already in use")
                        .hasCauseInstanceOf(java.net.BindException.class);
                assertThat(NetKit.openFds()).isEqualTo(fds);
            }
        });
    }

    @Test
    void reusePortLetsTwoServersShareAPort() {
        run(loop -> {
            ServerOptions shared = ServerOptions.builder().reusePort(true).build();
            try (Server a = loop.createServer(() -> new Recorder(loop), "127.0.0.1", 0, shared);
                 Server b = loop.createServer(() -> new Recorder(loop), "127.0.0.1", NetKit.port(a), shared)) {
                assertThat(NetKit.port(b)).isEqualTo(NetKit.port(a));
            }
        });
    }

    @Test
    void aProtocolFactoryThatThrowsIsReportedAndTheConnectionClosed() {
        run(loop -> {
            List<ExceptionContext> reported = new ArrayList<>();
            loop.setExceptionHandler((l, ctx) -> reported.add(ctx));
            RuntimeException boom = new RuntimeException("no protocol today");
            try (Server server = loop.createServer(() -> {
                throw boom;
            }, "127.0.0.1", 0)) {
                Connection<Recorder> c = loop.createConnection(() -> new Recorder(loop), "127.0.0.1", NetKit.port(server));
                c.protocol().lost.await();

                assertThat(c.protocol().events).containsExactly("made", "eof", "lost:null");
                assertThat(reported).singleElement().satisfies(ctx -> {
                    assertThat(ctx.message()).startsWith("Error on transport creation for incoming connection");
                    assertThat(ctx.exception()).isSameAs(boom);
                });
            }
        });
    }

    @Test
    void aUnixServerRemovesItsSocketFileOnCloseAndReplacesAStaleOne() {
        run(loop -> {
            Path path = NetKit.freshSocketPath();
            try (ServerSocketChannel stale = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
                stale.bind(UnixDomainSocketAddress.of(path)); // leaves a socket file behind once closed
            }
            assertThat(Files.exists(path)).isTrue();

            Accepted accepted = new Accepted(loop);
            Server server = loop.createUnixServer(accepted, path.toString());
            Connection<Recorder> c = loop.createUnixConnection(() -> new Recorder(loop), path.toString());
            accepted.next();
            server.close();

            assertThat(Files.exists(path)).isFalse();
            c.transport().close();
            server.waitClosed();
        });
    }

    @Test
    void aUnixServerDoesNotReplaceAFileThatIsNoSocket() throws Exception {
        Path path = NetKit.freshSocketPath();
        Files.writeString(path, "precious");
        try {
            run(loop -> assertThatThrownBy(() -> loop.createUnixServer(() -> new Recorder(loop), path.toString()))
                    .isInstanceOf(UncheckedIOException.class)
                    .hasMessageContaining("error while attempting to bind on address '" + path + "'"));
            assertThat(Files.readString(path)).isEqualTo("precious");
        } finally {
            Files.delete(path);
        }
    }

    @Test
    void tryWithResourcesClosesTheServer() {
        run(loop -> {
            Server kept;
            try (Server server = loop.createServer(() -> new Recorder(loop), "127.0.0.1", 0)) {
                kept = server;
                assertThat(server.isServing()).isTrue();
            }
            assertThat(kept.isServing()).isFalse();
            assertThat(kept.sockets()).isEmpty();
            kept.close(); // idempotent
        });
    }

    @Test
    void aBlockingClientIsServedToo() {
        run(loop -> {
            Accepted accepted = new Accepted(loop) {
                @Override
                Recorder newRecorder(EventLoop l) {
                    return new NetKit.Echo(l);
                }
            };
            try (Server server = loop.createServer(accepted, "127.0.0.1", 0)) {
                int port = NetKit.port(server);
                // A plain blocking JDK socket inside a task parks only the task (DESIGN §2).
                String echoed = loop.createTask(() -> {
                    try (SocketChannel s = SocketChannel.open(new InetSocketAddress("127.0.0.1", port))) {
                        s.write(java.nio.ByteBuffer.wrap(bytes("xxx")));
                        java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(3);
                        while (b.hasRemaining()) s.read(b);
                        return NetKit.latin1(b.array());
                    }
                }).await();
                assertThat(echoed).isEqualTo("xxx");
                assertThat(accepted.next().lost.await()).isNull();
            }
        });
    }
}
