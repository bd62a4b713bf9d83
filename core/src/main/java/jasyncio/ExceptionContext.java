package jasyncio;

/**
 * What an event loop's exception handler is told about an error nobody else could handle
 * (the context dict of {@code loop.call_exception_handler}).
 *
 * @param message   what happened, e.g. "Task exception was never retrieved"; never null
 * @param exception the error, or null
 * @param future    the future or task involved, or null
 * @param handle    the callback handle involved, or null
 */
public record ExceptionContext(String message, Throwable exception, Future<?> future, Handle handle) {
    /** A context with only a message and an exception. */
    public static ExceptionContext of(String message, Throwable exception) {
        return new ExceptionContext(message, exception, null, null);
    }

    /** The task involved, if the future is a task; null otherwise. */
    public Task<?> task() {
        return future instanceof Task<?> t ? t : null;
    }
}
