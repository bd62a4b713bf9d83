package jasyncio.net;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import javax.net.ssl.SSLEngine;

import jasyncio.Asyncio;
import jasyncio.EventLoop;
import jasyncio.ExceptionContext;
import jasyncio.Future;
import jasyncio.TimeoutError;
import jasyncio.internal.net.SslTransport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.Timeout.ThreadMode;

/**
 * TLS on real sockets through the public API: {@code createConnection}/{@code createServer}
 * and {@code openConnection}/{@code startServer} with {@link TlsOptions}, {@code startTls} on
 * live connections, failures that name their cause and leave no socket open, and behaviour
 * re-expressed from CPython's test_sslproto.py start-TLS tests. Real clock (the TLS timers must
 * not jump while the loop waits for the network); a certificate made at test time.
 */
@Timeout(value = 10, threadMode = ThreadMode.SEPARATE_THREAD)
class TlsTest {
    private static final TestCerts CERTS = TestCerts.get();

    private final EventLoop loop = Asyncio.newEventLoop();
    private final List<ExceptionContext> reported = new ArrayList<>();

    @BeforeEach
    void recordErrors() {
        loop.setExceptionHandler((l, ctx) -> reported.add(ctx));
    }

    @AfterEach
    void close() {
        loop.close();
    }

    /** Open sockets of this process (files come and go with class loading, so they are not counted). */
    static long openSockets() {
        try (var fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.filter(fd -> {
                try {
                    return Files.readSymbolicLink(fd).toString().startsWith("socket:");
                } catch (IOException gone) {
                    return false;
                }
            }).count();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Lets the loop run until the open sockets are back to {@code expected} (closing is a few callbacks away), or 2 s pass. */
    static long socketsSettledAt(long expected) {
        long n = openSockets();
        for (int i = 0; i < 400 && n != expected; i++) {
            Asyncio.sleep(0.005);
            n = openSockets();
        }
        return n;
    }

    static int port(Server server) {
        try {
            return ((InetSocketAddress) server.sockets().get(0).getLocalAddress()).getPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Echoes every line back with a prefix, until EOF. */
    static ClientConnected echo(String prefix) {
        return (reader, writer) -> {
            for (byte[] line : reader) {
                writer.write((prefix + new String(line, US_ASCII)).getBytes(US_ASCII));
                writer.drain();
            }
            writer.close();
        };
    }

    /** A protocol recording what it hears. */
    static final class Recorder implements Protocol {
        final List<String> events = new ArrayList<>();
        final ByteArrayOutputStream data = new ByteArrayOutputStream();
        Transport transport;
        final Future<Void> lost;
        Exception lostWith;

        Recorder(EventLoop loop) {
            lost = loop.createFuture();
        }

        @Override
        public void connectionMade(BaseTransport t) {
            transport = (Transport) t;
            events.add("made");
        }

        @Override
        public void dataReceived(byte[] d) {
            data.writeBytes(d);
        }

        @Override
        public boolean eofReceived() {
            events.add("eof");
            return false;
        }

        @Override
        public void connectionLost(Exception error) {
            events.add("lost");
            lostWith = error;
            lost.setResult(null);
        }

        String text() {
            return data.toString(US_ASCII);
        }
    }

    @Test
    void streamsTalkOverTlsAndSeeTheSession() {
        loop.runUntilComplete(() -> {
            try (Server server = Streams.startServer(echo("echo: "), "127.0.0.1", 0, StreamReader.DEFAULT_LIMIT,
                    ServerOptions.DEFAULTS.withTls(CERTS.server()))) {
                Streams s = Streams.openConnection("localhost", port(server), StreamReader.DEFAULT_LIMIT,
                        ConnectionOptions.DEFAULTS.withTls(CERTS.client()));
                s.writer().write("hello\n".getBytes(US_ASCII));
                assertThat(new String(s.reader().readline(), US_ASCII)).isEqualTo("echo: hello\n");
                assertThat(s.writer().getExtraInfo("ssl_object")).isInstanceOf(SSLEngine.class);
                assertThat(((Certificate[]) s.writer().getExtraInfo("peercert"))[1]).isEqualTo(CERTS.ca());
                assertThat(s.writer().getExtraInfo("peername")).isInstanceOf(InetSocketAddress.class);
                assertThat(s.writer().canWriteEof()).isFalse();
                s.writer().close();
                s.writer().waitClosed();
                assertThat(s.reader().read()).isEmpty();
            }
        });
        assertThat(reported).isEmpty();
    }

    @Test
    void closeNotifyFromTheServerEndsTheClientsProtocolCleanly() {
        Recorder client = new Recorder(loop);
        loop.runUntilComplete(() -> {
            Server server = loop.createServer(() -> new Protocol() {
                @Override
                public void connectionMade(BaseTransport t) {
                    ((Transport) t).write("bye".getBytes(US_ASCII));
                    t.close();
                }
            }, "127.0.0.1", 0, ServerOptions.DEFAULTS.withTls(CERTS.server()));
            Connection<Recorder> c = loop.createConnection(() -> client, "127.0.0.1", port(server),
                    ConnectionOptions.DEFAULTS.withTls(CERTS.client()));
            assertThat(c.transport()).isInstanceOf(SslTransport.class);
            client.lost.await();
            server.close();
            server.waitClosed();
        });
        assertThat(client.text()).isEqualTo("bye");
        assertThat(client.events).containsExactly("made", "eof", "lost");
        assertThat(client.lostWith).isNull();
    }

    @Test
    void wrongHostNameFailsNamingBothNamesAndLeavesNoSocketOpen() {
        loop.runUntilComplete(() -> {
            Server server = loop.createServer(() -> new Recorder(loop),
                    "127.0.0.1", 0, ServerOptions.DEFAULTS.withTls(CERTS.server()));
            long before = openSockets();
            assertThatThrownBy(() -> loop.createConnection(() -> new Recorder(loop), "127.0.0.1", port(server),
                    ConnectionOptions.DEFAULTS.withTls(CERTS.client().withServerHostname("wronghost"))))
                    .isInstanceOf(SslCertVerificationError.class)
                    .isInstanceOf(UncheckedIOException.class)
                    .hasMessage("certificate verify failed: Hostname mismatch, certificate is not valid for "
                            + "'wronghost': it is valid for localhost, 127.0.0.1, 0:0:0:0:0:0:0:1");
            assertThat(socketsSettledAt(before)).isEqualTo(before);
            server.close();
            server.waitClosed();
        });
        assertThat(reported).isEmpty();
    }

    @Test
    void connectingByAddressChecksTheCertificatesAddress() {
        loop.runUntilComplete(() -> {
            Server server = loop.createServer(() -> new Recorder(loop), "127.0.0.1", 0,
                    ServerOptions.DEFAULTS.withTls(CERTS.server()));
            Connection<Recorder> ok = loop.createConnection(() -> new Recorder(loop), "127.0.0.1", port(server),
                    ConnectionOptions.DEFAULTS.withTls(CERTS.client()));
            ok.transport().close();
            ok.protocol().lost.await();
            server.close();
        });
    }

    @Test
    void untrustedCertificateFailsAndVerificationOffConnects() {
        loop.runUntilComplete(() -> {
            Server server = loop.createServer(() -> new Recorder(loop), "127.0.0.1", 0,
                    ServerOptions.DEFAULTS.withTls(TlsOptions.of(CERTS.untrustedServerContext())));
            long before = openSockets();
            assertThatThrownBy(() -> loop.createConnection(() -> new Recorder(loop), "localhost", port(server),
                    ConnectionOptions.DEFAULTS.withTls(CERTS.client())))
                    .isInstanceOf(SslCertVerificationError.class).hasMessageContaining("PKIX");
            assertThat(socketsSettledAt(before)).isEqualTo(before);
            // verify_ssl=False: no chain, no name checked
            Connection<Recorder> c = loop.createConnection(() -> new Recorder(loop), "127.0.0.1", port(server),
                    ConnectionOptions.DEFAULTS.withTls(TlsOptions.insecure().withServerHostname("anything")));
            c.transport().write("hi".getBytes(US_ASCII));
            c.transport().close();
            c.protocol().lost.await();
            assertThat(c.protocol().lostWith).isNull();
            server.close();
            server.waitClosed();
        });
        assertThat(reported).isEmpty();
    }

    @Test
    void slowHandshakeIsAbortedAfterItsTimeoutAndLeavesNoSocketOpen() {
        // test_create_connection_ssl_slow_handshake: a peer that never answers the ClientHello
        loop.runUntilComplete(() -> {
            Server silent = loop.createServer(() -> new Recorder(loop), "127.0.0.1", 0);
            long before = openSockets();
            assertThatThrownBy(() -> Streams.openConnection("127.0.0.1", port(silent), StreamReader.DEFAULT_LIMIT,
                    ConnectionOptions.DEFAULTS.withTls(CERTS.client().withHandshakeTimeout(Duration.ofMillis(200)))))
                    .isInstanceOf(ConnectionAbortedError.class)
                    .hasMessageMatching("SSL handshake.*is taking longer than 0.2 seconds: aborting the connection");
            assertThat(socketsSettledAt(before)).isEqualTo(before);
            silent.close();
            silent.waitClosed();
        });
        assertThat(reported).isEmpty();
    }

    @Test
    void cancellingTheHandshakeClosesTheSocketAndReportsNothing() {
        // test_handshake_timeout: wait_for around create_connection runs out during the handshake
        loop.runUntilComplete(() -> {
            Server silent = loop.createServer(() -> new Recorder(loop), "127.0.0.1", 0);
            long before = openSockets();
            assertThatThrownBy(() -> Asyncio.waitFor(loop.createTask(() -> loop.createConnection(() -> new Recorder(loop),
                    "127.0.0.1", port(silent), ConnectionOptions.DEFAULTS.withTls(CERTS.client()))), 0.2))
                    .isInstanceOf(TimeoutError.class);
            assertThat(socketsSettledAt(before)).isEqualTo(before);
            silent.close();
            silent.waitClosed();
        });
        assertThat(reported).isEmpty();
    }

    @Test
    void aServerDropsClientsThatFailTheHandshakeQuietlyAndServesTheNext() {
        List<String> served = new ArrayList<>();
        loop.runUntilComplete(() -> {
            Server server = Streams.startServer((r, w) -> {
                served.add(new String(r.readline(), US_ASCII));
                w.close();
            }, "127.0.0.1", 0, StreamReader.DEFAULT_LIMIT, ServerOptions.DEFAULTS.withTls(CERTS.server()));
            // a plain-text client talking to the TLS port
            Streams plain = Streams.openConnection("127.0.0.1", port(server));
            plain.writer().write("GET / HTTP/1.1\r\n\r\n".getBytes(US_ASCII));
            while (plain.reader().read().length > 0) {
                // the server's alert, if it sends one
            }
            assertThat(plain.reader().atEof()).isTrue(); // the server hung up
            plain.close();
            Streams tls = Streams.openConnection("localhost", port(server), StreamReader.DEFAULT_LIMIT,
                    ConnectionOptions.DEFAULTS.withTls(CERTS.client()));
            tls.writer().write("second\n".getBytes(US_ASCII));
            assertThat(tls.reader().read()).isEmpty();
            tls.close();
            server.close();
            server.waitClosed();
        });
        assertThat(served).containsExactly("second\n");
        assertThat(reported).isEmpty();
    }

    @Test
    void startTlsUpgradesLivePlainConnectionsOnBothSides() {
        // test_start_tls_server_1 / test_start_tls_client_reg_proto_1: plain bytes, then TLS on the same sockets
        byte[] hello = new byte[100 * 1024];
        java.util.Arrays.fill(hello, (byte) '1');
        Recorder client = new Recorder(loop);
        Recorder server = new Recorder(loop);
        loop.runUntilComplete(() -> {
            Server listening = loop.createServer(() -> server, "127.0.0.1", 0);
            Connection<Recorder> c = loop.createConnection(() -> client, "127.0.0.1", port(listening));
            c.transport().write(hello);
            while (server.data.size() < hello.length) Asyncio.sleep(0.001);
            var serverTls = loop.createTask(() -> loop.startTls(server.transport, server, CERTS.server(), true));
            Transport clientTls = loop.startTls(c.transport(), client, CERTS.clientContext(), false, "localhost");
            Transport serverSide = serverTls.await();
            assertThat(clientTls.getExtraInfo("sslcontext")).isSameAs(CERTS.clientContext());
            clientTls.write(hello);
            while (server.data.size() < 2 * hello.length) Asyncio.sleep(0.001);
            serverSide.write("O".getBytes(US_ASCII));
            while (client.data.size() < 1) Asyncio.sleep(0.001);
            serverSide.close();
            client.lost.await();
            server.lost.await();
            listening.close();
            listening.waitClosed();
        });
        assertThat(client.text()).isEqualTo("O");
        assertThat(client.events).containsExactly("made", "eof", "lost"); // connectionMade once, not again
        assertThat(server.events).first().isEqualTo("made");
        assertThat(server.events).filteredOn("made"::equals).hasSize(1);
    }

    @Test
    void streamWriterStartTlsUpgradesAStreamConnection() {
        loop.runUntilComplete(() -> {
            Server server = Streams.startServer((r, w) -> {
                assertThat(new String(r.readline(), US_ASCII)).isEqualTo("STARTTLS\n");
                w.write("220 go ahead\n".getBytes(US_ASCII));
                w.startTls(CERTS.server());
                assertThat(w.getExtraInfo("cipher")).isNotNull();
                for (byte[] line : r) w.write(("secret " + new String(line, US_ASCII)).getBytes(US_ASCII));
                w.close();
            }, "127.0.0.1", 0);
            Streams s = Streams.openConnection("127.0.0.1", port(server));
            s.writer().write("STARTTLS\n".getBytes(US_ASCII));
            assertThat(new String(s.reader().readline(), US_ASCII)).isEqualTo("220 go ahead\n");
            assertThat(s.writer().getExtraInfo("sslcontext")).isNull();
            s.writer().startTls(CERTS.client().withServerHostname("localhost"));
            assertThat(s.writer().getExtraInfo("sslcontext")).isNotNull();
            assertThat(s.writer().canWriteEof()).isFalse();
            s.writer().write("one\n".getBytes(US_ASCII));
            assertThat(new String(s.reader().readline(), US_ASCII)).isEqualTo("secret one\n");
            s.writer().close();
            s.writer().waitClosed();
            server.close();
            server.waitClosed();
        });
        assertThat(reported).isEmpty();
    }

    @Test
    void startTlsThatNeverCompletesIsCancelledByItsDeadline() {
        // test_start_tls_slow_client_cancel
        loop.runUntilComplete(() -> {
            Server silent = loop.createServer(() -> new Recorder(loop), "127.0.0.1", 0);
            long before = openSockets();
            Recorder client = new Recorder(loop);
            Connection<Recorder> c = loop.createConnection(() -> client, "127.0.0.1", port(silent));
            assertThatThrownBy(() -> Asyncio.waitFor(loop.createTask(
                    () -> loop.startTls(c.transport(), client, CERTS.client().withServerHostname("localhost"), false)), 0.2))
                    .isInstanceOf(TimeoutError.class);
            assertThat(c.transport().isClosing()).isTrue();
            assertThat(socketsSettledAt(before)).isEqualTo(before);
            silent.close();
            silent.waitClosed();
        });
        assertThat(reported).isEmpty();
    }

    @Test
    void corruptedRecordsFailTheReaderWithAnSslError() {
        // test_start_tls_client_corrupted_ssl
        loop.runUntilComplete(() -> {
            Server server = Streams.startServer((r, w) -> {
                w.write("A\n".getBytes(US_ASCII));
                w.drain();
                r.readexactly(1);
                byte[] record = new byte[5 + 40];
                record[0] = 0x17;
                record[1] = 3;
                record[2] = 3;
                record[4] = 40;
                ((SslTransport) w.transport()).raw().write(record); // not made with the session's keys
            }, "127.0.0.1", 0, StreamReader.DEFAULT_LIMIT, ServerOptions.DEFAULTS.withTls(CERTS.server()));
            Streams s = Streams.openConnection("localhost", port(server), StreamReader.DEFAULT_LIMIT,
                    ConnectionOptions.DEFAULTS.withTls(CERTS.client()));
            assertThat(new String(s.reader().readline(), US_ASCII)).isEqualTo("A\n");
            s.writer().write("B".getBytes(US_ASCII));
            assertThatThrownBy(() -> s.reader().readline()).isInstanceOf(SslError.class);
            s.writer().close();
            server.close();
            server.abortClients();
            server.waitClosed();
        });
        assertThat(reported).isEmpty();
    }

    @Test
    void aTlsServerNeedsACertificate() {
        assertThatThrownBy(() -> ServerOptions.DEFAULTS.withTls(TlsOptions.client()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("SSLContext");
    }
}
