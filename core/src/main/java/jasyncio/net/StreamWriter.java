package jasyncio.net;

import java.nio.ByteBuffer;
import java.util.concurrent.CompletionException;

import jasyncio.Asyncio;
import jasyncio.EventLoop;

/**
 * The writing half of a stream connection ({@code asyncio.StreamWriter}): writes go to the
 * transport at once and never block; {@link #drain()} is where a task waits for the transport's
 * buffer to empty enough (backpressure).
 *
 * <p>The usual shape is {@code write(...)} then {@code drain()}: without drains, a fast writer
 * and a slow peer grow the transport's buffer without bound. {@link #drain()} and
 * {@link #waitClosed()} are suspension points (cancellation points); the rest never suspends.
 *
 * <p>Errors: after the connection broke, {@link #drain()} throws the error that broke it (or
 * {@link ConnectionResetError} "Connection lost"); writes to a closed transport are dropped,
 * so write-then-drain is where a lost connection shows. asyncio's {@code RuntimeError}s are
 * {@link IllegalStateException}s.
 *
 * <p>Thread-safety: none; a writer belongs to its loop's tasks. The writer closes the
 * connection: {@link #close()} (idempotent, also the try-with-resources close), then optionally
 * {@link #waitClosed()}.
 */
public final class StreamWriter implements AutoCloseable {
    /** Replaced once by {@link #startTls}. */
    private Transport transport;
    private final StreamReaderProtocol protocol;
    private final StreamReader reader;
    private final EventLoop loop;

    /**
     * A writer over {@code transport}, whose {@code protocol} is a {@link StreamReaderProtocol}
     * feeding {@code reader} (null if there is no reading side).
     */
    public StreamWriter(Transport transport, StreamReaderProtocol protocol, StreamReader reader, EventLoop loop) {
        this.transport = transport;
        this.protocol = protocol;
        this.reader = reader;
        this.loop = loop;
    }

    /** The transport this writer writes to. */
    public Transport transport() {
        return transport;
    }

    /** Queues {@code data} on the transport; never blocks. The array may be reused after the call. */
    public void write(byte[] data) {
        transport.write(data);
    }

    /** Queues the remaining bytes of {@code data}; never blocks. */
    public void write(ByteBuffer data) {
        transport.write(data);
    }

    /** Queues every chunk, in order; never blocks. */
    public void writelines(Iterable<byte[]> chunks) {
        for (byte[] c : chunks) transport.write(c);
    }

    /** Closes the write side once the buffered data is sent (half-close); reading goes on. */
    public void writeEof() {
        transport.writeEof();
    }

    /** Whether {@link #writeEof()} is possible (not over TLS). */
    public boolean canWriteEof() {
        return transport.canWriteEof();
    }

    /** Closes the connection once the buffered data is sent. Idempotent; does not wait. */
    @Override
    public void close() {
        transport.close();
    }

    /** Whether the connection is closing or closed. */
    public boolean isClosing() {
        return transport.isClosing();
    }

    /**
     * Waits until the connection is closed. A suspension point.
     *
     * @throws RuntimeException the error that broke the connection, if one did
     */
    public void waitClosed() {
        try {
            protocol.closeWaiter().await();
        } catch (CompletionException e) {
            throw Streams.rethrow(e.getCause());
        }
    }

    /** {@link Transport#getExtraInfo}: {@code "peername"}, {@code "sockname"}, {@code "socket"}… */
    public Object getExtraInfo(String name, Object defaultValue) {
        return transport.getExtraInfo(name, defaultValue);
    }

    /** {@link #getExtraInfo(String, Object)} with a null default. */
    public Object getExtraInfo(String name) {
        return transport.getExtraInfo(name, null);
    }

    /**
     * Waits until the transport's write buffer is at its low-water mark if it went above the
     * high-water mark; returns at once otherwise. A suspension point.
     *
     * @throws ConnectionResetError "Connection lost" if the connection was lost before
     * @throws RuntimeException     the error the reader has (the connection broke)
     */
    public void drain() {
        if (reader != null) {
            Throwable error = reader.exception();
            if (error != null) throw Streams.rethrow(error);
        }
        if (transport.isClosing()) {
            // Let connectionLost run first, so that "write; drain" in a loop sees the error
            // instead of returning forever on a connection that is gone.
            Asyncio.sleep(0);
        }
        protocol.flowControl().drain();
    }

    /**
     * Upgrades the connection to TLS ({@code writer.start_tls}): drains, handshakes, and from
     * then on this writer and its reader carry plaintext over TLS. A client checks the server's
     * certificate against {@code tls}'s {@link TlsOptions#serverHostname()}; a writer of a
     * server's connection acts as the TLS server. A suspension point; on failure or
     * cancellation the connection is closed.
     *
     * <pre>{@code
     * writer.write("STARTTLS\r\n".getBytes(US_ASCII));
     * reader.readline();                                  // "220 go ahead"
     * writer.startTls(TlsOptions.client().withServerHostname("mail.example.com"));
     * }</pre>
     *
     * @throws SslError               if the handshake fails ({@link SslCertVerificationError} for a refused certificate)
     * @throws ConnectionAbortedError if the handshake takes longer than its timeout
     */
    public void startTls(TlsOptions tls) {
        boolean serverSide = protocol.isServerSide();
        drain();
        Transport t = loop.startTls(transport, protocol, tls, serverSide);
        transport = t;
        protocol.replaceTransport(t);
    }

    /** The protocol under this writer. */
    StreamReaderProtocol protocol() {
        return protocol;
    }

    /** The loop this writer's waits run on. */
    EventLoop loop() {
        return loop;
    }

    @Override
    public String toString() {
        return "<StreamWriter transport=" + transport + (reader != null ? " reader=" + reader : "") + ">";
    }
}
