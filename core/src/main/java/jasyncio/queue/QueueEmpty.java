package jasyncio.queue;

/**
 * Thrown by {@link Queue#getNowait()} when the queue has no item: {@code asyncio.QueueEmpty}.
 */
public class QueueEmpty extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** An empty-queue error with {@code message}. */
    public QueueEmpty(String message) {
        super(message);
    }
}
