package jasyncio.queue;

/**
 * Thrown by a put on a queue that was {@linkplain Queue#shutdown(boolean) shut down}, and by a
 * get once such a queue is empty (at once after an immediate shutdown):
 * {@code asyncio.QueueShutDown} (Python 3.13).
 */
public class QueueShutDown extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** A shut-down error with {@code message}. */
    public QueueShutDown(String message) {
        super(message);
    }
}
