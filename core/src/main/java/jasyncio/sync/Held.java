package jasyncio.sync;

/**
 * What {@link Lock#acquire()}, {@link Semaphore#acquire()} and {@link Condition#acquire()}
 * return: closing it releases what was acquired, so try-with-resources plays the part of
 * {@code async with}:
 *
 * <pre>{@code
 * try (var _ = lock.acquire()) {
 *     ...   // released on every path out, including CancelledError
 * }
 * }</pre>
 *
 * <p>{@link #close()} is the primitive's {@code release()}, with its errors: closing twice
 * releases twice. It never suspends.
 */
@FunctionalInterface
public interface Held extends AutoCloseable {
    /** Releases the lock or permit; throws what the primitive's {@code release()} throws. */
    @Override
    void close();
}
