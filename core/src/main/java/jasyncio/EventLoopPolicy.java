package jasyncio;

/**
 * Decides which loop {@link Asyncio#getEventLoop()} returns outside a running loop and what
 * {@link Asyncio#newEventLoop()} makes ({@code asyncio.AbstractEventLoopPolicy}). Install one
 * with {@link Asyncio#setEventLoopPolicy}; the default keeps one current loop per thread.
 */
public interface EventLoopPolicy {
    /** The current loop of the calling thread. */
    EventLoop getEventLoop();

    /** Makes {@code loop} the calling thread's current loop; null clears it. */
    void setEventLoop(EventLoop loop);

    /** A new loop. */
    EventLoop newEventLoop();

    /** The default policy: a current loop per thread, created on first use by a thread that never set one. */
    static EventLoopPolicy defaultPolicy() {
        return new DefaultEventLoopPolicy();
    }
}
