package jasyncio.sync;

/**
 * A {@link Semaphore} that refuses to be released above its initial value
 * ({@code asyncio.BoundedSemaphore}): an extra {@link #release()} is a bug that this catches.
 *
 * <p>Everything else is {@link Semaphore}'s contract. {@link #release()} throws
 * {@link IllegalStateException} ("BoundedSemaphore released too many times"; asyncio raises
 * {@code ValueError}) when every permit is already free.
 */
public final class BoundedSemaphore extends Semaphore {

    /** A bounded semaphore with one permit. */
    public BoundedSemaphore() {
        this(1);
    }

    /**
     * A bounded semaphore with {@code value} permits, which is also its bound.
     *
     * @throws IllegalArgumentException if {@code value} is negative
     */
    public BoundedSemaphore(int value) {
        super(value, value);
    }
}
