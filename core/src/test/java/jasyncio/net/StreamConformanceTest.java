package jasyncio.net;

import static jasyncio.Asyncio.createTask;
import static jasyncio.Asyncio.gather;
import static jasyncio.Asyncio.sleep;
import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import jasyncio.CancelledError;
import jasyncio.EventLoop;
import jasyncio.Task;
import jasyncio.VoidCoroutine;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.Timeout.ThreadMode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * One suite of stream behaviour, run over every {@link StreamPairKind} (in-memory, TCP, Unix
 * sockets...): whatever carries the bytes, a reader and writer pair behaves the same. In the
 * spirit of Trio's {@code check_two_way_stream}. No timers: socket kinds run on real I/O, and
 * the JUnit timeout catches a hang.
 */
@Timeout(value = 10, threadMode = ThreadMode.SEPARATE_THREAD)
class StreamConformanceTest {

    /** A test run once per stream pair kind. */
    @Target(ElementType.METHOD)
    @Retention(RetentionPolicy.RUNTIME)
    @ParameterizedTest(name = "{0}")
    @MethodSource("jasyncio.net.StreamPairKind#all")
    @interface EveryKind {}

    /** A test body, given the two ends of a fresh connection. */
    @FunctionalInterface
    interface Body {
        void run(Streams client, Streams server, StreamPairKind.Opened pair) throws Exception;
    }

    private EventLoop loop;

    @AfterEach
    void closeLoop() {
        if (loop != null) loop.close();
    }

    private void withPair(StreamPairKind kind, Body body) {
        withPair(kind, StreamReader.DEFAULT_LIMIT, body);
    }

    private void withPair(StreamPairKind kind, int limit, Body body) {
        loop = kind.newLoop();
        loop.runUntilComplete(() -> {
            StreamPairKind.Opened pair = kind.open(loop, limit);
            try {
                body.run(pair.client(), pair.server(), pair);
            } finally {
                // Close both ends and wait, so that no socket outlives the test.
                for (Streams end : List.of(pair.client(), pair.server())) {
                    end.close();
                    try {
                        end.writer().waitClosed();
                    } catch (RuntimeException broken) {
                        // a test that broke the connection on purpose
                    }
                }
            }
        });
    }

    /** Ends the writing side: a half-close where the kind has one, else (TLS) a close. */
    private static void endWriting(StreamWriter writer) {
        if (writer.canWriteEof()) {
            writer.writeEof();
        } else {
            writer.close();
        }
    }

    private static byte[] b(String s) {
        return s.getBytes(US_ASCII);
    }

    private static String s(byte[] bytes) {
        return new String(bytes, US_ASCII);
    }

    private static byte[] pattern(int n, int seed) {
        byte[] data = new byte[n];
        new Random(seed).nextBytes(data);
        return data;
    }

    // ---------------------------------------------------------------- data

    @EveryKind
    void bytesArriveInTheOrderTheyWereWritten(StreamPairKind kind) {
        withPair(kind, (client, server, pair) -> {
            List<byte[]> messages = new ArrayList<>();
            for (int i = 0; i < 40; i++) messages.add(pattern(1 + i * 37, i));
            for (byte[] m : messages) client.writer().write(m);
            client.writer().drain();
            for (byte[] m : messages) assertThat(server.reader().readexactly(m.length)).isEqualTo(m);
        });
    }

    @EveryKind
    void bothDirectionsCarryDataAtTheSameTime(StreamPairKind kind) {
        withPair(kind, (client, server, pair) -> {
            byte[] up = pattern(kind.scaled(200_000), 1);
            byte[] down = pattern(kind.scaled(150_000), 2);
            Task<byte[]> serverSide = createTask(() -> {
                server.writer().write(down);
                byte[] got = server.reader().readexactly(up.length);
                server.writer().drain();
                return got;
            });
            client.writer().write(up);
            byte[] gotDown = client.reader().readexactly(down.length);
            client.writer().drain();
            assertThat(gotDown).isEqualTo(down);
            assertThat(serverSide.await()).isEqualTo(up);
        });
    }

    @EveryKind
    void readReturnsWhatHasArrivedWithoutWaitingForTheFullCount(StreamPairKind kind) {
        withPair(kind, (client, server, pair) -> {
            client.writer().write(b("0123456789"));
            byte[] first = server.reader().read(100);
            assertThat(first.length).isBetween(1, 10);
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            all.writeBytes(first);
            while (all.size() < 10) all.writeBytes(server.reader().read(100));
            assertThat(s(all.toByteArray())).isEqualTo("0123456789");
        });
    }

    @EveryKind
    void linesAndSeparatorsSurviveAnyChunking(StreamPairKind kind) {
        withPair(kind, (client, server, pair) -> {
            client.writer().writelines(List.of(b("GET / HTTP/1.1\r\nHost: x\r\n\r\n"), b("line one\nline two\n"), b("tail")));
            endWriting(client.writer());
            assertThat(s(server.reader().readuntil(b("\r\n\r\n")))).isEqualTo("GET / HTTP/1.1\r\nHost: x\r\n\r\n");
            List<String> lines = new ArrayList<>();
            for (byte[] line : server.reader()) lines.add(s(line));
            assertThat(lines).containsExactly("line one\n", "line two\n", "tail");
            assertThat(server.reader().atEof()).isTrue();
        });
    }

    @EveryKind
    void aTinyLimitPausesAndResumesTheTransportButLosesNothing(StreamPairKind kind) {
        withPair(kind, 1, (client, server, pair) -> {
            byte[] data = pattern(kind.scaled(100_000), 5);
            Task<Void> writer = createTask((VoidCoroutine) () -> {
                client.writer().write(data);
                client.writer().drain();
                endWriting(client.writer());
            });
            assertThat(server.reader().read()).isEqualTo(data);
            writer.await();
        });
    }

    @EveryKind
    void aLineOverTheLimitIsRefusedAndTheNextLineStillArrives(StreamPairKind kind) {
        withPair(kind, 8, (client, server, pair) -> {
            client.writer().write(b("this line is far too long\nshort\n"));
            assertThatThrownBy(() -> server.reader().readline()).isInstanceOf(IllegalArgumentException.class)
                    .hasCauseInstanceOf(LimitOverrunError.class);
            // How much of the long line the error discards depends on how the bytes were cut: the
            // rest of it may come as more errors or a fragment, but never swallows the next line.
            List<String> after = new ArrayList<>();
            while (!after.contains("short\n") && after.size() < 30) {
                try {
                    after.add(s(server.reader().readline()));
                } catch (IllegalArgumentException tooLong) {
                    after.add("(too long)");
                }
            }
            assertThat(after).last().isEqualTo("short\n");
            assertThat(after.subList(0, after.size() - 1)).allMatch(l -> l.equals("(too long)") || "this line is far too long\n".endsWith(l));
        });
    }

    // ---------------------------------------------------------------- EOF and half-close

    @EveryKind
    void halfCloseLetsThePeerAnswerAfterReadingToEof(StreamPairKind kind) {
        withPair(kind, (client, server, pair) -> {
            assumeTrue(client.writer().canWriteEof(), "this kind cannot half-close");
            client.writer().write(b("request"));
            client.writer().writeEof();
            assertThat(s(server.reader().read())).isEqualTo("request");
            assertThat(server.reader().atEof()).isTrue();
            server.writer().write(b("response"));
            server.writer().close();
            assertThat(s(client.reader().read())).isEqualTo("response");
            assertThat(client.reader().atEof()).isTrue();
            assertThatThrownBy(() -> client.writer().write(b("more"))).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("writeEof");
        });
    }

    @EveryKind
    void thePeerClosingEndsEveryKindOfRead(StreamPairKind kind) {
        withPair(kind, (client, server, pair) -> {
            server.writer().write(b("partial line"));
            server.writer().close();
            server.writer().waitClosed();
            IncompleteReadError e = catchThrowableOfType(IncompleteReadError.class, () -> client.reader().readexactly(100));
            assertThat(s(e.partial())).isEqualTo("partial line");
            assertThat(e.expected()).hasValue(100);
            assertThat(client.reader().readline()).isEmpty();
            assertThat(client.reader().read()).isEmpty();
            assertThat(client.reader().read(10)).isEmpty();
            assertThat(client.reader().atEof()).isTrue();
            assertThatThrownBy(() -> client.reader().readuntil(b("x"))).isInstanceOf(IncompleteReadError.class);
        });
    }

    @EveryKind
    void closeMakesTheWriterClosingAndWaitClosedReturns(StreamPairKind kind) {
        withPair(kind, (client, server, pair) -> {
            assertThat(client.writer().isClosing()).isFalse();
            client.writer().close();
            assertThat(client.writer().isClosing()).isTrue();
            client.writer().waitClosed();
            client.writer().close(); // idempotent
            assertThat(server.reader().read()).isEmpty();
        });
    }

    @EveryKind
    void closingOneSideWhileATaskReadsTheOtherEndsTheReadWithoutHanging(StreamPairKind kind) {
        withPair(kind, (client, server, pair) -> {
            Task<byte[]> reading = createTask(() -> client.reader().readexactly(10));
            server.writer().write(b("12345"));
            server.writer().drain();
            sleep(0);
            server.writer().close();
            IncompleteReadError e = catchThrowableOfType(IncompleteReadError.class, reading::await);
            assertThat(s(e.partial())).isEqualTo("12345");
        });
    }

    @EveryKind
    void closingTheWriterOfTheReadingSideEndsTheReadWithEof(StreamPairKind kind) {
        withPair(kind, (client, server, pair) -> {
            Task<byte[]> reading = createTask(() -> client.reader().readline());
            sleep(0);
            client.writer().close();
            assertThat(reading.await()).isEmpty();
            client.writer().waitClosed();
        });
    }

    // ---------------------------------------------------------------- errors

    @EveryKind
    void writingAfterCloseShowsAtDrainAsConnectionLost(StreamPairKind kind) {
        withPair(kind, (client, server, pair) -> {
            client.writer().close();
            if (kind.closeWaitsForThePeer()) client.writer().waitClosed(); // TLS: after the close_notify exchange
            client.writer().write(b("data"));
            assertThatThrownBy(() -> client.writer().drain()).isInstanceOf(ConnectionResetError.class)
                    .hasMessage("Connection lost");
        });
    }

    @EveryKind
    void aPeerResetFailsReadsAndDrainsWithAConnectionError(StreamPairKind kind) {
        withPair(kind, (client, server, pair) -> {
            Task<byte[]> reading = createTask(() -> client.reader().readexactly(10));
            sleep(0);
            kind.reset(pair, server);
            assertThatThrownBy(reading::await).isInstanceOf(ConnectionError.class);
            assertThatThrownBy(() -> client.reader().read(1)).isInstanceOf(ConnectionError.class);
            client.writer().write(b("after the reset"));
            assertThatThrownBy(() -> client.writer().drain()).isInstanceOf(ConnectionError.class);
            assertThatThrownBy(() -> client.writer().waitClosed()).isInstanceOf(ConnectionError.class);
        });
    }

    @EveryKind
    void cancellingATaskInTheMiddleOfReadexactlyLosesNoBytes(StreamPairKind kind) {
        withPair(kind, (client, server, pair) -> {
            byte[] message = pattern(1000, 7);
            Task<byte[]> reading = createTask(() -> client.reader().readexactly(message.length));
            server.writer().write(Arrays.copyOfRange(message, 0, 400));
            server.writer().drain();
            while (client.reader().buffered() == 0) sleep(0); // part of the message has arrived
            reading.cancel();
            assertThatThrownBy(reading::await).isInstanceOf(CancelledError.class);
            server.writer().write(Arrays.copyOfRange(message, 400, message.length));
            assertThat(client.reader().readexactly(message.length)).isEqualTo(message);
        });
    }

    // ---------------------------------------------------------------- flow control

    @EveryKind
    void aSlowReaderSuspendsTheWriterInDrainAndBoundsWhatIsBuffered(StreamPairKind kind) {
        int limit = 1024;
        withPair(kind, limit, (client, server, pair) -> {
            Transport transport = client.writer().transport();
            int high = kind.scaled(8192);
            transport.setWriteBufferLimits(high, high / 4);
            int chunk = kind.scaled(4096);
            // What the path between the writer's transport and the reader can hold when nobody reads.
            long between = kind.bufferingBetween(pair) + 2L * limit + chunk;
            int chunks = (int) Math.max(16, 4 * (between + high) / chunk);
            long[] written = {0};
            int[] maxBuffered = {0};
            boolean[] inDrain = {false};
            Task<Void> writer = createTask((VoidCoroutine) () -> {
                for (int i = 0; i < chunks; i++) {
                    client.writer().write(pattern(chunk, i));
                    written[0] += chunk;
                    maxBuffered[0] = Math.max(maxBuffered[0], transport.getWriteBufferSize());
                    inDrain[0] = true;
                    client.writer().drain();
                    inDrain[0] = false;
                }
                endWriting(client.writer());
            });
            // Nobody reads: the writer must end up suspended in drain for good.
            long last = -1;
            for (int still = 0; still < 200; still++) {
                sleep(0);
                if (!inDrain[0] || written[0] != last) still = 0;
                last = written[0];
            }
            assertThat(written[0]).isLessThan((long) chunk * chunks);
            assertThat(written[0]).isLessThanOrEqualTo(high + chunk + between);

            for (int i = 0; i < chunks; i++) {
                assertThat(server.reader().readexactly(chunk)).isEqualTo(pattern(chunk, i));
            }
            writer.await();
            assertThat(written[0]).isEqualTo((long) chunk * chunks);
            assertThat(maxBuffered[0]).isLessThanOrEqualTo(high + chunk);
            assertThat(server.reader().read()).isEmpty();
        });
    }

    @EveryKind
    void drainReturnsAtOnceWhileTheBufferIsBelowTheHighWaterMark(StreamPairKind kind) {
        withPair(kind, (client, server, pair) -> {
            List<String> events = new ArrayList<>();
            Task<Void> other = createTask((VoidCoroutine) () -> events.add("other task ran"));
            client.writer().write(b("small"));
            client.writer().drain();
            events.add("drained");
            other.await();
            assertThat(events).containsExactly("drained", "other task ran");
            assertThat(s(server.reader().readexactly(5))).isEqualTo("small");
        });
    }

    @EveryKind
    void manyTasksDrainingTogetherAllResume(StreamPairKind kind) {
        withPair(kind, (client, server, pair) -> {
            client.writer().transport().setWriteBufferLimits(1024, 0);
            byte[] big = pattern(kind.scaled(256 * 1024), 3);
            client.writer().write(big);
            List<Task<Void>> drainers = new ArrayList<>();
            for (int i = 0; i < 5; i++) drainers.add(createTask((VoidCoroutine) () -> client.writer().drain()));
            assertThat(server.reader().readexactly(big.length)).isEqualTo(big);
            gather(drainers);
            assertThat(drainers).allMatch(t -> t.isDone() && !t.isCancelled());
        });
    }

    // ---------------------------------------------------------------- extras

    @EveryKind
    void bothEndsKnowTheirAddresses(StreamPairKind kind) {
        withPair(kind, (client, server, pair) -> {
            assertThat(client.writer().getExtraInfo("peername")).isNotNull();
            assertThat(client.writer().getExtraInfo("sockname")).isNotNull();
            assertThat(server.writer().getExtraInfo("peername")).isNotNull();
            assertThat(client.writer().getExtraInfo("no such thing", "default")).isEqualTo("default");
        });
    }
}
