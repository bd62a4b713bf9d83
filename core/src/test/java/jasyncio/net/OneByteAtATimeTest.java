package jasyncio.net;

import static jasyncio.Asyncio.createTask;
import static jasyncio.Asyncio.sleep;
import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;

import jasyncio.Coroutine;
import jasyncio.Task;
import jasyncio.internal.SelectorLoop;
import jasyncio.internal.VirtualClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.Timeout.ThreadMode;

/**
 * Every {@link StreamReader} method fed one byte per loop turn (okio's OneByteAtATimeSource):
 * the results are those of the same bytes fed at once, so no method depends on how the bytes
 * were cut into chunks.
 */
@Timeout(value = 10, threadMode = ThreadMode.SEPARATE_THREAD)
class OneByteAtATimeTest {
    private final SelectorLoop loop = new SelectorLoop(new VirtualClock());

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

    /** Runs {@code body} while another task feeds {@code data} one byte per loop turn, then EOF. */
    private <T> T fedOneByteAtATime(StreamReader r, String data, Coroutine<T> body) {
        return loop.runUntilComplete(() -> {
            Task<Void> feeder = createTask(() -> {
                for (byte x : b(data)) {
                    r.feedData(new byte[] {x});
                    sleep(0);
                }
                r.feedEof();
            });
            T result = body.call();
            feeder.await();
            return result;
        });
    }

    private StreamReader reader() {
        return new StreamReader(StreamReader.DEFAULT_LIMIT, loop);
    }

    @Test
    void readReturnsEachByteAsItArrives() {
        StreamReader r = reader();
        List<String> reads = fedOneByteAtATime(r, "abc", () -> {
            List<String> got = new ArrayList<>();
            for (byte[] x = r.read(100); x.length > 0; x = r.read(100)) got.add(s(x));
            return got;
        });
        assertThat(reads).containsExactly("a", "b", "c");
    }

    @Test
    void readToEofGathersEveryByte() {
        StreamReader r = reader();
        assertThat(s(fedOneByteAtATime(r, "all of it\n and more", r::read))).isEqualTo("all of it\n and more");
    }

    @Test
    void readlineAssemblesLines() {
        StreamReader r = reader();
        List<String> lines = fedOneByteAtATime(r, "one\ntwo\n\nlast", () -> {
            List<String> got = new ArrayList<>();
            for (byte[] line = r.readline(); line.length > 0; line = r.readline()) got.add(s(line));
            return got;
        });
        assertThat(lines).containsExactly("one\n", "two\n", "\n", "last");
    }

    @Test
    void iteratingGivesTheSameLines() {
        StreamReader r = reader();
        List<String> lines = fedOneByteAtATime(r, "one\ntwo\nlast", () -> {
            List<String> got = new ArrayList<>();
            for (byte[] line : r) got.add(s(line));
            return got;
        });
        assertThat(lines).containsExactly("one\n", "two\n", "last");
    }

    @Test
    void readexactlyAssemblesEachMessage() {
        StreamReader r = reader();
        List<String> parts = fedOneByteAtATime(r, "0123456789ab", () -> List.of(
                s(r.readexactly(4)), s(r.readexactly(1)), s(r.readexactly(7))));
        assertThat(parts).containsExactly("0123", "4", "56789ab");
    }

    @Test
    void readexactlyAtEofKeepsThePartialBytes() {
        StreamReader r = reader();
        IncompleteReadError e = fedOneByteAtATime(r, "abcde",
                () -> catchThrowableOfType(IncompleteReadError.class, () -> r.readexactly(8)));
        assertThat(s(e.partial())).isEqualTo("abcde");
        assertThat(e.expected()).hasValue(8);
    }

    @Test
    void readuntilFindsAMultiByteSeparatorWhoseBytesArriveApart() {
        StreamReader r = reader();
        List<String> parts = fedOneByteAtATime(r, "GET / HTTP/1.1\r\nHost: a\r\n\r\nbody\r\n\r", () -> List.of(
                s(r.readuntil(b("\r\n\r\n"))), s(r.readuntil(b("\r\n")))));
        assertThat(parts).containsExactly("GET / HTTP/1.1\r\nHost: a\r\n\r\n", "body\r\n");
    }

    @Test
    void readuntilWithSeveralSeparatorsGivesTheShortestResult() {
        StreamReader r = reader();
        List<String> parts = fedOneByteAtATime(r, "a\r\nb\nc--END--d;", () -> List.of(
                s(r.readuntil(b("\r\n"), b("\n"))), s(r.readuntil(b("\r\n"), b("\n"))),
                s(r.readuntil(b("--END--"), b(";"))), s(r.readuntil(b("--END--"), b(";")))));
        assertThat(parts).containsExactly("a\r\n", "b\n", "c--END--", "d;");
    }

    @Test
    void readuntilAtEofGivesEverythingLeft() {
        StreamReader r = reader();
        IncompleteReadError e = fedOneByteAtATime(r, "no separatorAA",
                () -> catchThrowableOfType(IncompleteReadError.class, () -> r.readuntil(b("AAA"))));
        assertThat(s(e.partial())).isEqualTo("no separatorAA");
        assertThat(e.expected()).isEmpty();
    }

    @Test
    void readuntilNoticesTheLimitBeforeTheSeparatorArrivesAndKeepsTheData() {
        StreamReader r = new StreamReader(4, loop);
        String[] kept = new String[1];
        LimitOverrunError e = fedOneByteAtATime(r, "0123456789;", () -> {
            LimitOverrunError error = catchThrowableOfType(LimitOverrunError.class, () -> r.readuntil(b(";")));
            kept[0] = s(r.peekBuffer());
            r.read(); // drain the rest, so the feeder can finish
            return error;
        });
        assertThat(e).hasMessage("Separator is not found, and chunk exceed the limit");
        assertThat(e.consumed()).isEqualTo(5);
        assertThat(kept[0]).isEqualTo("01234");
    }

    @Test
    void aLongStreamOfSmallMessagesComesOutWhole() {
        StreamReader r = reader();
        StringBuilder sent = new StringBuilder();
        for (int i = 0; i < 200; i++) sent.append("message ").append(i).append('\n');
        String got = fedOneByteAtATime(r, sent.toString(), () -> {
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            for (byte[] line : r) all.writeBytes(line);
            return all.toString(US_ASCII);
        });
        assertThat(got).isEqualTo(sent.toString());
    }
}
