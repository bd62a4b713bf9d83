package jasyncio.net;

import java.nio.ByteBuffer;
import java.util.List;

/**
 * A bidirectional byte stream, such as a TCP connection ({@code asyncio.Transport}: the read and
 * write halves together). Writes never block: what the socket does not take at once is buffered,
 * and the protocol is told to pause when the buffer exceeds the high-water mark.
 */
public interface Transport extends BaseTransport {
    /** Whether the transport is delivering received data to its protocol. */
    boolean isReading();

    /** Stops delivering received data until {@link #resumeReading()}. */
    void pauseReading();

    /** Resumes delivering received data. */
    void resumeReading();

    /** Queues {@code data} for sending; never blocks. The array may be reused after the call. */
    void write(byte[] data);

    /**
     * Queues the remaining bytes of {@code data}; its position moves to its limit, and the
     * buffer may be reused after the call (bytes the socket did not take at once are copied).
     */
    void write(ByteBuffer data);

    /** Queues every chunk, in order. */
    default void writelines(List<byte[]> chunks) {
        for (byte[] c : chunks) write(c);
    }

    /** Closes the write side after the buffered data is sent (half-close). */
    void writeEof();

    /** Whether {@link #writeEof()} is supported (not over TLS, for example). */
    boolean canWriteEof();

    /** Closes at once, dropping buffered data; connectionLost is called with null. */
    void abort();

    /**
     * Sets the flow-control limits: the protocol's {@link BaseProtocol#pauseWriting()} is called
     * when the buffer grows above {@code high} bytes and {@link BaseProtocol#resumeWriting()} when
     * it drains to {@code low} or less. Defaults: 64 KiB and 16 KiB.
     *
     * @throws IllegalArgumentException unless {@code 0 <= low <= high}
     */
    void setWriteBufferLimits(int high, int low);

    /** The current buffer limits, {@code [low, high]} as asyncio orders them. */
    int[] getWriteBufferLimits();

    /** Bytes buffered and not yet sent. */
    int getWriteBufferSize();
}
