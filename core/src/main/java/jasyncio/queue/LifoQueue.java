package jasyncio.queue;

/**
 * A {@link Queue} that returns the most recently added item first: {@code asyncio.LifoQueue}.
 * Everything else (maxsize, waiting, taskDone/join, shutdown, thread-safety) is as in
 * {@link Queue}.
 *
 * @param <T> the item type
 */
public final class LifoQueue<T> extends Queue<T> {

    /** An unbounded last-in, first-out queue. */
    public LifoQueue() {
        this(0);
    }

    /** A last-in, first-out queue holding at most {@code maxsize} items; zero or less means unbounded. */
    public LifoQueue(int maxsize) {
        super(maxsize, new Ring<>(true));
    }
}
