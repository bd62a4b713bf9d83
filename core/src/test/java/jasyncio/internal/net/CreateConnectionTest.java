package jasyncio.internal.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import jasyncio.Asyncio;
import jasyncio.CancelledError;
import jasyncio.EventLoop;
import jasyncio.Task;
import jasyncio.TimeoutError;
import jasyncio.internal.SelectorLoop;
import jasyncio.internal.VirtualClock;
import jasyncio.net.ConnectionError;
import jasyncio.net.ConnectionOptions;
import jasyncio.net.ConnectionRefusedError;
import jasyncio.net.NameInfo;
import jasyncio.net.Server;
import jasyncio.internal.net.NetKit.Accepted;
import jasyncio.internal.net.NetKit.Recorder;

/**
 * createConnection and the name look-ups: addresses tried in order, clear errors for refused and
 * timed-out connections and for bad local addresses, DNS on the executor (asyncio's
 * test_events / test_base_events create_connection tests, re-expressed).
 */
@Timeout(10)
class CreateConnectionTest {

    static void run(SocketTransportTest.Body body) {
        SocketTransportTest.run(body);
    }

    /** A loopback port nobody listens on (bound, then released). */
    static int closedPort() throws IOException {
        try (ServerSocketChannel s = ServerSocketChannel.open()) {
            s.bind(new InetSocketAddress("127.0.0.1", 0));
            return ((InetSocketAddress) s.getLocalAddress()).getPort();
        }
    }

    @Test
    void aRefusedConnectionIsAConnectionRefusedErrorNamingTheAddress() throws Exception {
        int port = closedPort();
        run(loop -> assertThatThrownBy(() -> loop.createConnection(() -> new Recorder(loop), "127.0.0.1", port))
                .isInstanceOf(ConnectionRefusedError.class)
                .isInstanceOf(ConnectionError.class)
                .hasMessage("Connect call failed 127.0.0.1:" + port + ": Connection refused")
                .hasCauseInstanceOf(ConnectException.class));
    }

    @Test
    void aRefusedConnectionByNameNamesTheHostAndEveryAddressTried() throws Exception {
        int port = closedPort();
        run(loop -> assertThatThrownBy(() -> loop.createConnection(() -> new Recorder(loop), "localhost", port))
                .isInstanceOf(ConnectionRefusedError.class)
                .hasMessageContaining("localhost:" + port)
                .hasMessageContaining("127.0.0.1:" + port)
                .hasMessageEndingWith("Connection refused"));
    }

    @Test
    void everyAddressIsTriedInOrderAndAllFailuresAreKept() {
        List<RuntimeException> failures = List.of(
                new ConnectionRefusedError("Connect call failed [::1]:7: Connection refused"),
                new ConnectionRefusedError("Connect call failed 127.0.0.1:7: Connection refused"));

        RuntimeException all = NetErrors.allFailed("localhost", 7, failures);

        assertThat(all).isInstanceOf(ConnectionRefusedError.class)
                .hasMessage("Cannot connect to localhost:7: all 2 addresses failed: Connect call failed [::1]:7:"
                        + " Connection refused; Connect call failed 127.0.0.1:7: Connection refused");
        assertThat(all.getSuppressed()).containsExactlyElementsOf(failures);
        assertThat(NetErrors.allFailed("h", 1, List.of(new ConnectionRefusedError("a"), new TimeoutError("b"))))
                .as("different kinds: the common base").isExactlyInstanceOf(ConnectionError.class);
    }

    @Test
    void aConnectTimeoutEndsAnUnansweredConnectWithTimeoutErrorAndClosesTheSocket() throws Exception {
        // A listener whose accept queue is full drops further SYNs: the connect hangs until the
        // timeout. On a virtual clock the timeout comes as soon as the loop is idle.
        try (ServerSocketChannel full = ServerSocketChannel.open()) {
            full.bind(new InetSocketAddress("127.0.0.1", 0), 1);
            int port = ((InetSocketAddress) full.getLocalAddress()).getPort();
            List<SocketChannel> fillers = fill(port);
            try (EventLoop loop = new SelectorLoop(new VirtualClock())) {
                long fds = NetKit.openFds();
                ConnectionOptions o = ConnectionOptions.builder().connectTimeout(Duration.ofSeconds(5)).build();
                Throwable error = loop.runUntilComplete(() -> {
                    double t0 = loop.time();
                    try {
                        loop.createConnection(() -> new Recorder(loop), "127.0.0.1", port, o);
                        return null;
                    } catch (TimeoutError e) {
                        assertThat(loop.time() - t0).isEqualTo(5.0);
                        return e;
                    }
                });
                assertThat(error).hasMessage("Connect call to 127.0.0.1:" + port + " timed out after 5.0 s");
                loop.runUntilComplete(() -> Asyncio.sleep(0)); // the selector lets go of the closed socket
                assertThat(NetKit.openFds()).isEqualTo(fds);
            } finally {
                for (SocketChannel f : fillers) f.close();
            }
        }
    }

    /** Non-blocking connects that fill the accept queue of a listener with backlog 1 (it holds two). */
    static List<SocketChannel> fill(int port) throws IOException {
        List<SocketChannel> fillers = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            SocketChannel f = SocketChannel.open();
            f.configureBlocking(false);
            f.connect(new InetSocketAddress("127.0.0.1", port));
            fillers.add(f);
        }
        return fillers;
    }

    @Test
    void cancellingATaskWhileItConnectsClosesTheSocket() throws Exception {
        try (ServerSocketChannel full = ServerSocketChannel.open()) {
            full.bind(new InetSocketAddress("127.0.0.1", 0), 1);
            int port = ((InetSocketAddress) full.getLocalAddress()).getPort();
            List<SocketChannel> fillers = fill(port);
            try {
                long fds = NetKit.openFds();
                try (EventLoop loop = Asyncio.newEventLoop()) {
                    loop.runUntilComplete(() -> {
                        Task<?> connecting = loop.createTask(() -> loop.createConnection(() -> new Recorder(loop), "127.0.0.1", port));
                        for (int i = 0; i < 3; i++) Asyncio.sleep(0);
                        assertThat(connecting.isDone()).isFalse();
                        connecting.cancel();
                        assertThatThrownBy(connecting::await).isInstanceOf(CancelledError.class);
                    });
                }
                assertThat(NetKit.openFds()).isEqualTo(fds);
            } finally {
                for (SocketChannel f : fillers) f.close();
            }
        }
    }

    @Test
    void theLocalAddressIsBoundBeforeConnecting() {
        run(loop -> {
            Accepted accepted = new Accepted(loop);
            try (Server server = loop.createServer(accepted, "127.0.0.1", 0)) {
                ConnectionOptions o = ConnectionOptions.builder()
                        .localAddress(new InetSocketAddress("127.0.0.1", 0)).build();
                var c = loop.createConnection(() -> new Recorder(loop), "127.0.0.1", NetKit.port(server), o);
                InetSocketAddress local = (InetSocketAddress) c.transport().getExtraInfo("sockname");

                assertThat(local.getAddress()).isEqualTo(InetAddress.getByName("127.0.0.1"));
                assertThat(accepted.next().transport.getExtraInfo("peername")).isEqualTo(local);
                c.transport().close();
                c.protocol().lost.await();
            }
        });
    }

    @Test
    void aLocalAddressInUseFailsWithAsyncioMessage() {
        run(loop -> {
            try (Server server = loop.createServer(() -> new Recorder(loop), "127.0.0.1", 0)) {
                int port = NetKit.port(server);
                ConnectionOptions o = ConnectionOptions.builder()
                        .localAddress(new InetSocketAddress("127.0.0.1", port)).build();

                assertThatThrownBy(() -> loop.createConnection(() -> new Recorder(loop), "127.0.0.1", port, o))
                        .isInstanceOf(UncheckedIOException.class)
                        .hasMessage("error while attempting to bind on address 127.0.0.1:" + port + ": address already in use");
            }
        });
    }

    @Test
    void aFamilyWithNoAddressFailsNamingTheHost() {
        run(loop -> {
            ConnectionOptions v6 = ConnectionOptions.builder().family(StandardProtocolFamily.INET6).build();

            assertThatThrownBy(() -> loop.createConnection(() -> new Recorder(loop), "127.0.0.1", 80, v6))
                    .isInstanceOf(UncheckedIOException.class)
                    .hasMessage("127.0.0.1: no address of family INET6")
                    .hasCauseInstanceOf(java.net.UnknownHostException.class);
        });
    }

    @Test
    void namesAreLookedUpOnTheDefaultExecutorAndLiteralsNotAtAll() {
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try (EventLoop loop = Asyncio.newEventLoop()) {
            List<String> ranOn = Collections.synchronizedList(new ArrayList<>());
            loop.setDefaultExecutor(job -> pool.execute(() -> {
                ranOn.add(Thread.currentThread().getName());
                job.run();
            }));
            loop.runUntilComplete(() -> {
                String loopThread = Thread.currentThread().getName();
                try (Server server = loop.createServer(() -> new Recorder(loop), "127.0.0.1", 0)) {
                    var c = loop.createConnection(() -> new Recorder(loop), "127.0.0.1", NetKit.port(server));
                    c.transport().close();
                    assertThat(ranOn).as("a literal needs no look-up").isEmpty();

                    List<InetSocketAddress> all = loop.getaddrinfo("localhost", 80);
                    assertThat(all).isNotEmpty().allSatisfy(a -> {
                        assertThat(a.getAddress().isLoopbackAddress()).isTrue();
                        assertThat(a.getPort()).isEqualTo(80);
                    });
                    NameInfo name = loop.getnameinfo(new InetSocketAddress("127.0.0.1", 8080));
                    assertThat(name.service()).isEqualTo("8080");
                    assertThat(name.host()).isNotEmpty();
                    assertThat(ranOn).hasSize(2).doesNotContain(loopThread);
                    c.protocol().lost.await();
                }
            });
        } finally {
            pool.shutdown();
        }
    }

    @Test
    void anUnknownPortNumberIsRefusedBeforeAnyLookUp() {
        run(loop -> assertThatThrownBy(() -> loop.createConnection(() -> new Recorder(loop), "127.0.0.1", 70000))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("port out of range: 70000"));
    }

    @Test
    void callingFromOutsideATaskIsRefusedWithTheFix() {
        try (EventLoop loop = Asyncio.newEventLoop()) {
            assertThatThrownBy(() -> loop.createConnection(() -> new Recorder(loop), "127.0.0.1", 1))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("must be called from a task of this loop")
                    .hasMessageContaining("runCoroutineThreadsafe");
        }
    }

    @Test
    void aFactoryMakingNoStreamProtocolIsRefusedAndTheSocketClosed() {
        run(loop -> {
            Recorder accepted = new Recorder(loop);
            try (Server server = loop.createServer(() -> accepted, "127.0.0.1", 0)) {
                long fds = NetKit.openFds();
                assertThatThrownBy(() -> loop.createConnection(() -> new jasyncio.net.DatagramProtocol() {}, "127.0.0.1",
                        NetKit.port(server)))
                        .isInstanceOf(IllegalArgumentException.class)
                        .hasMessageStartingWith("a stream transport needs a jasyncio.net.Protocol or BufferedProtocol");
                // The kernel completed the handshake, so the server accepts the connection and
                // then sees it closed: count only once its side is gone too.
                Asyncio.waitFor(accepted.lost, 5.0);
                assertThat(NetKit.openFds()).isEqualTo(fds);
            }
        });
    }

    @Test
    void connectAcceptedSocketWrapsASocketConnectedElsewhere() {
        run(loop -> {
            try (ServerSocketChannel listener = ServerSocketChannel.open()) {
                listener.bind(new InetSocketAddress("127.0.0.1", 0));
                SocketChannel client = SocketChannel.open();
                loop.sockConnect(client, listener.getLocalAddress());
                SocketChannel accepted = loop.sockAccept(listener);

                var c = loop.connectAcceptedSocket(() -> new NetKit.Echo(loop), accepted);
                loop.sockSendall(client, NetKit.bytes("over"));
                assertThat(NetKit.latin1(loop.sockRecv(client, 4))).isEqualTo("over");
                client.close();
                assertThat(c.protocol().lost.await()).isNull();
            }
        });
    }

    @Test
    void aCancelledTaskWaitingForConnectionMadeClosesTheTransportAfterConnectionMade() {
        run(loop -> {
            Accepted accepted = new Accepted(loop);
            try (Server server = loop.createServer(accepted, "127.0.0.1", 0)) {
                List<Recorder> made = new ArrayList<>();
                // Cancel after k loop iterations, for every k until the call completes on its own.
                for (int k = 0; ; k++) {
                    Task<?> t = loop.createTask(() -> loop.createConnection(() -> {
                        Recorder r = new Recorder(loop);
                        made.add(r);
                        return r;
                    }, "127.0.0.1", NetKit.port(server)));
                    for (int i = 0; i < k; i++) Asyncio.sleep(0);
                    if (t.isDone()) {
                        t.await();
                        break;
                    }
                    t.cancel();
                    assertThatThrownBy(t::await).isInstanceOf(CancelledError.class);
                }
                for (Recorder r : made.subList(0, made.size() - 1)) {
                    assertThat(r.lost.await()).isNull();
                    assertThat(r.events).containsExactly("made", "lost:null");
                }
            }
        });
    }
}
