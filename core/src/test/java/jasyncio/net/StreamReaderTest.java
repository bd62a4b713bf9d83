package jasyncio.net;

import static jasyncio.Asyncio.createTask;
import static jasyncio.Asyncio.sleep;
import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

import jasyncio.CancelledError;
import jasyncio.Task;
import jasyncio.internal.SelectorLoop;
import jasyncio.internal.VirtualClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.Timeout.ThreadMode;

/** {@link StreamReader} fed by hand, re-expressed from CPython's test_streams.py (StreamTests). */
@Timeout(value = 10, threadMode = ThreadMode.SEPARATE_THREAD)
class StreamReaderTest {
    private static final byte[] DATA = b("line1\nline2\nline3\n");

    private final SelectorLoop loop = new SelectorLoop(new VirtualClock());

    @AfterEach
    void closeLoop() {
        loop.close();
    }

    static byte[] b(String s) {
        return s.getBytes(US_ASCII);
    }

    private StreamReader reader() {
        return new StreamReader(StreamReader.DEFAULT_LIMIT, loop);
    }

    private StreamReader reader(int limit) {
        return new StreamReader(limit, loop);
    }

    private static String s(byte[] bytes) {
        return new String(bytes, US_ASCII);
    }

    private static String buffer(StreamReader r) {
        return s(r.peekBuffer());
    }

    // ---------------------------------------------------------------- feeding

    @Test
    void feedingEmptyDataLeavesTheBufferEmpty() {
        StreamReader r = reader();
        r.feedData(new byte[0]);
        assertThat(r.peekBuffer()).isEmpty();
    }

    @Test
    void fedDataIsBuffered() {
        StreamReader r = reader();
        r.feedData(DATA);
        assertThat(r.peekBuffer()).isEqualTo(DATA);
    }

    @Test
    void feedingDataAfterEofIsRefused() {
        StreamReader r = reader();
        r.feedEof();
        assertThatThrownBy(() -> r.feedData(DATA)).isInstanceOf(IllegalStateException.class)
                .hasMessage("feedData after feedEof");
    }

    @Test
    void aLimitOfZeroOrLessIsRefused() {
        assertThatThrownBy(() -> reader(0)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("imit");
        assertThatThrownBy(() -> reader(-1)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("imit");
    }

    // ---------------------------------------------------------------- read

    @Test
    void readZeroReturnsNothingAndConsumesNothing() {
        StreamReader r = reader();
        r.feedData(DATA);
        assertThat(loop.runUntilComplete(() -> r.read(0))).isEmpty();
        assertThat(r.peekBuffer()).isEqualTo(DATA);
    }

    @Test
    void readWaitsForDataAndReturnsWhatArrived() {
        StreamReader r = reader();
        Task<byte[]> read = loop.createTask(() -> r.read(30));
        loop.callSoon(() -> r.feedData(DATA));
        assertThat(loop.runUntilComplete(read)).isEqualTo(DATA);
        assertThat(r.peekBuffer()).isEmpty();
    }

    @Test
    void readReturnsAtMostNBytesAndKeepsTheRest() {
        StreamReader r = reader();
        r.feedData(b("line1"));
        r.feedData(b("line2"));
        assertThat(s(loop.runUntilComplete(() -> r.read(5)))).isEqualTo("line1");
        assertThat(buffer(r)).isEqualTo("line2");
    }

    @Test
    void readAtEofReturnsNothing() {
        StreamReader r = reader();
        Task<byte[]> read = loop.createTask(() -> r.read(1024));
        loop.callSoon(r::feedEof);
        assertThat(loop.runUntilComplete(read)).isEmpty();
    }

    @Test
    void readWithoutSizeReadsUntilEof() {
        StreamReader r = reader();
        Task<byte[]> read = loop.createTask(() -> r.read());
        loop.callSoon(() -> {
            r.feedData(b("chunk1\n"));
            r.feedData(b("chunk2"));
            r.feedEof();
        });
        assertThat(s(loop.runUntilComplete(read))).isEqualTo("chunk1\nchunk2");
        assertThat(r.peekBuffer()).isEmpty();
    }

    @Test
    void readThrowsTheErrorSetOnTheReader() {
        StreamReader r = reader();
        r.feedData(b("line\n"));
        assertThat(s(loop.runUntilComplete(() -> r.read(2)))).isEqualTo("li");
        IllegalStateException error = new IllegalStateException("boom");
        r.setException(error);
        assertThatThrownBy(() -> loop.runUntilComplete(() -> r.read(2))).isSameAs(error);
    }

    @Test
    void aCheckedIoErrorIsThrownWrappedInUncheckedIoException() {
        StreamReader r = reader();
        IOException error = new IOException("Connection reset");
        r.setException(error);
        assertThatThrownBy(() -> loop.runUntilComplete(() -> r.read(2)))
                .isInstanceOf(UncheckedIOException.class).hasCause(error);
    }

    @Test
    void readMayReturnMoreThanTheLimit() {
        StreamReader r = reader(3);
        r.feedData(b("chunk"));
        assertThat(s(loop.runUntilComplete(() -> r.read(5)))).isEqualTo("chunk");
        assertThat(r.peekBuffer()).isEmpty();
    }

    @Test
    void anArrayReturnedByAReadIsNeverTouchedByLaterFeeds() {
        StreamReader r = reader();
        byte[] big = new byte[20_000];
        java.util.Arrays.fill(big, (byte) 'x');
        r.feedData(big);
        byte[] whole = loop.runUntilComplete(() -> r.read(100_000));
        assertThat(whole).isEqualTo(big).isNotSameAs(big);
        byte[] other = new byte[20_000];
        java.util.Arrays.fill(other, (byte) 'y');
        r.feedData(other);
        r.feedData(b("tail"));
        assertThat(whole).containsOnly((byte) 'x');
        assertThat(loop.runUntilComplete(() -> r.readexactly(20_000))).containsOnly((byte) 'y');
        assertThat(buffer(r)).isEqualTo("tail");
    }

    // ---------------------------------------------------------------- readline

    @Test
    void readlineWaitsForTheNewline() {
        StreamReader r = reader();
        r.feedData(b("chunk1 "));
        Task<byte[]> read = loop.createTask(r::readline);
        loop.callSoon(() -> {
            r.feedData(b("chunk2 "));
            r.feedData(b("chunk3 "));
            r.feedData(b("\n chunk4"));
        });
        assertThat(s(loop.runUntilComplete(read))).isEqualTo("chunk1 chunk2 chunk3 \n");
        assertThat(buffer(r)).isEqualTo(" chunk4");
    }

    @Test
    void readlineOverTheLimitDiscardsTheLineWhenItsNewlineIsBuffered() {
        StreamReader r = reader(3);
        r.feedData(b("li"));
        r.feedData(b("ne1\nline2\n"));
        Throwable e = catchThrowableOfType(IllegalArgumentException.class, () -> loop.runUntilComplete(r::readline));
        assertThat(e).hasCauseInstanceOf(LimitOverrunError.class);
        assertThat(buffer(r)).isEqualTo("line2\n");
    }

    @Test
    void readlineOverTheLimitWithoutNewlineDiscardsTheWholeBuffer() {
        StreamReader r = reader(3);
        r.feedData(b("li"));
        r.feedData(b("ne1"));
        r.feedData(b("li"));
        assertThatThrownBy(() -> loop.runUntilComplete(r::readline)).isInstanceOf(IllegalArgumentException.class);
        assertThat(r.peekBuffer()).isEmpty();
    }

    @Test
    void readlineOverTheLimitWhileDataArrives() {
        StreamReader r1 = reader(7);
        loop.callSoon(() -> {
            r1.feedData(b("chunk1"));
            r1.feedData(b("chunk2"));
            r1.feedData(b("chunk3\n"));
            r1.feedEof();
        });
        assertThatThrownBy(() -> loop.runUntilComplete(r1::readline)).isInstanceOf(IllegalArgumentException.class);
        assertThat(r1.peekBuffer()).isEmpty();

        StreamReader r2 = reader(7);
        loop.callSoon(() -> {
            r2.feedData(b("chunk1"));
            r2.feedData(b("chunk2\n"));
            r2.feedData(b("chunk3\n"));
            r2.feedEof();
        });
        assertThatThrownBy(() -> loop.runUntilComplete(r2::readline)).isInstanceOf(IllegalArgumentException.class);
        assertThat(buffer(r2)).isEqualTo("chunk3\n");
    }

    @Test
    void theLimitIsStrict() {
        StreamReader r = reader(7);
        r.feedData(b("1234567\n"));
        assertThat(s(loop.runUntilComplete(r::readline))).isEqualTo("1234567\n");
        assertThat(r.peekBuffer()).isEmpty();

        r.feedData(b("12345678\n"));
        assertThatThrownBy(() -> loop.runUntilComplete(r::readline)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Separator is found, but chunk is longer than limit");
        assertThat(r.peekBuffer()).isEmpty();

        r.feedData(b("12345678"));
        assertThatThrownBy(() -> loop.runUntilComplete(r::readline)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Separator is not found, and chunk exceed the limit");
        assertThat(r.peekBuffer()).isEmpty();
    }

    @Test
    void readlineReturnsABufferedLineWithoutWaiting() {
        StreamReader r = reader();
        r.feedData(java.util.Arrays.copyOfRange(DATA, 0, 6));
        r.feedData(java.util.Arrays.copyOfRange(DATA, 6, DATA.length));
        assertThat(s(loop.runUntilComplete(r::readline))).isEqualTo("line1\n");
        assertThat(buffer(r)).isEqualTo("line2\nline3\n");
    }

    @Test
    void readlineAtEofReturnsThePartialLastLineThenNothing() {
        StreamReader r = reader();
        r.feedData(b("some data"));
        r.feedEof();
        assertThat(s(loop.runUntilComplete(r::readline))).isEqualTo("some data");
        assertThat(loop.runUntilComplete(r::readline)).isEmpty();
    }

    @Test
    void readAfterReadlineContinuesWhereItStopped() {
        StreamReader r = reader();
        r.feedData(DATA);
        loop.runUntilComplete(r::readline);
        assertThat(s(loop.runUntilComplete(() -> r.read(7)))).isEqualTo("line2\nl");
        assertThat(buffer(r)).isEqualTo("ine3\n");
    }

    @Test
    void readlineThrowsTheErrorSetOnTheReader() {
        StreamReader r = reader();
        r.feedData(b("line\n"));
        assertThat(s(loop.runUntilComplete(r::readline))).isEqualTo("line\n");
        IllegalStateException error = new IllegalStateException();
        r.setException(error);
        assertThatThrownBy(() -> loop.runUntilComplete(r::readline)).isSameAs(error);
    }

    @Test
    void atEofOnlyOnceTheEndWasFedAndEverythingRead() {
        StreamReader r = reader();
        assertThat(r.atEof()).isFalse();
        r.feedData(b("some data\n"));
        assertThat(r.atEof()).isFalse();
        loop.runUntilComplete(r::readline);
        assertThat(r.atEof()).isFalse();
        r.feedData(b("some data\n"));
        r.feedEof();
        loop.runUntilComplete(r::readline);
        assertThat(r.atEof()).isTrue();
    }

    // ---------------------------------------------------------------- readuntil

    @Test
    void readuntilRefusesAnEmptySeparator() {
        StreamReader r = reader();
        assertThatThrownBy(() -> loop.runUntilComplete(() -> r.readuntil(new byte[0])))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("Separator should be at least one-byte string");
        assertThatThrownBy(() -> loop.runUntilComplete(() -> r.readuntil(b("\n"), new byte[0])))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("Separator should be at least one-byte string");
        assertThatThrownBy(() -> loop.runUntilComplete(() -> r.readuntil(new byte[0][])))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("Separator should contain at least one element");
    }

    @Test
    void readuntilFindsAMultiByteSeparator() {
        StreamReader r = reader();
        r.feedData(b("lineAAA"));
        assertThat(s(loop.runUntilComplete(() -> r.readuntil(b("AAA"))))).isEqualTo("lineAAA");
        assertThat(r.peekBuffer()).isEmpty();

        r.feedData(b("lineAAAxxx"));
        assertThat(s(loop.runUntilComplete(() -> r.readuntil(b("AAA"))))).isEqualTo("lineAAA");
        assertThat(buffer(r)).isEqualTo("xxx");
    }

    @Test
    void readuntilFindsASeparatorSplitAcrossChunks() {
        StreamReader r = reader();
        r.feedData(b("QWEaa"));
        r.feedData(b("XYaa"));
        r.feedData(b("a"));
        assertThat(s(loop.runUntilComplete(() -> r.readuntil(b("aaa"))))).isEqualTo("QWEaaXYaaa");

        r.feedData(b("QWEaa"));
        r.feedData(b("XYa"));
        r.feedData(b("aa"));
        assertThat(s(loop.runUntilComplete(() -> r.readuntil(b("aaa"))))).isEqualTo("QWEaaXYaaa");

        r.feedData(b("aaa"));
        assertThat(s(loop.runUntilComplete(() -> r.readuntil(b("aaa"))))).isEqualTo("aaa");

        r.feedData(b("Xaaa"));
        assertThat(s(loop.runUntilComplete(() -> r.readuntil(b("aaa"))))).isEqualTo("Xaaa");

        Task<byte[]> read = loop.createTask(() -> r.readuntil(b("aaa")));
        loop.callSoon(() -> {
            r.feedData(b("XXX"));
            loop.callSoon(() -> {
                r.feedData(b("a"));
                loop.callSoon(() -> {
                    r.feedData(b("a"));
                    loop.callSoon(() -> r.feedData(b("a")));
                });
            });
        });
        assertThat(s(loop.runUntilComplete(read))).isEqualTo("XXXaaa");
        assertThat(r.peekBuffer()).isEmpty();
    }

    @Test
    void readuntilAtEofThrowsIncompleteReadErrorWithEverythingLeft() {
        StreamReader r = reader();
        r.feedData(b("some dataAA"));
        r.feedEof();
        IncompleteReadError e = catchThrowableOfType(IncompleteReadError.class,
                () -> loop.runUntilComplete(() -> r.readuntil(b("AAA"))));
        assertThat(e).hasMessage("11 bytes read on a total of undefined expected bytes");
        assertThat(s(e.partial())).isEqualTo("some dataAA");
        assertThat(e.expected()).isEmpty();
        assertThat(r.peekBuffer()).isEmpty();
    }

    @Test
    void readuntilOverTheLimitLeavesTheDataInTheBuffer() {
        StreamReader r = reader(3);
        r.feedData(b("some dataAA"));
        LimitOverrunError notFound = catchThrowableOfType(LimitOverrunError.class,
                () -> loop.runUntilComplete(() -> r.readuntil(b("AAA"))));
        assertThat(notFound).hasMessageContaining("not found");
        assertThat(notFound.consumed()).isEqualTo(9); // all but the last (separator length - 1) bytes
        assertThat(buffer(r)).isEqualTo("some dataAA");

        r.feedData(b("A"));
        LimitOverrunError found = catchThrowableOfType(LimitOverrunError.class,
                () -> loop.runUntilComplete(() -> r.readuntil(b("AAA"))));
        assertThat(found).hasMessageContaining("is found");
        assertThat(found.consumed()).isEqualTo(9); // where the separator starts
        assertThat(buffer(r)).isEqualTo("some dataAAA");
    }

    @Test
    void consumedSaysHowMuchToSkipToGetPastAnOverlongChunk() {
        StreamReader r = reader(5);
        r.feedData(b("too long line;short;"));
        LimitOverrunError e = catchThrowableOfType(LimitOverrunError.class,
                () -> loop.runUntilComplete(() -> r.readuntil(b(";"))));
        loop.runUntilComplete(() -> r.readexactly(e.consumed() + 1)); // the chunk and its separator
        assertThat(s(loop.runUntilComplete(() -> r.readuntil(b(";"))))).isEqualTo("short;");
    }

    @Test
    void readuntilWithSeveralSeparatorsStopsAtTheFirstThatEnds() {
        StreamReader r = reader();
        r.feedData(b("line 1\nline 2\r"));
        assertThat(s(loop.runUntilComplete(() -> r.readuntil(b("\r"), b("\n"))))).isEqualTo("line 1\n");
        assertThat(s(loop.runUntilComplete(() -> r.readuntil(b("\r"), b("\n"))))).isEqualTo("line 2\r");
        assertThat(r.peekBuffer()).isEmpty();

        r.feedData(b("xxBxxAAA"));
        assertThat(s(loop.runUntilComplete(() -> r.readuntil(b("AAA"), b("B"))))).isEqualTo("xxB");
        assertThat(s(loop.runUntilComplete(() -> r.readuntil(b("AAA"), b("B"))))).isEqualTo("xxAAA");

        // Overlapping separators: the shortest result wins, whatever the order they are given in.
        r.feedData(b("baaa"));
        assertThat(s(loop.runUntilComplete(() -> r.readuntil(b("aaa"), b("aa"))))).isEqualTo("baa");
        assertThat(s(loop.runUntilComplete(() -> r.readuntil(b("aaa"), b("a"))))).isEqualTo("a");
    }

    @Test
    void readuntilWithSeveralSeparatorsWaitsForTheLongestToBeDecidable() {
        StreamReader r = reader();
        Task<byte[]> read = loop.createTask(() -> r.readuntil(b("\r\n"), b("END")));
        loop.callSoon(() -> {
            r.feedData(b("abcE"));
            loop.callSoon(() -> r.feedData(b("ND\r\n")));
        });
        assertThat(s(loop.runUntilComplete(read))).isEqualTo("abcEND");
        assertThat(buffer(r)).isEqualTo("\r\n");
    }

    @Test
    void withSeveralSeparatorsTheShortestMatchDecidesTheLimit() {
        StreamReader r = reader(3);
        r.feedData(b("abcdXY"));
        // "Y" ends first (at 6) and starts at 5 > limit; "XY" would start at 4, also over.
        LimitOverrunError e = catchThrowableOfType(LimitOverrunError.class,
                () -> loop.runUntilComplete(() -> r.readuntil(b("XY"), b("Y"))));
        assertThat(e).hasMessage("Separator is found, but chunk is longer than limit");
        assertThat(e.consumed()).isEqualTo(5);
        assertThat(buffer(r)).isEqualTo("abcdXY");
    }

    @Test
    void readuntilAtEofWithSeveralSeparatorsGivesEverythingLeft() {
        StreamReader r = reader();
        r.feedData(b("no end"));
        r.feedEof();
        IncompleteReadError e = catchThrowableOfType(IncompleteReadError.class,
                () -> loop.runUntilComplete(() -> r.readuntil(b("\n"), b("\r\n"))));
        assertThat(s(e.partial())).isEqualTo("no end");
        assertThat(r.atEof()).isTrue();
    }

    // ---------------------------------------------------------------- readexactly

    @Test
    void readexactlyZeroReturnsNothingAndANegativeCountIsRefused() {
        StreamReader r = reader();
        r.feedData(DATA);
        assertThat(loop.runUntilComplete(() -> r.readexactly(0))).isEmpty();
        assertThat(r.peekBuffer()).isEqualTo(DATA);
        assertThatThrownBy(() -> loop.runUntilComplete(() -> r.readexactly(-1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("less than zero");
        assertThat(r.peekBuffer()).isEqualTo(DATA);
    }

    @Test
    void readexactlyWaitsForEveryByte() {
        StreamReader r = reader();
        int n = 2 * DATA.length;
        Task<byte[]> read = loop.createTask(() -> r.readexactly(n));
        loop.callSoon(() -> {
            r.feedData(DATA);
            r.feedData(DATA);
            r.feedData(DATA);
        });
        assertThat(s(loop.runUntilComplete(read))).isEqualTo(s(DATA) + s(DATA));
        assertThat(r.peekBuffer()).isEqualTo(DATA);
    }

    @Test
    void readexactlyMayReadMoreThanTheLimit() {
        StreamReader r = reader(3);
        r.feedData(b("chunk"));
        assertThat(s(loop.runUntilComplete(() -> r.readexactly(5)))).isEqualTo("chunk");
        assertThat(r.peekBuffer()).isEmpty();
    }

    @Test
    void readexactlyAtEofThrowsIncompleteReadErrorWithThePartialBytesAndTheCount() {
        StreamReader r = reader();
        int n = 2 * DATA.length;
        Task<byte[]> read = loop.createTask(() -> r.readexactly(n));
        loop.callSoon(() -> {
            r.feedData(DATA);
            r.feedEof();
        });
        IncompleteReadError e = catchThrowableOfType(IncompleteReadError.class, () -> loop.runUntilComplete(read));
        assertThat(e.partial()).isEqualTo(DATA);
        assertThat(e.expected()).hasValue(n);
        assertThat(e).hasMessage("18 bytes read on a total of 36 expected bytes");
        assertThat(r.peekBuffer()).isEmpty();
    }

    @Test
    void readexactlyThrowsTheErrorSetOnTheReader() {
        StreamReader r = reader();
        r.feedData(b("line\n"));
        assertThat(s(loop.runUntilComplete(() -> r.readexactly(2)))).isEqualTo("li");
        IllegalStateException error = new IllegalStateException();
        r.setException(error);
        assertThatThrownBy(() -> loop.runUntilComplete(() -> r.readexactly(2))).isSameAs(error);
    }

    @Test
    void cancellingReadexactlyConsumesNothing() {
        StreamReader r = reader();
        byte[] rest = loop.runUntilComplete(() -> {
            Task<byte[]> read = createTask(() -> r.readexactly(10));
            r.feedData(b("12345"));
            sleep(0);
            read.cancel();
            assertThatThrownBy(read::await).isInstanceOf(CancelledError.class);
            r.feedData(b("67890"));
            return r.readexactly(10);
        });
        assertThat(s(rest)).isEqualTo("1234567890");
    }

    // ---------------------------------------------------------------- errors and waiters

    @Test
    void exceptionIsWhatWasSet() {
        StreamReader r = reader();
        assertThat(r.exception()).isNull();
        IllegalStateException error = new IllegalStateException();
        r.setException(error);
        assertThat(r.exception()).isSameAs(error);
    }

    @Test
    void settingAnErrorWakesTheWaitingReaderWithIt() {
        StreamReader r = reader();
        IllegalStateException error = new IllegalStateException("broken");
        loop.runUntilComplete(() -> {
            Task<byte[]> read = createTask(r::readline);
            createTask(() -> r.setException(error));
            assertThatThrownBy(read::await).isSameAs(error);
        });
    }

    @Test
    void settingAnErrorAfterTheWaitingReaderWasCancelledIsHarmless() {
        StreamReader r = reader();
        loop.runUntilComplete(() -> {
            Task<byte[]> read = createTask(r::readline);
            sleep(0);
            read.cancel();
            sleep(0);
            r.setException(new IllegalStateException("message"));
            sleep(0);
            assertThat(read.isCancelled()).isTrue();
            assertThat(r.toString()).doesNotContain("waiter");
        });
    }

    @Test
    void aSecondReaderWhileOneWaitsIsRefused() {
        StreamReader r = reader();
        loop.runUntilComplete(() -> {
            Task<byte[]> first = createTask(r::readline);
            sleep(0);
            assertThatThrownBy(() -> r.read(1)).isInstanceOf(IllegalStateException.class)
                    .hasMessage("read() called while another task is already waiting for incoming data");
            r.feedData(b("x\n"));
            assertThat(s(first.await())).isEqualTo("x\n");
        });
    }

    // ---------------------------------------------------------------- iteration and flow control

    @Test
    void iteratingGivesTheLinesUntilEof() {
        StreamReader r = reader();
        List<String> lines = new ArrayList<>();
        loop.runUntilComplete(() -> {
            loop.callSoon(() -> {
                r.feedData(b("one\ntw"));
                loop.callSoon(() -> {
                    r.feedData(b("o\nthree"));
                    r.feedEof();
                });
            });
            for (byte[] line : r) lines.add(s(line));
        });
        assertThat(lines).containsExactly("one\n", "two\n", "three");
    }

    @Test
    void aFullBufferPausesTheTransportAndReadingBelowTheLimitResumesIt() {
        StreamReader r = reader(4);
        PauseCounter transport = new PauseCounter();
        r.setTransport(transport);
        r.feedData(b("12345678"));
        assertThat(transport.pauses).isZero(); // at most twice the limit is fine
        r.feedData(b("9"));
        assertThat(transport.pauses).isEqualTo(1);
        assertThat(r.toString()).contains("paused");
        loop.runUntilComplete(() -> r.read(4));
        assertThat(transport.resumes).isZero(); // 5 bytes left: still over the limit
        loop.runUntilComplete(() -> r.read(1));
        assertThat(transport.resumes).isEqualTo(1);
        assertThatThrownBy(() -> r.setTransport(transport)).isInstanceOf(IllegalStateException.class)
                .hasMessage("Transport already set");
    }

    @Test
    void aReaderWaitingForMoreThanTheBufferHoldsResumesThePausedTransport() {
        StreamReader r = reader(2);
        PauseCounter transport = new PauseCounter();
        r.setTransport(transport);
        loop.runUntilComplete(() -> {
            Task<byte[]> read = createTask(() -> r.readexactly(8));
            r.feedData(b("12345"));
            assertThat(transport.pauses).isEqualTo(1);
            sleep(0);
            assertThat(transport.resumes).isEqualTo(1);
            r.feedData(b("678"));
            assertThat(s(read.await())).isEqualTo("12345678");
        });
    }

    @Test
    void toStringDescribesTheReaderAsAsyncioDoes() {
        assertThat(reader()).hasToString("<StreamReader>");
        assertThat(reader(123)).hasToString("<StreamReader limit=123>");
        StreamReader eof = reader();
        eof.feedEof();
        assertThat(eof).hasToString("<StreamReader eof>");
        StreamReader data = reader();
        data.feedData(b("data"));
        assertThat(data).hasToString("<StreamReader 4 bytes>");
        StreamReader failed = reader();
        failed.setException(new IllegalStateException());
        assertThat(failed).hasToString("<StreamReader exception=java.lang.IllegalStateException>");
    }

    /** A transport that only counts pauseReading/resumeReading. */
    static final class PauseCounter implements Transport {
        int pauses;
        int resumes;

        @Override public void pauseReading() { pauses++; }
        @Override public void resumeReading() { resumes++; }
        @Override public boolean isReading() { return pauses == resumes; }
        @Override public void write(byte[] data) {}
        @Override public void write(java.nio.ByteBuffer data) {}
        @Override public void writeEof() {}
        @Override public boolean canWriteEof() { return true; }
        @Override public void abort() {}
        @Override public void setWriteBufferLimits(int high, int low) {}
        @Override public int[] getWriteBufferLimits() { return new int[] {0, 0}; }
        @Override public int getWriteBufferSize() { return 0; }
        @Override public Object getExtraInfo(String name, Object defaultValue) { return defaultValue; }
        @Override public boolean isClosing() { return false; }
        @Override public void close() {}
        @Override public BaseProtocol getProtocol() { return null; }
        @Override public void setProtocol(BaseProtocol protocol) {}
        @Override public String toString() { return "<PauseCounter>"; }
    }
}
