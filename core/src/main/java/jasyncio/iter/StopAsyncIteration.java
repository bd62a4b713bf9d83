package jasyncio.iter;

import java.util.NoSuchElementException;

/**
 * Thrown by {@link AsyncIterator#anext()} when the iterator has no more values:
 * {@code StopAsyncIteration}.
 *
 * <p>It is a {@link NoSuchElementException}, what a Java {@link java.util.Iterator#next()} throws
 * at the end. An async generator's body that lets one escape is a bug (it would look like the end
 * of the generator), so it reaches the consumer as an {@link IllegalStateException} caused by it,
 * as PEP 479 has Python do.
 */
public class StopAsyncIteration extends NoSuchElementException {
    private static final long serialVersionUID = 1L;

    /** The end of an async iteration. */
    public StopAsyncIteration() {
        super();
    }

    /** The end of an async iteration, with a message. */
    public StopAsyncIteration(String message) {
        super(message);
    }
}
