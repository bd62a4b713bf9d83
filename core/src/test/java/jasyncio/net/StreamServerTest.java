package jasyncio.net;

import static jasyncio.Asyncio.createTask;
import static jasyncio.Asyncio.currentTask;
import static jasyncio.Asyncio.openConnection;
import static jasyncio.Asyncio.openUnixConnection;
import static jasyncio.Asyncio.sleep;
import static jasyncio.Asyncio.startServer;
import static jasyncio.Asyncio.startUnixServer;
import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import jasyncio.ExceptionContext;
import jasyncio.Future;
import jasyncio.Task;
import jasyncio.internal.SelectorLoop;
import jasyncio.internal.VirtualClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.Timeout.ThreadMode;

/**
 * Stream servers and connections ({@code start_server}, {@code open_connection} and their Unix
 * twins), re-expressed from CPython's test_streams.py; no timers, real sockets on loopback.
 */
@Timeout(value = 10, threadMode = ThreadMode.SEPARATE_THREAD)
class StreamServerTest {
    private final SelectorLoop loop = new SelectorLoop(new VirtualClock());
    private final List<ExceptionContext> handled = new ArrayList<>();

    @BeforeEach
    void recordErrors() {
        loop.setExceptionHandler((l, context) -> handled.add(context));
    }

    @AfterEach
    void closeLoop() {
        loop.close();
    }

    private static byte[] b(String s) {
        return s.getBytes(US_ASCII);
    }

    private static String s(byte[] bytes) {
        return new String(bytes, US_ASCII);
    }

    private static int port(Server server) throws IOException {
        return ((InetSocketAddress) server.sockets().get(0).getLocalAddress()).getPort();
    }

    /** The client of test_start_server: one line there and back. */
    private static String echoOnce(Streams s) {
        s.writer().write(b("hello world!\n"));
        String back = s(s.reader().readline());
        s.writer().close();
        s.writer().waitClosed();
        return back;
    }

    private static void echoLine(StreamReader reader, StreamWriter writer) {
        byte[] line = reader.readline();
        writer.write(line);
        writer.drain();
        writer.close();
        writer.waitClosed();
    }

    @Test
    void aServerRunsTheClientCallbackForEachConnection() {
        String back = loop.runUntilComplete(() -> {
            try (Server server = startServer(StreamServerTest::echoLine, "127.0.0.1", 0)) {
                String first = echoOnce(openConnection("127.0.0.1", port(server)));
                String second = echoOnce(openConnection("127.0.0.1", port(server)));
                assertThat(second).isEqualTo(first);
                server.close();
                server.waitClosed();
                return first;
            }
        });
        assertThat(back).isEqualTo("hello world!\n");
        assertThat(handled).isEmpty();
    }

    @Test
    void aCallbackMayHandTheConnectionToATaskOfItsOwn() {
        String back = loop.runUntilComplete(() -> {
            try (Server server = startServer((r, w) -> createTask(() -> echoLine(r, w)), "127.0.0.1", 0)) {
                return echoOnce(openConnection("127.0.0.1", port(server)));
            }
        });
        assertThat(back).isEqualTo("hello world!\n");
        assertThat(handled).isEmpty();
    }

    @Test
    void aUnixServerServesLikeATcpOne() throws IOException {
        Path dir = Files.createTempDirectory("jasyncio-streams");
        String path = dir.resolve("echo.sock").toString();
        try {
            String back = loop.runUntilComplete(() -> {
                try (Server server = startUnixServer(StreamServerTest::echoLine, path)) {
                    return echoOnce(openUnixConnection(path));
                }
            });
            assertThat(back).isEqualTo("hello world!\n");
            assertThat(handled).isEmpty();
        } finally {
            Files.deleteIfExists(Path.of(path));
            Files.delete(dir);
        }
    }

    @Test
    void theConnectionStaysOpenAfterTheCallbackReturns() {
        String reply = loop.runUntilComplete(() -> {
            Future<StreamWriter> served = loop.createFuture();
            try (Server server = startServer((r, w) -> served.setResult(w), "127.0.0.1", 0)) {
                Streams client = openConnection("127.0.0.1", port(server));
                StreamWriter w = served.await();
                sleep(0);
                w.write(b("later\n"));
                String line = s(client.reader().readline());
                client.close();
                w.close();
                return line;
            }
        });
        assertThat(reply).isEqualTo("later\n");
    }

    @Test
    void aFailingCallbackIsReportedAndItsConnectionClosed() {
        IllegalStateException boom = new IllegalStateException("boom");
        byte[] got = loop.runUntilComplete(() -> {
            try (Server server = startServer((r, w) -> {
                throw boom;
            }, "127.0.0.1", 0)) {
                Streams client = openConnection("127.0.0.1", port(server));
                byte[] all = client.reader().read();
                client.close();
                return all;
            }
        });
        assertThat(got).isEmpty();
        assertThat(handled).singleElement().satisfies(c -> {
            assertThat(c.message()).isEqualTo("Unhandled exception in client_connected_cb");
            assertThat(c.exception()).isSameAs(boom);
        });
    }

    @Test
    void cancellingTheClientTaskClosesItsConnectionQuietly() {
        byte[] got = loop.runUntilComplete(() -> {
            Future<Task<?>> clientTask = loop.createFuture();
            try (Server server = startServer((r, w) -> {
                clientTask.setResult(currentTask());
                r.read(); // until cancelled
            }, "127.0.0.1", 0)) {
                Streams client = openConnection("127.0.0.1", port(server));
                clientTask.await().cancel();
                byte[] all = client.reader().read();
                client.close();
                return all;
            }
        });
        assertThat(got).isEmpty();
        assertThat(handled).isEmpty();
    }

    @Test
    void aConnectionLostWithAnErrorMakesTheNextReadThrowIt() {
        ArithmeticException error = new ArithmeticException("/ by zero");
        loop.runUntilComplete(() -> {
            try (Server server = startServer((r, w) -> {}, "127.0.0.1", 0)) {
                Streams client = openConnection("127.0.0.1", port(server));
                client.writer().protocol().connectionLost(error);
                assertThatThrownBy(() -> client.reader().read()).isSameAs(error);
                client.close();
            }
        });
        assertThat(handled).isEmpty();
    }

    @Test
    void closingTheWriterFeedsEofToItsReader() {
        loop.runUntilComplete(() -> {
            try (Server server = startServer((r, w) -> {}, "127.0.0.1", 0)) {
                Streams client = openConnection("127.0.0.1", port(server));
                client.writer().close();
                client.writer().waitClosed();
                assertThat(client.reader().atEof()).isTrue();
                assertThat(client.reader().read()).isEmpty();
            }
        });
        assertThat(handled).isEmpty();
    }

    @Test
    void waitClosedReturnsEvenWithUnreadData() {
        loop.runUntilComplete(() -> {
            try (Server server = startServer((r, w) -> w.write(b("a line\nand more that nobody reads")), "127.0.0.1", 0)) {
                Streams client = openConnection("127.0.0.1", port(server));
                assertThat(s(client.reader().readline())).isEqualTo("a line\n");
                client.writer().close();
                client.writer().waitClosed();
            }
        });
        assertThat(handled).isEmpty();
    }

    @Test
    void drainFailsOnceThePeerHasClosedInsteadOfLoopingForever() throws Exception {
        try (ServerSocket plain = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            Thread acceptor = Thread.ofPlatform().start(() -> {
                try {
                    plain.accept().close();
                } catch (IOException ignored) {
                    // the test fails on its own if nobody connected
                }
            });
            loop.runUntilComplete(() -> {
                Streams client = openConnection("127.0.0.1", plain.getLocalPort());
                assertThatThrownBy(() -> {
                    while (true) {
                        client.writer().write(b("foo\n"));
                        client.writer().drain();
                    }
                }).isInstanceOf(ConnectionError.class);
                client.close();
            });
            acceptor.join();
        }
        assertThat(handled).isEmpty();
    }

    @Test
    void connectingWhereNobodyListensIsRefused() throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        loop.runUntilComplete(() -> {
            assertThatThrownBy(() -> openConnection("127.0.0.1", port)).isInstanceOf(ConnectionRefusedError.class);
        });
    }

    @Test
    void noFileDescriptorOutlivesItsConnection() throws IOException {
        loop.runUntilComplete(() -> echoServerRound(1)); // warm up: the loop's own descriptors
        long before = openFileDescriptors();
        loop.runUntilComplete(() -> echoServerRound(20));
        assertThat(openFileDescriptors()).isEqualTo(before);
    }

    private void echoServerRound(int clients) throws IOException {
        try (Server server = startServer(StreamServerTest::echoLine, "127.0.0.1", 0)) {
            for (int i = 0; i < clients; i++) echoOnce(openConnection("127.0.0.1", port(server)));
            int free = port(server);
            server.close();
            // As in asyncio, the listening socket is closed by close() itself, not at the loop's
            // next turn (the JDK defers the close of a channel registered with a selector).
            assertThatThrownBy(() -> openConnection("127.0.0.1", free)).isInstanceOf(ConnectionRefusedError.class);
            server.waitClosed();
            assertThatThrownBy(() -> openConnection("127.0.0.1", free)).isInstanceOf(ConnectionRefusedError.class);
        }
    }

    /** Open descriptors that are not files (sockets, pipes, epoll): jar files come and go with class loading. */
    private static long openFileDescriptors() throws IOException {
        try (var fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.filter(fd -> {
                try {
                    return !Files.readSymbolicLink(fd).toString().startsWith("/");
                } catch (IOException e) {
                    return false; // closed while listing
                }
            }).count();
        }
    }
}
