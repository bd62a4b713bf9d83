package jasyncio.iter;

import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * Adapts an {@link AsyncIterator} to {@link Iterator}: {@code hasNext()} fetches the next value
 * with {@code anext()} (and may suspend); {@code next()} hands it over. Not thread-safe.
 */
final class Lookahead<T> implements Iterator<T> {
    private final AsyncIterator<T> source;
    private T next;
    private boolean fetched;
    private boolean exhausted;

    Lookahead(AsyncIterator<T> source) {
        this.source = source;
    }

    @Override
    public boolean hasNext() {
        if (fetched) return true;
        if (exhausted) return false;
        try {
            next = source.anext();
            fetched = true;
        } catch (StopAsyncIteration end) {
            exhausted = true;
        }
        return fetched;
    }

    @Override
    public T next() {
        if (!hasNext()) throw new NoSuchElementException("the async iteration is over");
        T value = next;
        next = null;
        fetched = false;
        return value;
    }
}
