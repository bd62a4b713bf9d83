package jasyncio.net;

/** Receives a stream transport's data as byte arrays ({@code asyncio.Protocol}). */
public interface Protocol extends BaseProtocol {
    /** Bytes arrived; the array belongs to the protocol. */
    default void dataReceived(byte[] data) {}

    /**
     * The peer closed its write side. Return true to keep the transport open for writing
     * (half-closed); false (the default) closes it.
     */
    default boolean eofReceived() {
        return false;
    }
}
