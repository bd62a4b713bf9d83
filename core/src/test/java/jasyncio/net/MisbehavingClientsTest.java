package jasyncio.net;

import static jasyncio.Asyncio.createTask;
import static jasyncio.Asyncio.sleep;
import static jasyncio.Asyncio.toThread;
import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import jasyncio.ExceptionContext;
import jasyncio.Task;
import jasyncio.internal.SelectorLoop;
import jasyncio.internal.VirtualClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A {@link Streams#startServer} server written the plain way — a task per connection reading
 * lines, no error handling of its own — survives clients that misbehave: half a line then a
 * reset, an endless line, connecting and leaving at once (with a FIN or a reset, even before
 * the server accepted), never reading while the server writes a lot. Each costs the server that
 * one connection (its task's error goes to the loop's exception handler); a client connected
 * all along and clients arriving afterwards are served; when the server closes, its last
 * connection is gone and the process has the file descriptors it had before.
 */
@Timeout(10)
class MisbehavingClientsTest {

    private final SelectorLoop loop = new SelectorLoop(new VirtualClock());
    private final List<ExceptionContext> reported = Collections.synchronizedList(new ArrayList<>());
    private long fdsBefore;

    @BeforeEach
    void countFds() {
        // A first loop and connection open what the JDK opens once; then count.
        try (SelectorLoop warm = new SelectorLoop(new VirtualClock())) {
            warm.runUntilComplete(() -> {
                Server s = Streams.startServer(MisbehavingClientsTest::serve, "127.0.0.1", 0);
                Streams c = Streams.openConnection("127.0.0.1", port(s));
                c.close();
                c.writer().waitClosed();
                s.close();
                s.waitClosed();
            });
        }
        fdsBefore = ScaleTest.openFds();
        loop.setExceptionHandler((l, ctx) -> reported.add(ctx));
    }

    @AfterEach
    void closeLoop() {
        loop.close();
    }

    /**
     * The server under test: echoes lines; on "flood" writes 16 KiB chunks, draining after each,
     * until the connection breaks. No try/catch: a failure ends the task and is reported.
     */
    static void serve(StreamReader reader, StreamWriter writer) {
        try (writer) {
            for (byte[] line : reader) {
                if (new String(line, ISO_8859_1).equals("flood\n")) {
                    byte[] chunk = new byte[16 * 1024];
                    while (true) {
                        writer.write(chunk);
                        writer.drain();
                    }
                }
                writer.write(line);
                writer.drain();
            }
        }
    }

    /** The accepted connections' writers, in order; the server records them here. */
    private final List<StreamWriter> accepted = new ArrayList<>();

    private Server startServer() {
        return startServer(ServerOptions.DEFAULTS);
    }

    private Server startServer(ServerOptions options) {
        return Streams.startServer((r, w) -> {
            accepted.add(w);
            serve(r, w);
        }, "127.0.0.1", 0, StreamReader.DEFAULT_LIMIT, options);
    }

    private static int port(Server s) {
        try {
            return ((InetSocketAddress) s.sockets().get(0).getLocalAddress()).getPort();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static byte[] b(String s) {
        return s.getBytes(ISO_8859_1);
    }

    /** One line sent and echoed over {@code c}. */
    private static void assertEchoes(Streams c, String line) {
        c.writer().write(b(line));
        c.writer().drain();
        assertThat(new String(c.reader().readline(), ISO_8859_1)).isEqualTo(line);
    }

    /** A new client is served, then leaves properly. */
    private static void assertANewClientIsServed(Server server) {
        try (Streams c = Streams.openConnection("127.0.0.1", port(server))) {
            assertEchoes(c, "newcomer\n");
            c.writer().writeEof();
            assertThat(c.reader().read()).isEmpty();
        }
    }

    /** Ends {@code c} with a TCP reset instead of a FIN. */
    private static void reset(Streams c) throws IOException {
        ((SocketChannel) c.writer().getExtraInfo("socket")).setOption(StandardSocketOptions.SO_LINGER, 0);
        c.writer().transport().abort();
    }

    /** Closes the server and its clients and waits until every connection it accepted is gone. */
    private static void closeAndWait(Server server) {
        server.close();
        server.closeClients();
        server.waitClosed();
    }

    private void assertNothingLeaked() {
        assertThat(ScaleTest.openFds()).as("open file descriptors").isEqualTo(fdsBefore);
    }

    private List<Class<?>> reportedErrors() {
        synchronized (reported) {
            return reported.stream().<Class<?>>map(c -> c.exception().getClass()).toList();
        }
    }

    // ---------------------------------------------------------------- the cases

    @Test
    void halfALineOfGarbageThenAResetCostsTheServerOnlyThatConnection() {
        loop.runUntilComplete(() -> {
            Server server = startServer();
            Streams loyal = Streams.openConnection("127.0.0.1", port(server));
            assertEchoes(loyal, "hello\n");

            Streams rude = Streams.openConnection("127.0.0.1", port(server));
            rude.writer().write(new byte[] {0, (byte) 0xff, 'G', 'E', 'T', ' ', '/', '\r'});
            rude.writer().drain();
            while (accepted.size() < 2) sleep(0);
            reset(rude);
            StreamWriter rudeOnServer = accepted.get(1);
            while (!rudeOnServer.isClosing()) sleep(0);

            assertEchoes(loyal, "still there?\n");
            assertANewClientIsServed(server);
            loyal.close();
            closeAndWait(server);
        });
        assertThat(reportedErrors()).containsExactly(ConnectionResetError.class);
        assertThat(reported.get(0).message()).isEqualTo("Unhandled exception in client_connected_cb");
        assertNothingLeaked();
    }

    @Test
    void anEndlessLineIsCutOffAtTheLimitAndOthersAreServedMeanwhile() {
        loop.runUntilComplete(() -> {
            Server server = startServer();
            Streams loyal = Streams.openConnection("127.0.0.1", port(server));
            Streams endless = Streams.openConnection("127.0.0.1", port(server));
            // Garbage without a newline: the server's readline gives up at the limit (64 KiB),
            // its task fails and the connection is closed; the client's writes end in an error.
            Task<Throwable> flooding = createTask(() -> {
                byte[] garbage = new byte[8 * 1024];
                java.util.Arrays.fill(garbage, (byte) 'x');
                try {
                    while (true) {
                        endless.writer().write(garbage);
                        endless.writer().drain();
                    }
                } catch (ConnectionError e) {
                    return e;
                }
            });
            assertEchoes(loyal, "meanwhile\n");
            assertThat(flooding.await()).isInstanceOf(ConnectionError.class);
            endless.close();

            assertEchoes(loyal, "after\n");
            assertANewClientIsServed(server);
            loyal.close();
            closeAndWait(server);
        });
        assertThat(reportedErrors()).containsExactly(IllegalArgumentException.class);
        assertThat(reported.get(0).exception()).hasMessage("Separator is not found, and chunk exceed the limit")
                .hasCauseInstanceOf(LimitOverrunError.class);
        assertNothingLeaked();
    }

    @Test
    void clientsThatConnectAndLeaveAtOnceAreForgotten() {
        loop.runUntilComplete(() -> {
            // Not accepting yet: the kernel completes the handshakes into the backlog, so these
            // clients are gone before the server gets to them.
            Server server = startServer(ServerOptions.builder().startServing(false).build());
            for (int i = 0; i < 20; i++) {
                Streams c = Streams.openConnection("127.0.0.1", port(server));
                if (i % 2 == 0) {
                    c.close();          // a FIN: the server will read the end of the stream
                } else {
                    reset(c);           // a reset: the server's read will fail
                }
            }
            InetSocketAddress address = new InetSocketAddress("127.0.0.1", port(server));
            toThread(() -> {            // blocking sockets of a plain thread, reset as soon as connected
                for (int i = 0; i < 20; i++) {
                    SocketChannel c = SocketChannel.open(address);
                    c.setOption(StandardSocketOptions.SO_LINGER, 0);
                    c.close();
                }
                return null;
            });
            server.startServing();
            // Accepted after every client queued before it (the accept queue is FIFO).
            Streams loyal = Streams.openConnection("127.0.0.1", port(server));
            assertEchoes(loyal, "anyone else?\n");
            List<StreamWriter> early = accepted.subList(0, accepted.size() - 1);
            while (early.stream().anyMatch(w -> !w.isClosing())) sleep(0);
            assertThat(early).as("connections that ended before the server accepted them").hasSizeLessThanOrEqualTo(40);

            assertEchoes(loyal, "still serving\n");
            assertANewClientIsServed(server);
            loyal.close();
            closeAndWait(server);
        });
        // A reset may fail the server's read of its connection; a FIN ends it quietly.
        assertThat(reportedErrors()).hasSizeLessThanOrEqualTo(30).containsOnly(ConnectionResetError.class);
        assertNothingLeaked();
    }

    @Test
    void runningOutOfFileDescriptorsPausesAcceptingForASecondThenServesTheWaitingClient() {
        loop.runUntilComplete(() -> {
            Server server = startServer(ServerOptions.builder().startServing(false).build());
            Streams waiting = Streams.openConnection("127.0.0.1", port(server)); // in the backlog
            List<java.nio.channels.FileChannel> hogs = new ArrayList<>();
            double failedAt;
            try {
                // Take every free descriptor, so the server's accept() fails with EMFILE.
                try {
                    while (true) hogs.add(java.nio.channels.FileChannel.open(java.nio.file.Path.of("/dev/null")));
                } catch (IOException full) {
                    assertThat(full).hasMessageContaining("Too many open files");
                }
                server.startServing();
                while (reported.isEmpty()) sleep(0);
                failedAt = loop.time();
            } finally {
                for (var h : hogs) h.close();
            }
            assertThat(reported.get(0).message()).startsWith("socket.accept() out of system resource")
                    .endsWith("accepting again in 1.0 s");
            assertThat(reported.get(0).exception()).hasMessageContaining("Too many open files");

            // The client waited in the backlog; the server accepts it on its second try.
            assertEchoes(waiting, "served late\n");
            assertThat(loop.time() - failedAt).isCloseTo(1.0, within(1e-9));
            assertANewClientIsServed(server);
            waiting.close();
            closeAndWait(server);
        });
        assertThat(reported).hasSize(1);
        assertNothingLeaked();
    }

    @Test
    void aClientThatNeverReadsStallsOnlyItsOwnTaskWithABoundedBuffer() throws Exception {
        loop.runUntilComplete(() -> {
            Server server = startServer();
            Streams loyal = Streams.openConnection("127.0.0.1", port(server));
            Streams deaf = Streams.openConnection("127.0.0.1", port(server));
            ((SocketChannel) deaf.writer().getExtraInfo("socket")).setOption(StandardSocketOptions.SO_RCVBUF, 16 * 1024);
            deaf.writer().transport().pauseReading(); // it never reads
            while (accepted.size() < 2) sleep(0);
            StreamWriter flooder = accepted.get(1);
            Transport floodTransport = flooder.transport();
            deaf.writer().write(b("flood\n"));

            // The server's writes fill the socket buffers, then its task waits in drain for good.
            while (!flooder.protocol().flowControl().isPaused()) sleep(0);
            int maxBuffered = 0;
            for (int i = 0; i < 20; i++) {
                assertEchoes(loyal, "served " + i + "\n");
                assertThat(flooder.protocol().flowControl().isPaused()).as("still stalled").isTrue();
                maxBuffered = Math.max(maxBuffered, floodTransport.getWriteBufferSize());
            }
            assertThat(maxBuffered).as("bytes the server buffers for the deaf client")
                    .isLessThanOrEqualTo(floodTransport.getWriteBufferLimits()[1] + 16 * 1024);

            reset(deaf);
            while (!flooder.isClosing()) sleep(0);
            assertEchoes(loyal, "after\n");
            assertANewClientIsServed(server);
            loyal.close();
            closeAndWait(server);
        });
        // The flooding task's drain fails with what broke the connection: a reset or a broken pipe.
        assertThat(reportedErrors()).singleElement().matches(ConnectionError.class::isAssignableFrom);
        assertNothingLeaked();
    }
}
