package jasyncio.iter;

import java.util.Iterator;

/**
 * Something an {@code async for} can loop over ({@code __aiter__}): in Java, an
 * {@link Iterable} whose iterator's {@code hasNext()} may suspend.
 *
 * <pre>{@code
 * for (Row row : cursor) {   // async for row in cursor:
 *     print(row);
 * }
 * }</pre>
 *
 * <p>Implement {@link #aiter()}; {@link #iterator()} adapts its {@link AsyncIterator} to
 * {@link Iterator}: {@code hasNext()} calls {@link AsyncIterator#anext()} and keeps the value
 * for {@code next()}, so {@code hasNext()} is where the loop suspends (a suspension point
 * wherever {@code anext()} is one). The iterator is not thread-safe.
 *
 * @param <T> the values' type
 */
public interface AsyncIterable<T> extends Iterable<T> {

    /** The async iterator that produces the values ({@code __aiter__}). */
    AsyncIterator<T> aiter();

    /** A Java iterator over {@link #aiter()}'s values; see the class comment. */
    @Override
    default Iterator<T> iterator() {
        return new Lookahead<>(aiter());
    }
}
