package jasyncio;

/**
 * A coroutine that has not started yet: the Java form of the object {@code func()} returns for an
 * {@code async def func()}.
 *
 * <p>Pass it to {@link Asyncio#run(Coroutine)}, {@link Asyncio#createTask(Coroutine)} or any
 * function that accepts a coroutine. Calling {@link #call()} directly runs the body inline in the
 * caller, which is {@code await func()} in Python: the body may suspend the calling task at any
 * jasyncio suspension point (functions are colourless, see DESIGN §2).
 *
 * @param <T> the type of the value the coroutine returns
 */
@FunctionalInterface
public interface Coroutine<T> {
    /** Runs the coroutine's body to completion in the calling thread and returns its value. */
    T call() throws Exception;
}
