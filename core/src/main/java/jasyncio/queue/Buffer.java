package jasyncio.queue;

import java.util.List;

/**
 * Where a {@link Queue} keeps its items: the part that differs between FIFO, LIFO and priority
 * queues (asyncio's {@code _init}/{@code _put}/{@code _get} hooks). Not thread-safe: the queue
 * calls it only while holding its lock. Null items are allowed.
 */
sealed interface Buffer<T> permits Ring, Heap {

    /** Adds {@code item}; may throw (a comparator's ClassCastException) leaving the buffer unchanged. */
    void add(T item);

    /** Removes and returns the next item; the buffer is not empty. */
    T poll();

    /** How many items it holds. */
    int size();

    /** The items in storage order, for {@code toString}. */
    List<T> snapshot();
}
