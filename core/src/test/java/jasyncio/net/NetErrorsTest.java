package jasyncio.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import jasyncio.Asyncio;
import jasyncio.Coroutine;
import jasyncio.TimeoutError;
import jasyncio.internal.net.NetErrors;
import jasyncio.internal.SelectorLoop;
import jasyncio.internal.VirtualClock;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.DisabledIf;
import org.junit.jupiter.api.io.TempDir;

/**
 * Connections that cannot be made fail with an error that names the address asked for and says
 * why — refused, unreachable, timed out, no such socket file — and leave no file descriptor
 * behind (the process's count in /proc/self/fd is the same before the loop is made and after it
 * is closed). No packet leaves the machine: refusals come from loopback ports nobody listens on,
 * timeouts from a loopback listener whose accept queue is full, and "unreachable" from a
 * thread in a network namespace of its own ({@link IsolatedNetwork}).
 */
@Timeout(10)
class NetErrorsTest {

    @TempDir
    Path dir;

    @BeforeAll
    static void warmUp() throws Exception {
        // Load the classes and let the JDK open what it opens once, so the counts see only sockets.
        int port = closedPort("127.0.0.1");
        onLoop(() -> catchThrowable(() -> Streams.openConnection("127.0.0.1", port)));
    }

    /** Runs {@code body} as the main task of a fresh virtual-clock loop, and closes the loop. */
    static <T> T onLoop(Coroutine<T> body) {
        try (SelectorLoop loop = new SelectorLoop(new VirtualClock())) {
            return loop.runUntilComplete(body);
        }
    }

    static long openFds() {
        return ScaleTest.openFds();
    }

    /** A port on {@code host} that nobody listens on (bound, then released). */
    static int closedPort(String host) throws IOException {
        try (ServerSocketChannel s = ServerSocketChannel.open()) {
            s.bind(new InetSocketAddress(host, 0));
            return ((InetSocketAddress) s.getLocalAddress()).getPort();
        }
    }

    // ---------------------------------------------------------------- refused

    @Test
    void aRefusedConnectionToIpv6LoopbackNamesTheBracketedAddress() throws Exception {
        int port = closedPort("::1");
        long before = openFds();

        Throwable e = onLoop(() -> catchThrowable(() -> Streams.openConnection("::1", port)));

        assertThat(e).isInstanceOf(ConnectionRefusedError.class)
                .hasMessage("Connect call failed [::1]:" + port + ": Connection refused")
                .hasCauseInstanceOf(ConnectException.class);
        assertThat(openFds()).isEqualTo(before);
    }

    @Test
    void ipv6AddressesInErrorsAreWrittenInTheirShortForm() throws Exception {
        assertThat(formatted("::1")).isEqualTo("[::1]:80");
        assertThat(formatted("::")).isEqualTo("[::]:80");
        assertThat(formatted("2001:DB8:0:0:1:0:0:1")).as("the first of two equal runs").isEqualTo("[2001:db8::1:0:0:1]:80");
        assertThat(formatted("1:0:0:1:0:0:0:1")).as("the longest run").isEqualTo("[1:0:0:1::1]:80");
        assertThat(formatted("2001:db8:0:1:2:3:4:5")).as("a single zero group stays").isEqualTo("[2001:db8:0:1:2:3:4:5]:80");
        assertThat(formatted("fe80:0:0:0:0:0:0:1%1")).isEqualTo("[fe80::1%1]:80");
    }

    private static String formatted(String literal) throws IOException {
        return NetErrors.format(new InetSocketAddress(InetAddress.getByName(literal), 80));
    }

    @Test
    void aUnixConnectionToAStaleSocketFileIsRefusedNamingThePath() throws Exception {
        Path stale = dir.resolve("stale.sock");
        try (ServerSocketChannel s = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            s.bind(UnixDomainSocketAddress.of(stale)); // the file stays after the close
        }
        long before = openFds();

        Throwable e = onLoop(() -> catchThrowable(() -> Streams.openUnixConnection(stale.toString())));

        assertThat(e).isInstanceOf(ConnectionRefusedError.class)
                .hasMessage("Connect call failed '" + stale + "': Connection refused");
        assertThat(openFds()).isEqualTo(before);
    }

    @Test
    void aUnixConnectionToAMissingPathSaysThereIsNoSuchFile() throws Exception {
        Path missing = dir.resolve("missing.sock");
        long before = openFds();

        Throwable e = onLoop(() -> catchThrowable(() -> Streams.openUnixConnection(missing.toString())));

        // Python raises FileNotFoundError, an OSError but no ConnectionError.
        assertThat(e).isInstanceOf(UncheckedIOException.class).isNotInstanceOf(ConnectionError.class)
                .hasMessage("Connect call failed '" + missing + "': No such file or directory")
                .hasCauseInstanceOf(IOException.class);
        assertThat(Files.exists(missing)).isFalse();
        assertThat(openFds()).isEqualTo(before);
    }

    // ---------------------------------------------------------------- unreachable

    @Test
    @DisabledIf(value = "jasyncio.internal.CarrierBinding#singleCarrier",
            disabledReason = "the loop must run on the thread that entered the namespace, as only the default mode does")
    void connectingIntoAnUnreachableNetworkFailsAtOnceNamingTheAddressAndTheCause() throws Exception {
        String why = IsolatedNetwork.unavailable();
        assumeTrue(why == null, "no network namespace: " + why);
        long before = openFds();
        ConnectionOptions patient = ConnectionOptions.builder().connectTimeout(Duration.ofSeconds(30)).build();

        List<Object> seen = IsolatedNetwork.call(() -> {
            try (SelectorLoop loop = new SelectorLoop(new VirtualClock())) {
                return loop.runUntilComplete(() -> {
                    double t0 = loop.time();
                    Throwable v4 = catchThrowable(() -> Streams.openConnection("127.0.0.1", 7, 1024, patient));
                    Throwable v6 = catchThrowable(() -> Streams.openConnection("::1", 7, 1024, patient));
                    return List.<Object>of(v4, v6, loop.time() - t0);
                });
            }
        });

        assertThat((Throwable) seen.get(0)).isInstanceOf(UncheckedIOException.class)
                .isNotInstanceOf(ConnectionError.class)
                .hasMessage("Connect call failed 127.0.0.1:7: Network is unreachable")
                .cause().isInstanceOf(SocketException.class).hasMessage("Network is unreachable");
        // Without an address of its family, IPv6 cannot even pick a source address.
        assertThat((Throwable) seen.get(1)).isInstanceOf(UncheckedIOException.class)
                .hasMessage("Connect call failed [::1]:7: Cannot assign requested address");
        assertThat(seen.get(2)).as("seconds spent: the errors come at once, not at the timeout").isEqualTo(0.0);
        assertThat(openFds()).isEqualTo(before);
    }

    // ---------------------------------------------------------------- timeouts

    /**
     * A loopback listener that never accepts, with its accept queue full: the kernel drops
     * further connection attempts, so a connect to it waits until something gives up.
     */
    static final class BlackHole implements AutoCloseable {
        final ServerSocketChannel listener;
        final List<SocketChannel> fillers = new ArrayList<>();
        final int port;

        BlackHole() throws IOException {
            listener = ServerSocketChannel.open();
            listener.bind(new InetSocketAddress("127.0.0.1", 0), 1);
            port = ((InetSocketAddress) listener.getLocalAddress()).getPort();
            for (int i = 0; i < 3; i++) { // a backlog of 1 queues two
                SocketChannel f = SocketChannel.open();
                f.configureBlocking(false);
                f.connect(new InetSocketAddress("127.0.0.1", port));
                fillers.add(f);
            }
        }

        @Override
        public void close() throws IOException {
            for (SocketChannel f : fillers) f.close();
            listener.close();
        }
    }

    @Test
    void theConnectTimeoutNamesTheHostAsAskedAndTheAddressTried() throws Exception {
        try (BlackHole hole = new BlackHole()) {
            long before = openFds();
            ConnectionOptions o = ConnectionOptions.builder().connectTimeout(Duration.ofSeconds(2)).build();

            Throwable e = onLoop(() -> catchThrowable(() -> Streams.openConnection("localhost", hole.port, 1024, o)));

            assertThat(e).isInstanceOf(TimeoutError.class)
                    .hasMessage("Connect call to localhost:" + hole.port + " (127.0.0.1:" + hole.port + ") timed out after 2.0 s");
            assertThat(openFds()).isEqualTo(before);
        }
    }

    @Test
    void aTimeoutAroundOpenConnectionEndsTheConnectAndClosesTheSocket() throws Exception {
        try (BlackHole hole = new BlackHole()) {
            long before = openFds();

            List<Object> seen = onLoop(() -> {
                SelectorLoop loop = (SelectorLoop) Asyncio.getRunningLoop();
                double t0 = loop.time();
                Throwable byTimeout = catchThrowable(
                        () -> Asyncio.timeout(5.0, () -> Streams.openConnection("127.0.0.1", hole.port)));
                double t1 = loop.time();
                Throwable byWaitFor = catchThrowable(
                        () -> Asyncio.waitFor(() -> Streams.openConnection("127.0.0.1", hole.port), 3.0));
                return List.<Object>of(byTimeout, t1 - t0, byWaitFor, loop.time() - t1);
            });

            assertThat((Throwable) seen.get(0)).isInstanceOf(TimeoutError.class);
            assertThat(seen.get(1)).isEqualTo(5.0);
            assertThat((Throwable) seen.get(2)).isInstanceOf(TimeoutError.class);
            assertThat(seen.get(3)).isEqualTo(3.0);
            assertThat(openFds()).isEqualTo(before);
        }
    }
}
