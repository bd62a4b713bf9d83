package jasyncio.internal.net;

import java.nio.ByteBuffer;

import jasyncio.net.BaseProtocol;
import jasyncio.net.Transport;

/**
 * The plaintext side of a TLS connection, as its user's protocol sees it (asyncio's
 * {@code _SSLProtocolTransport}): every call goes to the {@link SslProtocol} under it.
 *
 * <p>Differences from a plain transport: {@link #writeEof()} is not supported (TLS has no
 * half-close; {@link #canWriteEof()} is false); {@link #close()} sends a close_notify and waits
 * (up to the shutdown timeout) for the peer's before closing the connection; extra info adds
 * {@code "sslcontext"}, and after the handshake {@code "ssl_object"} (the
 * {@link javax.net.ssl.SSLEngine}), {@code "peercert"} (the peer's
 * {@link java.security.cert.Certificate}[], null if it sent none) and {@code "cipher"} (the
 * cipher suite's name). Loop-confined, like every transport.
 */
public final class SslTransport implements Transport {
    private final SslProtocol ssl;
    private boolean closed;

    SslTransport(SslProtocol ssl) {
        this.ssl = ssl;
    }

    void markClosed() {
        closed = true;
    }

    @Override
    public Object getExtraInfo(String name, Object defaultValue) {
        return ssl.extraInfo(name, defaultValue);
    }

    @Override
    public boolean isClosing() {
        return closed;
    }

    /** Sends what is buffered and a close_notify, then closes the connection; connectionLost follows. Idempotent. */
    @Override
    public void close() {
        if (closed) return;
        closed = true;
        ssl.startShutdown();
    }

    @Override
    public void abort() {
        closed = true;
        ssl.abort();
    }

    @Override
    public BaseProtocol getProtocol() {
        return ssl.appProtocol();
    }

    @Override
    public void setProtocol(BaseProtocol protocol) {
        ssl.setAppProtocol(protocol);
    }

    @Override
    public boolean isReading() {
        return ssl.isReading();
    }

    @Override
    public void pauseReading() {
        ssl.pauseReading();
    }

    @Override
    public void resumeReading() {
        ssl.resumeReading();
    }

    @Override
    public void write(byte[] data) {
        ssl.write(ByteBuffer.wrap(data));
    }

    @Override
    public void write(ByteBuffer data) {
        ssl.write(data);
    }

    /**
     * Refused over TLS, as in asyncio: TLS has no half-close ({@link #canWriteEof()} is false).
     *
     * @throws IllegalStateException always
     */
    @Override
    public void writeEof() {
        throw new IllegalStateException("writeEof() is not possible over TLS, which has no half-close:"
                + " check canWriteEof() first, or close() the transport");
    }

    @Override
    public boolean canWriteEof() {
        return false;
    }

    /** The limits for plaintext waiting to be encrypted (the raw transport keeps its own). */
    @Override
    public void setWriteBufferLimits(int high, int low) {
        ssl.setWriteBufferLimits(high, low);
    }

    @Override
    public int[] getWriteBufferLimits() {
        return ssl.writeBufferLimits();
    }

    /**
     * Plaintext written and not yet encrypted, as asyncio counts it: encryption stops while the
     * raw transport's own buffer is above its high-water mark, so this grows only then.
     */
    @Override
    public int getWriteBufferSize() {
        return ssl.writeBufferSize();
    }

    /** The transport carrying the TLS records (a socket's, or another layer's). */
    public Transport raw() {
        return ssl.rawTransport();
    }

    @Override
    public String toString() {
        return "<SslTransport" + (closed ? " closed" : "") + " " + ssl + ">";
    }
}
