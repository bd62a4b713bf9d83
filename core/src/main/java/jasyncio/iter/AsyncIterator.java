package jasyncio.iter;

/**
 * An async iterator ({@code __anext__}): each {@link #anext()} may suspend the calling task
 * until the next value is ready, and throws {@link StopAsyncIteration} when there is none.
 *
 * <pre>{@code
 * final class Reader implements AsyncIterator<String> {
 *     public String anext() {
 *         String line = readline();            // may suspend
 *         if (line == null) throw new StopAsyncIteration();
 *         return line;
 *     }
 * }
 * for (String line : new Reader()) print(line);   // async for line in Reader():
 * }</pre>
 *
 * <p>It is its own {@link AsyncIterable} ({@code __aiter__} returns {@code self}), so a for-each
 * loop takes it directly. Whether it is thread-safe or a cancellation point is up to the
 * implementation; see {@link AsyncGenerator} for the one jasyncio provides.
 *
 * @param <T> the values' type
 */
@FunctionalInterface
public interface AsyncIterator<T> extends AsyncIterable<T> {

    /**
     * The next value ({@code await it.__anext__()}); may suspend.
     *
     * @throws StopAsyncIteration when the iteration is over
     */
    T anext();

    /**
     * The next value, or {@code defaultValue} when the iteration is over
     * ({@code await anext(it, default)}). Not an overload of {@link #anext()}, so that
     * {@code it::anext} stays an unambiguous coroutine.
     */
    default T anextOrDefault(T defaultValue) {
        try {
            return anext();
        } catch (StopAsyncIteration end) {
            return defaultValue;
        }
    }

    /** This iterator ({@code __aiter__} of an iterator returns itself). */
    @Override
    default AsyncIterator<T> aiter() {
        return this;
    }
}
