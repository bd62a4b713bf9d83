package jasyncio.internal.net;

import static jasyncio.Asyncio.sleep;
import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

import jasyncio.ExceptionContext;
import jasyncio.internal.SelectorLoop;
import jasyncio.internal.VirtualClock;
import jasyncio.net.BaseTransport;
import jasyncio.net.BufferedProtocol;
import jasyncio.net.Protocol;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.Timeout.ThreadMode;

/** {@link MemoryTransport}: the in-memory pair behaves like a socket pair under asyncio's transport contract. */
@Timeout(value = 10, threadMode = ThreadMode.SEPARATE_THREAD)
class MemoryTransportTest {
    private final SelectorLoop loop = new SelectorLoop(new VirtualClock());
    private final List<String> events = new ArrayList<>();
    private final List<ExceptionContext> handled = new ArrayList<>();

    @AfterEach
    void closeLoop() {
        loop.close();
    }

    private static byte[] b(String s) {
        return s.getBytes(US_ASCII);
    }

    /** Records its callbacks in {@link #events}, prefixed with its name. */
    private class Recorder implements Protocol {
        final String name;
        boolean keepOpenOnEof;
        RuntimeException failOnData;

        Recorder(String name) {
            this.name = name;
        }

        @Override
        public void connectionMade(BaseTransport transport) {
            events.add(name + " made");
        }

        @Override
        public void dataReceived(byte[] data) {
            events.add(name + " data " + new String(data, US_ASCII));
            if (failOnData != null) throw failOnData;
        }

        @Override
        public boolean eofReceived() {
            events.add(name + " eof");
            return keepOpenOnEof;
        }

        @Override
        public void pauseWriting() {
            events.add(name + " pause");
        }

        @Override
        public void resumeWriting() {
            events.add(name + " resume");
        }

        @Override
        public void connectionLost(Exception error) {
            events.add(name + " lost " + (error == null ? "null" : error.getClass().getSimpleName() + ": " + error.getMessage()));
        }
    }

    private void settle() {
        loop.runUntilComplete(() -> {
            for (int i = 0; i < 20; i++) sleep(0);
        });
    }

    @Test
    void bothEndsAreToldOfTheConnectionClientFirst() {
        MemoryTransport.pair(loop, new Recorder("c"), new Recorder("s"));
        settle();
        assertThat(events).containsExactly("c made", "s made");
    }

    @Test
    void bytesArriveInOrderInChunksOfAtMostTheChunkSize() {
        MemoryTransport.Pair p = MemoryTransport.pair(loop, new Recorder("c"), new Recorder("s"), 100, 3);
        p.client().write(b("abcd"));
        p.client().write(ByteBuffer.wrap(b("efg")));
        settle();
        assertThat(events).containsExactly("c made", "s made", "s data abc", "s data def", "s data g");
    }

    @Test
    void aPeerThatStopsReadingPausesTheWriterAboveTheHighWaterMarkAndResumesItAtTheLow() {
        MemoryTransport.Pair p = MemoryTransport.pair(loop, new Recorder("c"), new Recorder("s"), 4, 4);
        p.client().setWriteBufferLimits(8, 2);
        p.server().pauseReading();
        assertThat(p.server().isReading()).isFalse();
        settle();
        p.client().write(b("0123456789abcdef")); // 4 fit the peer's window, 12 stay buffered
        settle();
        assertThat(p.client().getWriteBufferSize()).isEqualTo(12);
        assertThat(events).containsExactly("c made", "s made", "c pause");
        events.clear();
        p.server().resumeReading();
        settle();
        assertThat(events).containsExactly("s data 0123", "s data 4567", "s data 89ab", "c resume", "s data cdef");
        assertThat(p.client().getWriteBufferSize()).isZero();
    }

    @Test
    void writeEofSendsTheEofAfterTheDataAndAPeerThatDoesNotKeepOpenCloses() {
        MemoryTransport.Pair p = MemoryTransport.pair(loop, new Recorder("c"), new Recorder("s"));
        p.client().write(b("last words"));
        p.client().writeEof();
        assertThatThrownBy(() -> p.client().write(b("more"))).isInstanceOf(IllegalStateException.class)
                .hasMessage("Cannot call write() after writeEof()");
        settle();
        assertThat(events).containsExactly("c made", "s made", "s data last words", "s eof", "s lost null", "c eof",
                "c lost null");
    }

    @Test
    void aHalfClosedPeerMayStillAnswer() {
        Recorder server = new Recorder("s");
        server.keepOpenOnEof = true;
        Recorder client = new Recorder("c");
        client.keepOpenOnEof = true;
        MemoryTransport.Pair p = MemoryTransport.pair(loop, client, server);
        p.client().writeEof();
        settle();
        p.server().write(b("answer"));
        p.server().close();
        settle();
        assertThat(events).containsExactly("c made", "s made", "s eof", "c data answer", "s lost null", "c eof");
    }

    @Test
    void closeSendsWhatIsBufferedFirstAndAbortDropsIt() {
        MemoryTransport.Pair p = MemoryTransport.pair(loop, new Recorder("c"), new Recorder("s"));
        p.client().write(b("kept"));
        p.client().close();
        assertThat(p.client().isClosing()).isTrue();
        p.client().write(b("dropped after close"));
        settle();
        assertThat(events).containsSubsequence("s data kept", "s eof").doesNotContain("s data dropped after close");

        events.clear();
        MemoryTransport.Pair q = MemoryTransport.pair(loop, new Recorder("c2"), new Recorder("s2"));
        q.client().write(b("dropped"));
        q.client().abort();
        settle();
        assertThat(events).containsExactly("c2 made", "s2 made", "c2 lost null", "s2 eof", "s2 lost null");
    }

    @Test
    void aResetFailsThePeerWithConnectionResetError() {
        MemoryTransport.Pair p = MemoryTransport.pair(loop, new Recorder("c"), new Recorder("s"));
        settle();
        p.client().write(b("unsent"));
        p.server().reset();
        settle();
        assertThat(events).containsExactly("c made", "s made", "s lost null",
                "c lost ConnectionResetError: Connection reset by peer");
    }

    @Test
    void writingToAPeerThatHasClosedResetsTheWriter() {
        Recorder client = new Recorder("c");
        client.keepOpenOnEof = true;
        MemoryTransport.Pair p = MemoryTransport.pair(loop, client, new Recorder("s"));
        p.server().close();
        settle();
        p.client().write(b("too late"));
        settle();
        assertThat(events).containsExactly("c made", "s made", "s lost null", "c eof",
                "c lost ConnectionResetError: Connection reset by peer");
    }

    @Test
    void aProtocolThatThrowsIsReportedAndItsConnectionClosedWithTheError() {
        loop.setExceptionHandler((l, c) -> handled.add(c));
        Recorder server = new Recorder("s");
        server.failOnData = new IllegalStateException("bad data");
        MemoryTransport.Pair p = MemoryTransport.pair(loop, new Recorder("c"), server);
        p.client().write(b("x"));
        settle();
        assertThat(handled).singleElement().satisfies(c -> {
            assertThat(c.message()).isEqualTo("Fatal error: protocol.dataReceived() call failed.");
            assertThat(c.exception()).isSameAs(server.failOnData);
        });
        assertThat(events).containsSubsequence("s data x", "s lost IllegalStateException: bad data", "c eof");
    }

    @Test
    void aBufferedProtocolReceivesIntoItsOwnBuffer() {
        ByteBuffer mine = ByteBuffer.allocate(4);
        List<String> got = new ArrayList<>();
        BufferedProtocol buffered = new BufferedProtocol() {
            @Override
            public ByteBuffer getBuffer(int sizeHint) {
                mine.clear();
                return mine;
            }

            @Override
            public void bufferUpdated(int nbytes) {
                got.add(new String(mine.array(), 0, nbytes, US_ASCII));
            }
        };
        MemoryTransport.Pair p = MemoryTransport.pair(loop, new Recorder("c"), buffered);
        p.client().write(b("0123456789"));
        settle();
        assertThat(got).containsExactly("0123", "4567", "89");
    }

    @Test
    void writeBufferLimitsAreCheckedAndReportedAsAsyncioOrdersThem() {
        MemoryTransport t = MemoryTransport.pair(loop, new Recorder("c"), new Recorder("s")).client();
        assertThat(t.getWriteBufferLimits()).containsExactly(16384, 65536);
        t.setWriteBufferLimits(100, 10);
        assertThat(t.getWriteBufferLimits()).containsExactly(10, 100);
        assertThatThrownBy(() -> t.setWriteBufferLimits(1, 2)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("high (1) must be >= low (2) must be >= 0");
        assertThat(t.getExtraInfo("peername")).hasToString("memory:server");
        assertThat(t.getExtraInfo("sockname")).hasToString("memory:client");
        settle();
    }
}
