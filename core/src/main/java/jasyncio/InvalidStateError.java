package jasyncio;

/**
 * An operation does not fit a future's state: setting the result of a future that is already
 * done, or reading the result of one that is not ({@code asyncio.InvalidStateError}).
 */
public class InvalidStateError extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    /** An invalid-state error with a message that says what state the future was in. */
    public InvalidStateError(String message) {
        super(message);
    }
}
