package jasyncio;

/**
 * A callback scheduled with {@link EventLoop#callSoon}: the handle lets its owner cancel it
 * before it runs ({@code asyncio.Handle}). Thread-safe.
 */
public interface Handle {
    /** Keeps the callback from running; no effect if it already ran or was cancelled. */
    void cancel();

    /** Whether {@link #cancel()} was called. */
    boolean isCancelled();
}
