package jasyncio.net;

import static jasyncio.Asyncio.createTask;
import static jasyncio.Asyncio.sleep;
import static jasyncio.Asyncio.toThread;
import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Random;

import jasyncio.Asyncio;
import jasyncio.CancelledError;
import jasyncio.Coroutine;
import jasyncio.EventLoop;
import jasyncio.Task;
import jasyncio.TimeoutError;
import jasyncio.VoidCoroutine;
import jasyncio.internal.SelectorLoop;
import jasyncio.internal.VirtualClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.Timeout.ThreadMode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A read that is cancelled half-way through a message consumes nothing: the bytes that had
 * arrived stay in the reader's buffer, so the next read gets the whole message, as asyncio's
 * StreamReader keeps partial data. Each read method is cancelled with part of its message
 * buffered — by {@code cancel()}, by a timeout, from a plain thread — then the rest is written
 * and a new read must return the complete message. Runs over every {@link StreamPairKind}.
 */
@Timeout(value = 10, threadMode = ThreadMode.SEPARATE_THREAD)
class CancellationSafetyTest {

    @Target(ElementType.METHOD)
    @Retention(RetentionPolicy.RUNTIME)
    @ParameterizedTest(name = "{0}")
    @MethodSource("jasyncio.net.StreamPairKind#all")
    @interface EveryKind {}

    @FunctionalInterface
    interface Body {
        void run(Streams client, Streams server) throws Exception;
    }

    /** The kind's loop (a virtual clock unless the kind needs real time), or a virtual-clock loop. */
    private EventLoop loop = new SelectorLoop(new VirtualClock());

    @AfterEach
    void closeLoop() {
        loop.close();
    }

    private void withPair(StreamPairKind kind, int limit, Body body) {
        loop.close();
        loop = kind.newLoop();
        loop.runUntilComplete(() -> {
            StreamPairKind.Opened pair = kind.open(loop, limit);
            try {
                body.run(pair.client(), pair.server());
            } finally {
                for (Streams end : List.of(pair.client(), pair.server())) {
                    end.close();
                    end.writer().waitClosed();
                }
            }
        });
    }

    private void withPair(StreamPairKind kind, Body body) {
        withPair(kind, StreamReader.DEFAULT_LIMIT, body);
    }

    private static byte[] b(String s) {
        return s.getBytes(US_ASCII);
    }

    private static String s(byte[] bytes) {
        return new String(bytes, US_ASCII);
    }

    /** Writes {@code part} and suspends until all of it sits in {@code reader}'s buffer. */
    private static void deliver(Streams from, StreamReader reader, byte[] part) {
        int before = reader.buffered();
        from.writer().write(part);
        from.writer().drain();
        while (reader.buffered() < before + part.length) sleep(0);
    }

    /**
     * Starts {@code read} as a task, delivers {@code firstPart} to it, cancels the task, and
     * checks that it ended cancelled with every delivered byte still buffered.
     */
    private static <T> void cancelMidway(Streams from, StreamReader reader, byte[] firstPart, Coroutine<T> read) {
        Task<T> reading = createTask(read);
        sleep(0); // the task now waits for data
        deliver(from, reader, firstPart);
        assertThat(reading.isDone()).as("the read waits for the rest").isFalse();
        reading.cancel();
        assertThatThrownBy(reading::await).isInstanceOf(CancelledError.class);
        assertThat(reader.peekBuffer()).as("the bytes of the cancelled read").isEqualTo(firstPart);
    }

    // ---------------------------------------------------------------- cancel()

    @EveryKind
    void aReadlineCancelledMidLineLeavesTheLineForTheNextReadline(StreamPairKind kind) {
        withPair(kind, (client, server) -> {
            cancelMidway(server, client.reader(), b("hello wo"), client.reader()::readline);
            server.writer().write(b("rld\nnext\n"));
            assertThat(s(client.reader().readline())).isEqualTo("hello world\n");
            assertThat(s(client.reader().readline())).isEqualTo("next\n");
        });
    }

    @EveryKind
    void aReaduntilCancelledBetweenTheBytesOfItsSeparatorFindsItNextTime(StreamPairKind kind) {
        withPair(kind, (client, server) -> {
            byte[] crlf = b("\r\n");
            cancelMidway(server, client.reader(), b("Host: x\r"), () -> client.reader().readuntil(crlf));
            server.writer().write(b("\nAccept: */*\r\n"));
            assertThat(s(client.reader().readuntil(crlf))).isEqualTo("Host: x\r\n");
            assertThat(s(client.reader().readuntil(crlf))).isEqualTo("Accept: */*\r\n");
        });
    }

    @EveryKind
    void aReaduntilWithSeveralSeparatorsCancelledMidwayLosesNothing(StreamPairKind kind) {
        withPair(kind, (client, server) -> {
            byte[][] seps = {b("\r\n\r\n"), b("\n\n")};
            cancelMidway(server, client.reader(), b("GET / HTTP/1.1\r\nHost: x\r\n\r"),
                    () -> client.reader().readuntil(seps));
            server.writer().write(b("\nbody"));
            assertThat(s(client.reader().readuntil(seps))).isEqualTo("GET / HTTP/1.1\r\nHost: x\r\n\r\n");
            assertThat(s(client.reader().readexactly(4))).isEqualTo("body");
        });
    }

    @EveryKind
    void aReadexactlyCancelledOverAPausedTransportStillReadsTheWholeMessage(StreamPairKind kind) {
        // The message is ten times the limit: the reader pauses the transport when its buffer
        // passes twice the limit, and resumes it because readexactly needs more. Cancelled
        // there, the reader holds more than its limit and the transport reads again.
        int limit = 1024;
        byte[] message = new byte[10 * limit];
        new Random(4).nextBytes(message);
        withPair(kind, limit, (client, server) -> {
            cancelMidway(server, client.reader(), Arrays.copyOfRange(message, 0, 6 * limit),
                    () -> client.reader().readexactly(message.length));
            server.writer().write(Arrays.copyOfRange(message, 6 * limit, message.length));
            assertThat(client.reader().readexactly(message.length)).isEqualTo(message);
            server.writer().write(b("after\n"));
            assertThat(s(client.reader().readline())).as("the transport reads on").isEqualTo("after\n");
        });
    }

    @EveryKind
    void aLineIterationCancelledMidLineResumesWithTheWholeLine(StreamPairKind kind) {
        withPair(kind, (client, server) -> {
            Iterator<byte[]> lines = client.reader().iterator();
            cancelMidway(server, client.reader(), b("first li"), lines::hasNext);
            server.writer().write(b("ne\nsecond\n"));
            server.writer().close();
            assertThat(lines.hasNext()).isTrue();
            assertThat(s(lines.next())).isEqualTo("first line\n");
            assertThat(s(lines.next())).isEqualTo("second\n");
            assertThat(lines.hasNext()).isFalse();
        });
    }

    // ---------------------------------------------------------------- timeouts and other threads

    @EveryKind
    void aReadexactlyThatTimesOutMidMessageLeavesTheMessageWhole(StreamPairKind kind) {
        withPair(kind, (client, server) -> {
            deliver(server, client.reader(), b("0123"));
            double t0 = loop.time();
            assertThatThrownBy(() -> Asyncio.timeout(0.1, () -> client.reader().readexactly(10)))
                    .isInstanceOf(TimeoutError.class);
            assertThat(loop.time() - t0).isGreaterThanOrEqualTo(0.1);
            assertThat(s(client.reader().peekBuffer())).isEqualTo("0123");
            server.writer().write(b("456789"));
            assertThat(s(client.reader().readexactly(10))).isEqualTo("0123456789");
        });
    }

    @EveryKind
    void aReadlineAbandonedByWaitForLeavesTheLineForTheNextReadline(StreamPairKind kind) {
        withPair(kind, (client, server) -> {
            deliver(server, client.reader(), b("status: o"));
            assertThatThrownBy(() -> Asyncio.waitFor(client.reader()::readline, 0.1)).isInstanceOf(TimeoutError.class);
            server.writer().write(b("k\n"));
            assertThat(s(client.reader().readline())).isEqualTo("status: ok\n");
        });
    }

    @EveryKind
    void aReadCancelledFromAPlainThreadLosesNothing(StreamPairKind kind) {
        withPair(kind, (client, server) -> {
            Task<byte[]> reading = createTask(() -> client.reader().readexactly(8));
            sleep(0);
            deliver(server, client.reader(), b("abcd"));
            toThread(() -> reading.cancel());
            assertThatThrownBy(reading::await).isInstanceOf(CancelledError.class);
            server.writer().write(b("efgh"));
            assertThat(s(client.reader().readexactly(8))).isEqualTo("abcdefgh");
        });
    }

    @EveryKind
    void aCancelledReadWithNothingBufferedLeavesTheNextBytesToTheNextRead(StreamPairKind kind) {
        withPair(kind, (client, server) -> {
            Task<byte[]> reading = createTask(() -> client.reader().read(100));
            sleep(0);
            reading.cancel();
            assertThatThrownBy(reading::await).isInstanceOf(CancelledError.class);
            server.writer().write(b("x"));
            assertThat(s(client.reader().read(100))).isEqualTo("x");
        });
    }

    @EveryKind
    void aDrainCancelledWhileWritingIsPausedLosesAndRepeatsNothing(StreamPairKind kind) {
        withPair(kind, (client, server) -> {
            Transport transport = client.writer().transport();
            transport.setWriteBufferLimits(4096, 1024);
            java.io.ByteArrayOutputStream sent = new java.io.ByteArrayOutputStream();
            byte[] chunk = new byte[kind.scaled(16 * 1024)];
            Random random = new Random(9);
            // Nobody reads: write until the writer is paused, then cancel the task in drain.
            Task<Void> writing = createTask((VoidCoroutine) () -> {
                while (true) {
                    random.nextBytes(chunk);
                    client.writer().write(chunk);
                    sent.writeBytes(chunk);
                    client.writer().drain();
                }
            });
            while (!client.writer().protocol().flowControl().isPaused()) sleep(0);
            sleep(0);
            writing.cancel();
            assertThatThrownBy(writing::await).isInstanceOf(CancelledError.class);

            Task<byte[]> reading = createTask(() -> server.reader().read());
            byte[] more = new byte[3000];
            random.nextBytes(more);
            client.writer().write(more);
            sent.writeBytes(more);
            client.writer().drain(); // returns once the reader has caught up
            client.writer().close();
            assertThat(reading.await()).as("every byte once, in order").isEqualTo(sent.toByteArray());
        });
    }

    // ---------------------------------------------------------------- the race with arriving data

    @Test
    void aReaderCancelledInTheTurnItsDataArrivedEndsCancelledAndTheDataStaysAsInAsyncio() {
        // asyncio: the waiter future is done, so cancel() marks the task to be cancelled at its
        // next step, which throws CancelledError at the await inside readexactly, before the
        // buffer is touched.
        StreamReader r = new StreamReader(StreamReader.DEFAULT_LIMIT, loop);
        EventLoop loop = this.loop;
        loop.runUntilComplete(() -> {
            Task<byte[]> reading = createTask(() -> r.readexactly(6));
            r.feedData(b("abc"));
            sleep(0);
            r.feedData(b("def")); // wakes the reader: it would now complete
            reading.cancel();     // ... but is cancelled before it runs
            assertThatThrownBy(reading::await).isInstanceOf(CancelledError.class);
            assertThat(s(r.peekBuffer())).isEqualTo("abcdef");
            assertThat(s(r.readexactly(6))).isEqualTo("abcdef");
        });
    }
}
