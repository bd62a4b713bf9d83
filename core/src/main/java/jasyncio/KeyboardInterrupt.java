package jasyncio;

/**
 * Ctrl-C (SIGINT) interrupted {@link Asyncio#run} or {@link Runner#run} ({@code KeyboardInterrupt}
 * in Python). The first SIGINT cancels the main task, as asyncio's Runner does; if the task then
 * ends cancelled, {@code run} throws this, with the task's {@link CancelledError} as its cause.
 * A second SIGINT while the task still runs (it ignored the cancellation) ends the JVM the way
 * Ctrl-C always does: shutdown hooks, exit status 130.
 *
 * <p>Unchecked. Python's KeyboardInterrupt escapes {@code except Exception}; in Java a
 * {@code catch (RuntimeException e)} around {@code run} does catch this one, so let it pass
 * where the program should end.
 */
public class KeyboardInterrupt extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** An interruption whose main task ended with {@code cause}. */
    public KeyboardInterrupt(CancelledError cause) {
        super("interrupted by SIGINT (Ctrl-C): the main task was cancelled", cause);
    }
}
