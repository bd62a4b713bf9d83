package jasyncio.net;

/**
 * Receives a transport's connection events ({@code asyncio.BaseProtocol}). Callbacks run on the
 * transport's loop thread, one at a time; they must not block. Every method has an empty default.
 */
public interface BaseProtocol {
    /** The connection is up; {@code transport} is the way to write and close. */
    default void connectionMade(BaseTransport transport) {}

    /**
     * The connection is gone: {@code error} is null after a normal close or EOF, else why it
     * broke. Called exactly once per {@link #connectionMade}.
     */
    default void connectionLost(Exception error) {}

    /** The transport's write buffer went above its high-water mark: stop writing for now. */
    default void pauseWriting() {}

    /** The write buffer drained to its low-water mark: writing may go on. */
    default void resumeWriting() {}
}
