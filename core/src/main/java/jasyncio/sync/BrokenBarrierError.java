package jasyncio.sync;

/**
 * Thrown by {@link Barrier#await()} when the barrier is aborted, or reset while the caller waits
 * ({@code asyncio.BrokenBarrierError}, a {@code RuntimeError} there).
 */
public class BrokenBarrierError extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** An error with {@code message}: "Barrier aborted" or "Abort or reset of barrier". */
    public BrokenBarrierError(String message) {
        super(message);
    }
}
