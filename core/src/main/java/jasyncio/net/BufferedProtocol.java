package jasyncio.net;

import java.nio.ByteBuffer;

/**
 * Receives a stream transport's data straight into its own buffer, without a copy
 * ({@code asyncio.BufferedProtocol}).
 */
public interface BufferedProtocol extends BaseProtocol {
    /**
     * A buffer for the transport to read into; at least one byte of space remaining.
     * {@code sizeHint} is what the transport would like (-1: no preference).
     */
    ByteBuffer getBuffer(int sizeHint);

    /**
     * {@code nbytes} were read into the buffer from {@link #getBuffer}, starting at the position
     * it had then; its position has moved past them (as a channel read moves it).
     */
    void bufferUpdated(int nbytes);

    /** Like {@link Protocol#eofReceived()}. */
    default boolean eofReceived() {
        return false;
    }
}
