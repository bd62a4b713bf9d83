package jasyncio.queue;

/**
 * Thrown by {@link Queue#putNowait} when the queue already holds {@code maxsize} items:
 * {@code asyncio.QueueFull}.
 */
public class QueueFull extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** A full-queue error with {@code message}. */
    public QueueFull(String message) {
        super(message);
    }
}
