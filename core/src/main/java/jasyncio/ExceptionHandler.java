package jasyncio;

/**
 * Receives errors that no caller could handle: a failed task nobody awaited, a callback that
 * threw ({@code loop.set_exception_handler}). Runs on the loop thread; must not block.
 */
@FunctionalInterface
public interface ExceptionHandler {
    /** Handles one error. Exceptions it throws are logged and otherwise ignored. */
    void handle(EventLoop loop, ExceptionContext context);
}
