package jasyncio.queue;

import java.util.Comparator;

/**
 * A {@link Queue} that returns the smallest item first: {@code asyncio.PriorityQueue}. Items are
 * ordered by their natural order ({@link Comparable}) or by a {@link Comparator}; where asyncio
 * users put {@code (priority, data)} tuples, put records and order them with, e.g.,
 * {@code Comparator.comparingInt(Job::priority)}.
 *
 * <p>Items that compare equal come out in the order they were put (FIFO). asyncio's heapq-based
 * queue does not promise that (it compares the tuples' next fields instead, and fails on
 * incomparable data), which is why Python code often adds a counter to each entry; here that is
 * unnecessary.
 *
 * <p>{@link #put}/{@link #putNowait} throw {@link ClassCastException} for an item the order cannot
 * compare (without a comparator: one that is not {@code Comparable}, and
 * {@link NullPointerException} for null); the queue is then unchanged. Everything else is as in
 * {@link Queue}.
 *
 * @param <T> the item type
 */
public final class PriorityQueue<T> extends Queue<T> {

    /** An unbounded queue in natural order. */
    public PriorityQueue() {
        this(0, null);
    }

    /** A queue in natural order holding at most {@code maxsize} items; zero or less means unbounded. */
    public PriorityQueue(int maxsize) {
        this(maxsize, null);
    }

    /** An unbounded queue in the order of {@code comparator}. */
    public PriorityQueue(Comparator<? super T> comparator) {
        this(0, comparator);
    }

    /**
     * A queue in the order of {@code comparator} (null: natural order) holding at most
     * {@code maxsize} items; zero or less means unbounded.
     */
    public PriorityQueue(int maxsize, Comparator<? super T> comparator) {
        super(maxsize, new Heap<>(comparator));
    }
}
