package jasyncio;

/**
 * A callback scheduled for a time with {@link EventLoop#callLater} or {@link EventLoop#callAt}
 * ({@code asyncio.TimerHandle}). Thread-safe.
 */
public interface TimerHandle extends Handle {
    /** When the callback is due, in the loop's {@link EventLoop#time()} seconds. */
    double when();
}
