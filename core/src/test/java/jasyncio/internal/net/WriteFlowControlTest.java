package jasyncio.internal.net;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Timeout;

import jasyncio.EventLoop;
import jasyncio.Future;
import jasyncio.net.BaseTransport;
import jasyncio.net.BufferedProtocol;
import jasyncio.net.Connection;
import jasyncio.net.Protocol;
import jasyncio.net.Server;
import jasyncio.net.Transport;
import jasyncio.internal.net.NetKit.Kind;

/**
 * Write flow control against a slow reader: a writer that honours pauseWriting keeps the
 * transport's buffer within the high-water mark plus one chunk however much it sends, and every
 * byte arrives (asyncio's test_selector_events write-buffer-limit tests, end to end).
 */
@Timeout(10)
class WriteFlowControlTest {
    static final int CHUNK = 16 << 10;
    static final long TOTAL = 64L << 20;

    /** Writes TOTAL bytes in chunks while not paused; records the largest buffer it ever saw. */
    static final class Pump implements Protocol {
        Transport transport;
        long sent;
        long maxBuffered;
        int pauses;
        int resumes;
        boolean paused;
        final ByteBuffer chunk = ByteBuffer.allocate(CHUNK);
        final Future<Exception> lost;

        Pump(EventLoop loop) {
            lost = loop.createFuture();
        }

        @Override
        public void connectionMade(BaseTransport t) {
            transport = (Transport) t;
            pump();
        }

        void pump() {
            while (!paused && sent < TOTAL) {
                chunk.clear();
                transport.write(chunk);
                sent += CHUNK;
                maxBuffered = Math.max(maxBuffered, transport.getWriteBufferSize());
            }
            if (sent == TOTAL && !transport.isClosing()) transport.close();
        }

        @Override
        public void pauseWriting() {
            pauses++;
            paused = true;
        }

        @Override
        public void resumeWriting() {
            resumes++;
            paused = false;
            pump();
        }

        @Override
        public void connectionLost(Exception error) {
            lost.setResult(error);
        }
    }

    /** Counts bytes; reads only when told to, one read per resumption (a slow consumer). */
    static final class SlowReader implements BufferedProtocol {
        final ByteBuffer buf = ByteBuffer.allocateDirect(64 << 10);
        Transport transport;
        long received;
        final Future<Long> done;
        final Future<Transport> made;
        final EventLoop loop;

        SlowReader(EventLoop loop) {
            this.loop = loop;
            done = loop.createFuture();
            made = loop.createFuture();
        }

        @Override
        public void connectionMade(BaseTransport t) {
            transport = (Transport) t;
            transport.pauseReading();
            made.setResult(transport);
        }

        @Override
        public ByteBuffer getBuffer(int sizeHint) {
            buf.clear();
            return buf;
        }

        @Override
        public void bufferUpdated(int nbytes) {
            received += nbytes;
            // Take a break after every read: the next one comes a loop iteration later.
            transport.pauseReading();
            loop.callSoon(transport::resumeReading);
        }

        @Override
        public void connectionLost(Exception error) {
            done.setResult(received);
        }
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void aWriterHonouringPauseWritingKeepsTheBufferBoundedAgainstASlowReader(Kind kind) {
        SocketTransportTest.run(loop -> {
            SlowReader[] reader = new SlowReader[1];
            try (Server server = kind.listen(loop, () -> reader[0] = new SlowReader(loop))) {
                Connection<Pump> c = kind.connect(loop, server, () -> new Pump(loop));
                Pump pump = c.protocol();
                assertThat(pump.pauses).as("the reader has not read yet: the writer must have been paused").isEqualTo(1);
                assertThat(pump.sent).isLessThan(TOTAL);

                reader[0].made.await().resumeReading();
                assertThat(reader[0].done.await()).isEqualTo(TOTAL);
                assertThat(pump.lost.await()).isNull();

                assertThat(pump.resumes).isEqualTo(pump.pauses).isGreaterThan(1);
                int[] limits = c.transport().getWriteBufferLimits();
                assertThat(pump.maxBuffered).isLessThanOrEqualTo(limits[1] + CHUNK);
            }
        });
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void loweringTheHighWaterMarkBelowTheBufferPausesAtOnce(Kind kind) {
        SocketTransportTest.run(loop -> {
            SlowReader[] reader = new SlowReader[1];
            try (Server server = kind.listen(loop, () -> reader[0] = new SlowReader(loop))) {
                Connection<NetKit.Recorder> c = kind.connect(loop, server, () -> new NetKit.Recorder(loop));
                Transport t = c.transport();
                t.setWriteBufferLimits(Integer.MAX_VALUE, 0);
                t.write(new byte[32 << 20]);
                assertThat(t.getWriteBufferSize()).isPositive();
                assertThat(c.protocol().events).containsExactly("made");

                t.setWriteBufferLimits(1024, 0);
                assertThat(c.protocol().events).containsExactly("made", "pause");

                reader[0].made.await().resumeReading();
                t.close();
                reader[0].done.await();
                c.protocol().lost.await();
                assertThat(c.protocol().events).containsExactly("made", "pause", "resume", "lost:null");
            }
        });
    }
}
