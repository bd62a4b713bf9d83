package jasyncio;

/**
 * A coroutine whose body returns nothing (an {@code async def} without {@code return}).
 * Every function that takes a {@link Coroutine} has an overload for this shape, so a statement
 * lambda such as {@code () -> { sleep(1); print("done"); }} is accepted where a value is not needed.
 */
@FunctionalInterface
public interface VoidCoroutine {
    /** Runs the body to completion in the calling thread. */
    void run() throws Exception;

    /** This body as a {@link Coroutine} that returns {@code null}. */
    default Coroutine<Void> asCoroutine() {
        return () -> {
            run();
            return null;
        };
    }
}
