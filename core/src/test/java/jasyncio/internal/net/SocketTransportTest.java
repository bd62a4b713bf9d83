package jasyncio.internal.net;

import static jasyncio.internal.net.NetKit.bytes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import jasyncio.Asyncio;
import jasyncio.EventLoop;
import jasyncio.ExceptionContext;
import jasyncio.net.BaseTransport;
import jasyncio.net.BufferedProtocol;
import jasyncio.net.Connection;
import jasyncio.net.ConnectionResetError;
import jasyncio.net.Server;
import jasyncio.net.Transport;
import jasyncio.internal.net.NetKit.Accepted;
import jasyncio.internal.net.NetKit.Echo;
import jasyncio.internal.net.NetKit.Kind;
import jasyncio.internal.net.NetKit.LogCapture;
import jasyncio.internal.net.NetKit.Recorder;

/**
 * The stream transport over real sockets, TCP on loopback and Unix domain: the protocol's
 * callback order, half-close, close versus abort, pause/resume, errors and extra info
 * (asyncio's test_selector_events SelectorSocketTransportTests and test_events, re-expressed).
 */
@Timeout(10)
class SocketTransportTest {

    /** Runs {@code body} as the main task of a fresh loop, closing the loop after. */
    static void run(Body body) {
        try (EventLoop loop = Asyncio.newEventLoop()) {
            loop.runUntilComplete(() -> body.run(loop));
        }
    }

    interface Body {
        void run(EventLoop loop) throws Exception;
    }

    static Accepted echoes(EventLoop loop) {
        return new Accepted(loop) {
            @Override
            Recorder newRecorder(EventLoop l) {
                return new Echo(l);
            }
        };
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void callbacksRunMadeDataEofLostOnBothSides(Kind kind) {
        run(loop -> {
            Accepted accepted = echoes(loop);
            try (Server server = kind.listen(loop, accepted)) {
                Connection<Recorder> c = kind.connect(loop, server, () -> new Recorder(loop));
                Recorder serverSide = accepted.next();

                c.transport().write(bytes("ping"));
                c.protocol().awaitReceived(4);
                c.transport().writeEof();
                c.protocol().lost.await();
                serverSide.lost.await();

                assertThat(c.protocol().events).containsExactly("made", "data:ping", "eof", "lost:null");
                assertThat(serverSide.events).containsExactly("made", "data:ping", "eof", "lost:null");
            }
        });
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void writeEofHalfClosesAndThePeerCanStillAnswer(Kind kind) {
        run(loop -> {
            Accepted accepted = new Accepted(loop) {
                @Override
                Recorder newRecorder(EventLoop l) {
                    Recorder r = new Recorder(l) {
                        @Override
                        public boolean eofReceived() {
                            super.eofReceived();
                            transport.write(bytes("answer to " + received));
                            transport.close();
                            return true;
                        }
                    };
                    return r;
                }
            };
            try (Server server = kind.listen(loop, accepted)) {
                Connection<Recorder> c = kind.connect(loop, server, () -> new Recorder(loop));
                assertThat(c.transport().canWriteEof()).isTrue();

                c.transport().write(bytes("question"));
                c.transport().writeEof();
                c.protocol().lost.await();

                assertThat(c.protocol().events).containsExactly("made", "data:answer to question", "eof", "lost:null");
                assertThat(accepted.next().lost.await()).isNull();
            }
        });
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void eofReceivedReturningTrueKeepsTheTransportOpenForWriting(Kind kind) {
        run(loop -> {
            Accepted accepted = new Accepted(loop) {
                @Override
                Recorder newRecorder(EventLoop l) {
                    Recorder r = new Recorder(l);
                    r.keepOpenOnEof = true;
                    return r;
                }
            };
            try (Server server = kind.listen(loop, accepted)) {
                Connection<Recorder> c = kind.connect(loop, server, () -> new Recorder(loop));
                Recorder serverSide = accepted.next();

                c.transport().writeEof();
                serverSide.eof.await();
                Asyncio.sleep(0);

                assertThat(serverSide.transport.isClosing()).isFalse();
                serverSide.transport.write(bytes("still here"));
                assertThat(c.protocol().awaitReceived(10)).isEqualTo("still here");
                serverSide.transport.close();
                c.protocol().lost.await();
                assertThat(serverSide.events).containsExactly("made", "eof", "lost:null");
            }
        });
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void writeAfterWriteEofIsRefused(Kind kind) {
        run(loop -> {
            try (Server server = kind.listen(loop, () -> new Recorder(loop))) {
                Connection<Recorder> c = kind.connect(loop, server, () -> new Recorder(loop));
                c.transport().writeEof();

                assertThatThrownBy(() -> c.transport().write(bytes("late")))
                        .isInstanceOf(IllegalStateException.class)
                        .hasMessage("Cannot call write() after writeEof()");
                c.transport().close();
                c.protocol().lost.await();
            }
        });
    }

    /** A peer that does not read: its protocol pauses reading as soon as it is connected. */
    static Accepted nonReading(EventLoop loop) {
        return new Accepted(loop) {
            @Override
            Recorder newRecorder(EventLoop l) {
                return new Recorder(l) {
                    long count;

                    @Override
                    public void connectionMade(BaseTransport t) {
                        super.connectionMade(t);
                        transport.pauseReading();
                    }

                    @Override
                    public void dataReceived(byte[] data) {
                        count += data.length; // no per-chunk events: the chunking is the kernel's
                        received.setLength(0);
                        received.append(count);
                    }
                };
            }
        };
    }

    static final int BIG = 32 << 20;

    @ParameterizedTest
    @EnumSource(Kind.class)
    void closeSendsTheBufferedDataBeforeConnectionLost(Kind kind) {
        run(loop -> {
            Accepted accepted = nonReading(loop);
            try (Server server = kind.listen(loop, accepted)) {
                Connection<Recorder> c = kind.connect(loop, server, () -> new Recorder(loop));
                Recorder serverSide = accepted.next();
                c.transport().write(new byte[BIG]);
                assertThat(c.transport().getWriteBufferSize()).as("the socket cannot take 32 MiB at once").isPositive();

                c.transport().close();
                assertThat(c.transport().isClosing()).isTrue();
                Asyncio.sleep(0);
                assertThat(c.protocol().lost.isDone()).as("lost only after the buffer is flushed").isFalse();
                serverSide.transport.resumeReading();
                serverSide.lost.await();
                c.protocol().lost.await();

                assertThat(serverSide.received.toString()).isEqualTo(String.valueOf(BIG));
                assertThat(c.protocol().events).containsExactly("made", "pause", "resume", "lost:null");
                assertThat(c.transport().getWriteBufferSize()).isZero();
            }
        });
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void abortDropsTheBufferedDataAndConnectionLostGetsNull(Kind kind) {
        run(loop -> {
            Accepted accepted = nonReading(loop);
            try (Server server = kind.listen(loop, accepted)) {
                Connection<Recorder> c = kind.connect(loop, server, () -> new Recorder(loop));
                Recorder serverSide = accepted.next();
                c.transport().write(new byte[BIG]);
                assertThat(c.transport().getWriteBufferSize()).isPositive();

                c.transport().abort();
                assertThat(c.transport().getWriteBufferSize()).isZero();
                assertThat(c.protocol().lost.await()).isNull();
                serverSide.transport.resumeReading();
                serverSide.lost.await();

                assertThat(Long.parseLong(serverSide.received.toString())).isLessThan(BIG);
                assertThat(c.protocol().events).containsExactly("made", "pause", "lost:null");
            }
        });
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void connectionLostRunsOnceHoweverOftenTheTransportIsClosedOrAborted(Kind kind) {
        run(loop -> {
            try (Server server = kind.listen(loop, () -> new Recorder(loop))) {
                Connection<Recorder> c = kind.connect(loop, server, () -> new Recorder(loop));

                c.transport().close();
                c.transport().abort();
                c.transport().close();
                c.protocol().lost.await();
                c.transport().abort();
                for (int i = 0; i < 3; i++) Asyncio.sleep(0);

                assertThat(c.protocol().events).containsExactly("made", "lost:null");
            }
        });
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void writesAfterTheConnectionIsLostAreDroppedWithAWarningFromTheFifthOn(Kind kind) {
        run(loop -> {
            try (Server server = kind.listen(loop, () -> new Recorder(loop)); LogCapture log = new LogCapture()) {
                Connection<Recorder> c = kind.connect(loop, server, () -> new Recorder(loop));
                c.transport().close();
                c.protocol().lost.await();

                for (int i = 0; i < 4; i++) c.transport().write(bytes("dropped"));
                assertThat(log.messages()).isEmpty();
                ByteBuffer last = ByteBuffer.wrap(bytes("dropped"));
                c.transport().write(last);

                assertThat(log.messages()).singleElement().asString()
                        .startsWith("write() on a transport whose connection is lost: the data is dropped");
                assertThat(last.hasRemaining()).as("the buffer is consumed all the same").isFalse();
            }
        });
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void pauseReadingHoldsTheDataBackUntilResumeReading(Kind kind) {
        run(loop -> {
            Accepted accepted = new Accepted(loop);
            try (Server server = kind.listen(loop, accepted)) {
                Connection<Recorder> c = kind.connect(loop, server, () -> new Recorder(loop));
                Recorder serverSide = accepted.next();
                serverSide.transport.pauseReading();
                serverSide.transport.pauseReading();
                assertThat(serverSide.transport.isReading()).isFalse();

                c.transport().write(bytes("abc"));
                c.transport().close();
                c.protocol().lost.await();
                for (int i = 0; i < 5; i++) Asyncio.sleep(0);
                assertThat(serverSide.events).containsExactly("made");

                serverSide.transport.resumeReading();
                serverSide.transport.resumeReading();
                assertThat(serverSide.transport.isReading()).isTrue();
                serverSide.lost.await();
                assertThat(serverSide.events).containsExactly("made", "data:abc", "eof", "lost:null");
            }
        });
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void aPeerResetGivesConnectionLostAConnectionResetErrorCausedByTheIOException(Kind kind) {
        run(loop -> {
            Accepted accepted = nonReading(loop);
            try (Server server = kind.listen(loop, accepted)) {
                Connection<Recorder> c = kind.connect(loop, server, () -> new Recorder(loop));
                Recorder serverSide = accepted.next();

                // A TCP socket closed with SO_LINGER 0 resets the connection; a Unix socket closed
                // with unread data does (the JDK half-closes a registered TCP channel first, which
                // would let the peer see EOF before the reset).
                if (kind == Kind.TCP) {
                    ((SocketChannel) serverSide.transport.getExtraInfo("socket"))
                            .setOption(java.net.StandardSocketOptions.SO_LINGER, 0);
                }
                c.transport().write(bytes("unread"));
                serverSide.transport.abort();
                Exception error = c.protocol().lost.await();

                assertThat(error).isInstanceOf(ConnectionResetError.class).hasCauseInstanceOf(java.io.IOException.class);
                assertThat(c.protocol().events).containsExactly("made", "lost:ConnectionResetError");
                assertThat(c.transport().isClosing()).isTrue();
            }
        });
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void aProtocolThatThrowsIsReportedAndItsConnectionClosedWithThatError(Kind kind) {
        run(loop -> {
            List<ExceptionContext> reported = new ArrayList<>();
            loop.setExceptionHandler((l, ctx) -> reported.add(ctx));
            RuntimeException boom = new RuntimeException("boom");
            Accepted accepted = new Accepted(loop) {
                @Override
                Recorder newRecorder(EventLoop l) {
                    return new Recorder(l) {
                        @Override
                        public void dataReceived(byte[] data) {
                            throw boom;
                        }
                    };
                }
            };
            try (Server server = kind.listen(loop, accepted)) {
                Connection<Recorder> c = kind.connect(loop, server, () -> new Recorder(loop));
                c.transport().write(bytes("x"));

                assertThat(accepted.next().lost.await()).isSameAs(boom);
                c.protocol().lost.await();

                assertThat(reported).singleElement().satisfies(ctx -> {
                    assertThat(ctx.message()).startsWith("Fatal error: protocol.dataReceived() call failed.");
                    assertThat(ctx.exception()).isSameAs(boom);
                });
                assertThat(c.protocol().events).containsExactly("made", "eof", "lost:null");
            }
        });
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void extraInfoGivesPeerAndSocketNamesAndTheChannel(Kind kind) {
        run(loop -> {
            Accepted accepted = new Accepted(loop);
            try (Server server = kind.listen(loop, accepted)) {
                Connection<Recorder> c = kind.connect(loop, server, () -> new Recorder(loop));
                Transport serverSide = accepted.next().transport;
                Transport t = c.transport();

                assertThat(t.getExtraInfo("peername")).isEqualTo(NetKit.address(server));
                if (kind == Kind.TCP) {
                    assertThat(serverSide.getExtraInfo("peername")).isEqualTo(t.getExtraInfo("sockname"));
                    assertThat(((InetSocketAddress) t.getExtraInfo("sockname")).getPort()).isPositive();
                }
                assertThat(serverSide.getExtraInfo("sockname")).isEqualTo(NetKit.address(server));
                assertThat(t.getExtraInfo("socket")).isInstanceOf(SocketChannel.class);
                assertThat(t.getExtraInfo("nonsense")).isNull();
                assertThat(t.getExtraInfo("nonsense", "fallback")).isEqualTo("fallback");
                assertThat(t.getProtocol()).isSameAs(c.protocol());

                t.close();
                c.protocol().lost.await();
                assertThat(t.getExtraInfo("peername")).as("still known after close").isInstanceOf(SocketAddress.class);
            }
        });
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void writeBufferLimitsDefaultTo64KiBAnd16KiBAndAreChecked(Kind kind) {
        run(loop -> {
            try (Server server = kind.listen(loop, () -> new Recorder(loop))) {
                Connection<Recorder> c = kind.connect(loop, server, () -> new Recorder(loop));
                Transport t = c.transport();

                assertThat(t.getWriteBufferLimits()).containsExactly(16384, 65536);
                t.setWriteBufferLimits(100, 10);
                assertThat(t.getWriteBufferLimits()).containsExactly(10, 100);
                assertThatThrownBy(() -> t.setWriteBufferLimits(10, 100))
                        .isInstanceOf(IllegalArgumentException.class)
                        .hasMessage("high (10) must be >= low (100) must be >= 0");
                assertThatThrownBy(() -> t.setWriteBufferLimits(0, -1)).isInstanceOf(IllegalArgumentException.class);
                t.close();
                c.protocol().lost.await();
            }
        });
    }

    /** A BufferedProtocol with a small buffer of its own, recording every callback. */
    static final class SmallBuffers implements BufferedProtocol {
        final List<String> events = new ArrayList<>();
        final ByteBuffer buf;
        final StringBuilder received = new StringBuilder();
        final jasyncio.Future<Exception> lost;

        SmallBuffers(EventLoop loop, int size) {
            buf = ByteBuffer.allocate(size);
            lost = loop.createFuture();
        }

        @Override
        public void connectionMade(BaseTransport t) {
            events.add("made");
        }

        @Override
        public ByteBuffer getBuffer(int sizeHint) {
            events.add("getBuffer(" + sizeHint + ")");
            buf.clear();
            return buf;
        }

        @Override
        public void bufferUpdated(int nbytes) {
            assertThat(buf.position()).as("the position moved past the new bytes").isEqualTo(nbytes);
            received.append(NetKit.latin1(java.util.Arrays.copyOf(buf.array(), nbytes)));
        }

        @Override
        public boolean eofReceived() {
            events.add("eof");
            return false;
        }

        @Override
        public void connectionLost(Exception error) {
            events.add("lost:" + error);
            lost.setResult(error);
        }
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void aBufferedProtocolReceivesIntoItsOwnBuffer(Kind kind) {
        run(loop -> {
            List<SmallBuffers> made = new ArrayList<>();
            try (Server server = kind.listen(loop, () -> {
                SmallBuffers p = new SmallBuffers(loop, 4);
                made.add(p);
                return p;
            })) {
                Connection<Recorder> c = kind.connect(loop, server, () -> new Recorder(loop));
                c.transport().write(bytes("abcdefghij"));
                c.transport().close();
                c.protocol().lost.await();
                while (made.isEmpty()) Asyncio.sleep(0);
                SmallBuffers p = made.get(0);
                p.lost.await();

                assertThat(p.received.toString()).isEqualTo("abcdefghij");
                assertThat(p.events.get(0)).isEqualTo("made");
                assertThat(p.events.subList(1, p.events.size() - 2)).isNotEmpty().allMatch("getBuffer(-1)"::equals);
                assertThat(p.events.subList(p.events.size() - 2, p.events.size())).containsExactly("eof", "lost:null");
            }
        });
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void aBufferedProtocolGivingAnEmptyBufferIsAFatalError(Kind kind) {
        run(loop -> {
            List<ExceptionContext> reported = new ArrayList<>();
            loop.setExceptionHandler((l, ctx) -> reported.add(ctx));
            List<SmallBuffers> made = new ArrayList<>();
            try (Server server = kind.listen(loop, () -> {
                SmallBuffers p = new SmallBuffers(loop, 0);
                made.add(p);
                return p;
            })) {
                Connection<Recorder> c = kind.connect(loop, server, () -> new Recorder(loop));
                c.transport().write(bytes("x"));
                c.protocol().lost.await();
                Exception error = made.get(0).lost.await();

                assertThat(error).isInstanceOf(IllegalStateException.class)
                        .hasMessage("getBuffer() returned an empty buffer");
                assertThat(reported).singleElement().extracting(ExceptionContext::message).asString()
                        .startsWith("Fatal error: protocol.getBuffer() call failed.");
            }
        });
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void writelinesSendsTheChunksInOrder(Kind kind) {
        run(loop -> {
            try (Server server = kind.listen(loop, echoes(loop))) {
                Connection<Recorder> c = kind.connect(loop, server, () -> new Recorder(loop));
                c.transport().writelines(List.of(bytes("one "), bytes("two "), bytes("three")));

                assertThat(c.protocol().awaitReceived(13)).isEqualTo("one two three");
                c.transport().close();
                c.protocol().lost.await();
            }
        });
    }
}
