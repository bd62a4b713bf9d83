package jasyncio.internal.net;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.security.cert.Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import javax.net.ssl.SSLEngine;

import jasyncio.Asyncio;
import jasyncio.ExceptionContext;
import jasyncio.Future;
import jasyncio.TimeoutError;
import jasyncio.internal.SelectorLoop;
import jasyncio.internal.VirtualClock;
import jasyncio.net.BaseTransport;
import jasyncio.net.BufferedProtocol;
import jasyncio.net.ConnectionAbortedError;
import jasyncio.net.ConnectionResetError;
import jasyncio.net.Protocol;
import jasyncio.net.SslCertVerificationError;
import jasyncio.net.SslError;
import jasyncio.net.TestCerts;
import jasyncio.net.TlsOptions;
import jasyncio.net.Transport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.Timeout.ThreadMode;

/**
 * The TLS layer on its own, over an in-memory transport pair on a virtual-clock loop: the
 * handshake, data both ways, closing with and without close_notify, failures, timeouts and
 * flow control. Behaviour follows asyncio's sslproto.py and CPython's test_sslproto.py.
 */
@Timeout(value = 10, threadMode = ThreadMode.SEPARATE_THREAD)
class SslProtocolTest {
    private static final TestCerts CERTS = TestCerts.get();

    private final SelectorLoop loop = new SelectorLoop(new VirtualClock());
    private final List<ExceptionContext> reported = new ArrayList<>();

    @BeforeEach
    void recordErrors() {
        loop.setExceptionHandler((l, ctx) -> reported.add(ctx));
    }

    @AfterEach
    void close() {
        loop.close();
    }

    /** A protocol that records its events as short strings and its data. */
    static class Recorder implements Protocol {
        final String name;
        final List<String> events;
        final ByteArrayOutputStream data = new ByteArrayOutputStream();
        Transport transport;
        Exception lostWith;
        final Future<Void> lost;

        Recorder(SelectorLoop loop, String name, List<String> events) {
            this.name = name;
            this.events = events;
            this.lost = loop.createFuture();
        }

        @Override
        public void connectionMade(BaseTransport t) {
            transport = (Transport) t;
            events.add(name + " made");
        }

        @Override
        public void dataReceived(byte[] d) {
            data.writeBytes(d);
            events.add(name + " data " + new String(d, US_ASCII));
        }

        @Override
        public boolean eofReceived() {
            events.add(name + " eof");
            return false;
        }

        @Override
        public void connectionLost(Exception error) {
            lostWith = error;
            events.add(name + " lost " + (error == null ? "null" : error.getClass().getSimpleName()));
            if (!lost.isDone()) lost.setResult(null);
        }

        String text() {
            return data.toString(US_ASCII);
        }
    }

    /** A TLS connection over two memory transports. */
    record Link(SslProtocol client, SslProtocol server, MemoryTransport.Pair raw, Future<Void> clientReady,
               Future<Void> serverReady) {}

    private Link connect(Protocol client, Protocol server, TlsOptions clientOptions, TlsOptions serverOptions,
                        String hostname, int window, int maxChunk) {
        Future<Void> cw = loop.createFuture();
        Future<Void> sw = loop.createFuture();
        SslProtocol c = new SslProtocol(loop, client, clientOptions, false, hostname, -1, cw, true);
        SslProtocol s = new SslProtocol(loop, server, serverOptions, true, null, -1, sw, true);
        MemoryTransport.Pair raw = MemoryTransport.pair(loop, c, s, window, maxChunk);
        return new Link(c, s, raw, cw, sw);
    }

    private Link connect(Protocol client, Protocol server) {
        return connect(client, server, CERTS.client(), CERTS.server(), "localhost",
                MemoryTransport.DEFAULT_WINDOW, MemoryTransport.DEFAULT_WINDOW);
    }

    /** Lets every callback due now run (a few loop iterations). */
    private static void settle() {
        for (int i = 0; i < 20; i++) Asyncio.sleep(0);
    }

    @Test
    void handshakeThenDataFlowsBothWaysInOrder() {
        List<String> events = new ArrayList<>();
        Recorder client = new Recorder(loop, "client", events);
        Recorder server = new Recorder(loop, "server", events) {
            @Override
            public void dataReceived(byte[] d) {
                super.dataReceived(d);
                transport.write(("echo:" + new String(d, US_ASCII)).getBytes(US_ASCII));
            }
        };
        loop.runUntilComplete(() -> {
            Link tls = connect(client, server);
            tls.clientReady().await();
            tls.serverReady().await();
            events.add("ready");
            client.transport.write("ping".getBytes(US_ASCII));
            settle();
            client.transport.close();
            client.lost.await();
            server.lost.await();
        });
        assertThat(events).containsSubsequence("client made", "ready", "server data ping", "client data echo:ping");
        assertThat(events).contains("server made");
        // close_notify both ways: each side sees an orderly end (asyncio also calls eof_received on the closer)
        assertThat(events).containsSubsequence("server eof", "server lost null");
        assertThat(events).containsSubsequence("client eof", "client lost null");
        assertThat(reported).isEmpty();
    }

    @Test
    void extraInfoNamesTheSessionAndPassesTheRestThrough() {
        Recorder client = new Recorder(loop, "client", new ArrayList<>());
        Recorder server = new Recorder(loop, "server", new ArrayList<>());
        loop.runUntilComplete(() -> {
            Link tls = connect(client, server);
            tls.clientReady().await();
            Transport t = client.transport;
            assertThat(t.getExtraInfo("sslcontext")).isSameAs(CERTS.client().context());
            assertThat(t.getExtraInfo("ssl_object")).isInstanceOf(SSLEngine.class).isSameAs(tls.client().engine());
            assertThat((String) t.getExtraInfo("cipher")).startsWith("TLS_");
            Certificate[] peer = (Certificate[]) t.getExtraInfo("peercert");
            assertThat(peer).hasSize(2);
            assertThat(peer[1]).isEqualTo(CERTS.ca());
            assertThat(t.getExtraInfo("peername")).hasToString("memory:server");
            assertThat(t.getExtraInfo("nothing", "default")).isEqualTo("default");
            tls.serverReady().await();
            assertThat(server.transport.getExtraInfo("peercert")).isNull(); // no client certificate
            client.transport.close();
            client.lost.await();
            assertThat(t.getExtraInfo("peername")).isNull(); // asyncio: nothing from a lost transport
        });
    }

    @Test
    void writeEofIsNotSupportedOverTls() {
        Recorder client = new Recorder(loop, "client", new ArrayList<>());
        loop.runUntilComplete(() -> {
            Link tls = connect(client, new Recorder(loop, "server", new ArrayList<>()));
            tls.clientReady().await();
            assertThat(client.transport.canWriteEof()).isFalse();
            assertThatThrownBy(() -> client.transport.writeEof())
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("TLS");
            client.transport.abort();
            client.lost.await();
        });
    }

    @Test
    void peerCloseNotifyGivesEofThenConnectionLostWithoutError() {
        List<String> events = new ArrayList<>();
        Recorder client = new Recorder(loop, "client", events);
        Recorder server = new Recorder(loop, "server", events);
        loop.runUntilComplete(() -> {
            Link tls = connect(client, server);
            tls.serverReady().await();
            tls.clientReady().await();
            server.transport.write("last words".getBytes(US_ASCII));
            server.transport.close();
            client.lost.await();
            server.lost.await();
        });
        assertThat(events).containsSubsequence("client data last words", "client eof", "client lost null");
        assertThat(client.lostWith).isNull();
        assertThat(server.lostWith).isNull();
    }

    @Test
    void abruptEofWithoutCloseNotifyEndsTheConnectionLikeAnEof() {
        // asyncio accepts a "ragged" EOF: eof_received, then connection_lost(None)
        List<String> events = new ArrayList<>();
        Recorder client = new Recorder(loop, "client", events);
        Recorder server = new Recorder(loop, "server", events);
        loop.runUntilComplete(() -> {
            Link tls = connect(client, server);
            tls.serverReady().await();
            tls.clientReady().await();
            server.transport.write("partial".getBytes(US_ASCII));
            settle();
            tls.raw().server().abort(); // the socket closes, no close_notify
            client.lost.await();
        });
        assertThat(events).containsSubsequence("client data partial", "client eof", "client lost null");
    }

    @Test
    void peerResetLosesTheConnectionWithTheResetError() {
        Recorder client = new Recorder(loop, "client", new ArrayList<>());
        Recorder server = new Recorder(loop, "server", new ArrayList<>());
        loop.runUntilComplete(() -> {
            Link tls = connect(client, server);
            tls.clientReady().await();
            tls.raw().server().reset();
            client.lost.await();
        });
        assertThat(client.lostWith).isInstanceOf(ConnectionResetError.class);
        assertThat(client.events).doesNotContain("client eof");
    }

    @Test
    void wrongHostNameFailsNamingTheExpectedHostAndTheCertificatesNames() {
        List<String> events = new ArrayList<>();
        Recorder client = new Recorder(loop, "client", events);
        Recorder server = new Recorder(loop, "server", events);
        loop.runUntilComplete(() -> {
            Link tls = connect(client, server, CERTS.client(), CERTS.server(), "wronghost",
                    MemoryTransport.DEFAULT_WINDOW, MemoryTransport.DEFAULT_WINDOW);
            assertThatThrownBy(() -> tls.clientReady().await())
                    .isInstanceOf(SslCertVerificationError.class)
                    .hasMessageContaining("'wronghost'")
                    .hasMessageContaining("localhost")
                    .hasMessageContaining("127.0.0.1");
            // the server hears the client's alert
            assertThatThrownBy(() -> tls.serverReady().await()).isInstanceOf(SslError.class)
                    .hasMessageContaining("certificate");
            settle();
            assertThat(tls.raw().client().isClosing()).isTrue();
            assertThat(tls.raw().server().isClosing()).isTrue();
        });
        assertThat(events).isEmpty(); // neither protocol was ever connected
        assertThat(reported).isEmpty(); // a failed handshake is a network event, not a bug
    }

    @Test
    void addressLiteralIsCheckedAgainstTheCertificatesAddresses() {
        Recorder client = new Recorder(loop, "client", new ArrayList<>());
        loop.runUntilComplete(() -> {
            Link ok = connect(client, new Recorder(loop, "server", new ArrayList<>()), CERTS.client(), CERTS.server(),
                    "127.0.0.1", MemoryTransport.DEFAULT_WINDOW, MemoryTransport.DEFAULT_WINDOW);
            ok.clientReady().await();
            client.transport.abort();
            Link wrong = connect(new Recorder(loop, "c2", new ArrayList<>()), new Recorder(loop, "s2", new ArrayList<>()),
                    CERTS.client(), CERTS.server(), "127.0.0.2",
                    MemoryTransport.DEFAULT_WINDOW, MemoryTransport.DEFAULT_WINDOW);
            assertThatThrownBy(() -> wrong.clientReady().await())
                    .isInstanceOf(SslCertVerificationError.class).hasMessageContaining("127.0.0.2");
        });
    }

    @Test
    void untrustedCertificateFailsVerification() {
        loop.runUntilComplete(() -> {
            Link tls = connect(new Recorder(loop, "client", new ArrayList<>()), new Recorder(loop, "server", new ArrayList<>()),
                    CERTS.client(), TlsOptions.of(CERTS.untrustedServerContext()), "localhost",
                    MemoryTransport.DEFAULT_WINDOW, MemoryTransport.DEFAULT_WINDOW);
            assertThatThrownBy(() -> tls.clientReady().await())
                    .isInstanceOf(SslCertVerificationError.class)
                    .hasMessageStartingWith("certificate verify failed: ")
                    .hasMessageContaining("PKIX");
        });
        assertThat(reported).isEmpty();
    }

    @Test
    void insecureOptionsConnectToAnUntrustedCertificateUnderAnyName() {
        Recorder client = new Recorder(loop, "client", new ArrayList<>());
        Recorder server = new Recorder(loop, "server", new ArrayList<>());
        loop.runUntilComplete(() -> {
            Link tls = connect(client, server, TlsOptions.insecure(), TlsOptions.of(CERTS.untrustedServerContext()),
                    "wronghost", MemoryTransport.DEFAULT_WINDOW, MemoryTransport.DEFAULT_WINDOW);
            tls.clientReady().await();
            client.transport.write("hi".getBytes(US_ASCII));
            settle();
            client.transport.close();
            server.lost.await();
        });
        assertThat(server.text()).isEqualTo("hi");
    }

    @Test
    void defaultClientChecksTheHostNameAndNeedsOne() {
        assertThatThrownBy(() -> new SslProtocol(loop, new Recorder(loop, "c", new ArrayList<>()), TlsOptions.client(),
                false, null, -1, null, true))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("withServerHostname");
        assertThatThrownBy(() -> new SslProtocol(loop, new Recorder(loop, "s", new ArrayList<>()), TlsOptions.client(),
                true, null, -1, null, true))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("SSLContext");
        SslProtocol unchecked = new SslProtocol(loop, new Recorder(loop, "c", new ArrayList<>()),
                TlsOptions.client().withCheckHostname(false), false, null, -1, null, true);
        assertThat(unchecked.engine().getSSLParameters().getEndpointIdentificationAlgorithm()).isNull();
        SslProtocol checked = new SslProtocol(loop, new Recorder(loop, "c", new ArrayList<>()), TlsOptions.client(),
                false, "example.com", 443, null, true);
        assertThat(checked.engine().getSSLParameters().getEndpointIdentificationAlgorithm()).isEqualTo("HTTPS");
        assertThat(checked.engine().getSSLParameters().getServerNames()).hasSize(1);
    }

    @Test
    void timeoutsMustBePositive() {
        assertThatThrownBy(() -> TlsOptions.client().withHandshakeTimeout(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("positive");
        assertThatThrownBy(() -> TlsOptions.client().withShutdownTimeout(Duration.ofSeconds(-10)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("positive");
    }

    @Test
    void handshakeTimeoutAbortsTheConnectionQuietly() {
        List<String> events = new ArrayList<>();
        Recorder client = new Recorder(loop, "client", events);
        Recorder silent = new Recorder(loop, "silent", events) { // a plain peer that never answers
            @Override
            public void dataReceived(byte[] d) {
                data.writeBytes(d); // the ClientHello
            }
        };
        loop.runUntilComplete(() -> {
            Future<Void> ready = loop.createFuture();
            SslProtocol c = new SslProtocol(loop, client, CERTS.client().withHandshakeTimeout(Duration.ofSeconds(10)),
                    false, "localhost", -1, ready, true);
            MemoryTransport.Pair raw = MemoryTransport.pair(loop, c, silent);
            double start = loop.time();
            assertThatThrownBy(ready::await).isInstanceOf(ConnectionAbortedError.class)
                    .hasMessage("SSL handshake is taking longer than 10.0 seconds: aborting the connection");
            assertThat(loop.time() - start).isEqualTo(10.0);
            silent.lost.await();
            assertThat(raw.client().isClosing()).isTrue();
        });
        assertThat(events).containsExactly("silent made", "silent eof", "silent lost null");
        assertThat(silent.data.size()).isPositive();
        assertThat(reported).isEmpty();
    }

    @Test
    void eofDuringTheHandshakeFailsTheWaiterWithConnectionReset() {
        Recorder silent = new Recorder(loop, "silent", new ArrayList<>()) {
            @Override
            public void dataReceived(byte[] d) {
                transport.close(); // a ClientHello arrives; the "server" hangs up
            }
        };
        loop.runUntilComplete(() -> {
            Future<Void> ready = loop.createFuture();
            SslProtocol c = new SslProtocol(loop, new Recorder(loop, "client", new ArrayList<>()), CERTS.client(),
                    false, "localhost", -1, ready, true);
            MemoryTransport.pair(loop, c, silent);
            assertThatThrownBy(ready::await).isInstanceOf(ConnectionResetError.class);
        });
        assertThat(reported).isEmpty();
    }

    @Test
    void closeDuringTheHandshakeAbortsTheRawTransport() {
        loop.runUntilComplete(() -> {
            Future<Void> ready = loop.createFuture();
            Recorder silent = new Recorder(loop, "silent", new ArrayList<>());
            SslProtocol c = new SslProtocol(loop, new Recorder(loop, "client", new ArrayList<>()), CERTS.client(),
                    false, "localhost", -1, ready, true);
            MemoryTransport.Pair raw = MemoryTransport.pair(loop, c, silent);
            settle();
            c.appTransport().close();
            assertThat(c.appTransport().isClosing()).isTrue();
            assertThat(raw.client().isClosing()).isTrue();
            assertThatThrownBy(ready::await).isInstanceOf(ConnectionAbortedError.class);
        });
    }

    @Test
    void writesAfterCloseAreDroppedWithoutError() {
        Recorder client = new Recorder(loop, "client", new ArrayList<>());
        Recorder server = new Recorder(loop, "server", new ArrayList<>());
        loop.runUntilComplete(() -> {
            Link tls = connect(client, server);
            tls.clientReady().await();
            client.transport.write("before".getBytes(US_ASCII));
            client.transport.close();
            client.transport.write("after".getBytes(US_ASCII));
            assertThat(client.transport.isClosing()).isTrue();
            server.lost.await();
        });
        assertThat(server.text()).isEqualTo("before");
    }

    @Test
    void shutdownTimesOutWhenThePeerNeverAnswersTheCloseNotify() {
        Recorder client = new Recorder(loop, "client", new ArrayList<>());
        Recorder server = new Recorder(loop, "server", new ArrayList<>());
        loop.runUntilComplete(() -> {
            Link tls = connect(client, server, CERTS.client().withShutdownTimeout(Duration.ofSeconds(5)), CERTS.server(),
                    "localhost", MemoryTransport.DEFAULT_WINDOW, MemoryTransport.DEFAULT_WINDOW);
            tls.clientReady().await();
            tls.serverReady().await();
            server.transport.pauseReading(); // the server never reads the close_notify
            double start = loop.time();
            client.transport.close();
            client.lost.await();
            assertThat(loop.time() - start).isEqualTo(5.0);
            server.transport.abort();
        });
        assertThat(client.lostWith).isInstanceOf(TimeoutError.class).hasMessage("SSL shutdown timed out");
    }

    @Test
    void corruptedRecordLosesTheConnectionWithAnSslError() {
        Recorder client = new Recorder(loop, "client", new ArrayList<>());
        Recorder server = new Recorder(loop, "server", new ArrayList<>());
        loop.runUntilComplete(() -> {
            Link tls = connect(client, server);
            tls.clientReady().await();
            tls.serverReady().await();
            server.transport.write("A\n".getBytes(US_ASCII));
            settle();
            byte[] garbage = new byte[5 + 64]; // an application data record of 64 bytes that no key made
            Arrays.fill(garbage, (byte) 0x5a);
            garbage[0] = 0x17;
            garbage[1] = 0x03;
            garbage[2] = 0x03;
            garbage[3] = 0;
            garbage[4] = 64;
            tls.raw().server().write(garbage);
            client.lost.await();
        });
        assertThat(client.text()).isEqualTo("A\n");
        assertThat(client.lostWith).isInstanceOf(SslError.class);
        assertThat(reported).isEmpty();
    }

    @Test
    void bufferedProtocolReceivesThroughATinyBuffer() {
        // test_start_tls_client_buf_proto_1: a one-byte get_buffer() still gets every byte, in order
        ByteArrayOutputStream got = new ByteArrayOutputStream();
        Future<Void> lost = loop.createFuture();
        BufferedProtocol tiny = new BufferedProtocol() {
            final ByteBuffer one = ByteBuffer.allocate(1);

            @Override
            public ByteBuffer getBuffer(int sizeHint) {
                one.clear();
                return one;
            }

            @Override
            public void bufferUpdated(int nbytes) {
                assertThat(nbytes).isEqualTo(1);
                got.write(one.get(0));
            }

            @Override
            public void connectionLost(Exception error) {
                lost.setResult(null);
            }
        };
        Recorder server = new Recorder(loop, "server", new ArrayList<>());
        loop.runUntilComplete(() -> {
            Future<Void> cw = loop.createFuture();
            SslProtocol c = new SslProtocol(loop, tiny, CERTS.client(), false, "localhost", -1, cw, true);
            Future<Void> sw = loop.createFuture();
            SslProtocol s = new SslProtocol(loop, server, CERTS.server(), true, null, -1, sw, true);
            MemoryTransport.pair(loop, c, s);
            sw.await();
            server.transport.write("hello, one byte at a time".getBytes(US_ASCII));
            server.transport.close();
            lost.await();
        });
        assertThat(got.toString(US_ASCII)).isEqualTo("hello, one byte at a time");
    }

    @Test
    void setProtocolSendsLaterDataToTheNewProtocol() {
        List<String> events = new ArrayList<>();
        Recorder first = new Recorder(loop, "first", events);
        Recorder second = new Recorder(loop, "second", events);
        Recorder server = new Recorder(loop, "server", events);
        loop.runUntilComplete(() -> {
            Link tls = connect(first, server);
            tls.serverReady().await();
            server.transport.write("1".getBytes(US_ASCII));
            settle();
            first.transport.setProtocol(second);
            assertThat(first.transport.getProtocol()).isSameAs(second);
            server.transport.write("2".getBytes(US_ASCII));
            server.transport.close();
            second.lost.await();
        });
        assertThat(first.text()).isEqualTo("1");
        assertThat(second.text()).isEqualTo("2");
    }

    @Test
    void handshakeAndDataSurviveOneByteDeliveries() {
        Recorder client = new Recorder(loop, "client", new ArrayList<>());
        Recorder server = new Recorder(loop, "server", new ArrayList<>());
        loop.runUntilComplete(() -> {
            Link tls = connect(client, server, CERTS.client(), CERTS.server(), "localhost", 16, 1);
            tls.clientReady().await();
            client.transport.write("byte by byte".getBytes(US_ASCII));
            client.transport.close();
            server.lost.await();
            client.lost.await();
        });
        assertThat(server.text()).isEqualTo("byte by byte");
        assertThat(client.lostWith).isNull();
    }

    @Test
    void largeTransfersBothWaysRespectBackpressure() {
        int size = 1024 * 1024;
        byte[] up = new byte[size];
        byte[] down = new byte[size];
        new Random(1).nextBytes(up);
        new Random(2).nextBytes(down);
        Sender client = new Sender(loop, up);
        Sender server = new Sender(loop, down);
        loop.runUntilComplete(() -> {
            Link tls = connect(client, server);
            tls.clientReady().await();
            tls.serverReady().await();
            Asyncio.gather(loop.createTask(client::sendAll), loop.createTask(server::sendAll));
            client.received.await();
            server.received.await();
            client.transport.close();
            client.lost.await();
        });
        assertThat(client.data.toByteArray()).isEqualTo(down);
        assertThat(server.data.toByteArray()).isEqualTo(up);
        assertThat(client.pauses).isPositive();
        assertThat(server.pauses).isPositive();
        // the plaintext backlog stays near the high-water mark: one write over it at most
        assertThat(client.maxBuffered).isLessThan(SslProtocol.DEFAULT_HIGH_WATER + 2 * Sender.CHUNK + 4 * 17 * 1024);
        assertThat(server.maxBuffered).isLessThan(SslProtocol.DEFAULT_HIGH_WATER + 2 * Sender.CHUNK + 4 * 17 * 1024);
    }

    /** Writes its payload in chunks as fast as flow control allows, reading slowly (pausing now and then). */
    static final class Sender implements Protocol {
        static final int CHUNK = 32 * 1024;
        final SelectorLoop loop;
        final byte[] payload;
        final ByteArrayOutputStream data = new ByteArrayOutputStream();
        final Future<Void> received;
        final Future<Void> lost;
        Transport transport;
        Future<Void> resumed;
        int pauses;
        long maxBuffered;
        int expected;

        Sender(SelectorLoop loop, byte[] payload) {
            this.loop = loop;
            this.payload = payload;
            this.expected = payload.length;
            this.received = loop.createFuture();
            this.lost = loop.createFuture();
        }

        @Override
        public void connectionMade(BaseTransport t) {
            transport = (Transport) t;
        }

        void sendAll() {
            for (int off = 0; off < payload.length; off += CHUNK) {
                transport.write(ByteBuffer.wrap(payload, off, Math.min(CHUNK, payload.length - off)));
                maxBuffered = Math.max(maxBuffered, transport.getWriteBufferSize());
                if (resumed != null) resumed.await();
            }
        }

        @Override
        public void pauseWriting() {
            pauses++;
            resumed = loop.createFuture();
        }

        @Override
        public void resumeWriting() {
            Future<Void> r = resumed;
            resumed = null;
            r.setResult(null);
        }

        @Override
        public void dataReceived(byte[] d) {
            data.writeBytes(d);
            if (data.size() == expected && !received.isDone()) received.setResult(null);
            // a slow reader: stop for a moment after every chunk
            transport.pauseReading();
            loop.callSoon(transport::resumeReading);
        }

        @Override
        public void connectionLost(Exception error) {
            if (!lost.isDone()) lost.setResult(null);
        }
    }

    @Test
    void pausedReaderMakesTheRawTransportStopReading() {
        int size = 2 * 1024 * 1024;
        byte[] payload = new byte[size];
        new Random(3).nextBytes(payload);
        Recorder client = new Recorder(loop, "client", new ArrayList<>()) {
            @Override
            public void dataReceived(byte[] d) {
                data.writeBytes(d);
            }
        };
        Sender server = new Sender(loop, payload);
        loop.runUntilComplete(() -> {
            Link tls = connect(client, server);
            tls.clientReady().await();
            tls.serverReady().await();
            client.transport.pauseReading();
            assertThat(client.transport.isReading()).isFalse();
            var sending = loop.createTask(server::sendAll);
            settle();
            settle();
            assertThat(tls.raw().client().isReading()).isFalse(); // the TLS layer paused its transport
            assertThat(client.data.size()).isZero();
            assertThat(server.pauses).isPositive(); // ...and the sender felt it
            assertThat(sending.isDone()).isFalse();
            client.transport.resumeReading();
            sending.await();
            while (client.data.size() < size) Asyncio.sleep(0);
            client.transport.close();
            client.lost.await();
        });
        assertThat(client.data.toByteArray()).isEqualTo(payload);
    }

    @Test
    void startTlsUpgradesALivePlainConnection() {
        List<String> events = new ArrayList<>();
        Recorder client = new Recorder(loop, "client", events);
        Recorder server = new Recorder(loop, "server", events);
        loop.runUntilComplete(() -> {
            MemoryTransport.Pair raw = MemoryTransport.pair(loop, client, server);
            settle();
            client.transport.write("STARTTLS\n".getBytes(US_ASCII));
            while (!server.text().equals("STARTTLS\n")) Asyncio.sleep(0);
            var serverSide = loop.createTask(() -> Tls.startTls(loop, server.transport, server, CERTS.server(), true));
            Transport tlsClient = Tls.startTls(loop, client.transport, client, CERTS.client().withServerHostname("localhost"), false);
            Transport tlsServer = serverSide.await();
            events.add("upgraded");
            assertThat(tlsClient.getExtraInfo("cipher")).isNotNull();
            assertThat(raw.client().getProtocol()).isInstanceOf(SslProtocol.class);
            tlsClient.write("secret".getBytes(US_ASCII));
            while (!server.text().endsWith("secret")) Asyncio.sleep(0);
            tlsServer.write("reply".getBytes(US_ASCII));
            while (!client.text().equals("reply")) Asyncio.sleep(0);
            tlsClient.close();
            client.lost.await();
            server.lost.await();
        });
        // connectionMade is not called again by the upgrade
        assertThat(events).containsSubsequence("client made", "server made", "server data STARTTLS\n", "upgraded",
                "server data secret", "client data reply");
        assertThat(events.stream().filter(e -> e.endsWith(" made"))).hasSize(2);
    }
}
