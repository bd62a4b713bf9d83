package jasyncio.context;

import java.util.Objects;

import jasyncio.Coroutine;
import jasyncio.iter.AsyncGenerator;

/**
 * An async context manager ({@code __aenter__}/{@code __aexit__}): something set up before a
 * block and torn down after it, whose teardown sees how the block ended and may suppress its
 * exception. {@link #with} runs a block inside one ({@code async with cm as value:}).
 *
 * <pre>{@code
 * with(new Connection(), conn -> {          // async with Connection() as conn:
 *     print(conn.query("select 1"));
 * });
 * int n = withResult(pool.acquire(), conn -> conn.count());
 * }</pre>
 *
 * <p>Use it where the teardown needs the block's outcome: Java's try-with-resources cannot show
 * {@code close()} the exception, and {@link #exit} sees it. Both {@link #enter()} and
 * {@link #exit} may suspend. Build one from a setup/teardown pair with {@link #of}, or from an
 * async generator body that yields once with {@link #fromGenerator} ({@code @asynccontextmanager}).
 * Whether an implementation is thread-safe or reusable is up to it; those made here are for one
 * block at a time.
 *
 * @param <T> the type of the value the block receives ({@code as value})
 */
public interface AsyncContextManager<T> {

    /** Sets up and returns the value the block receives ({@code __aenter__}); may suspend. */
    T enter() throws Exception;

    /**
     * Tears down after the block ({@code __aexit__}); may suspend.
     *
     * @param error what the block threw, or null if it completed
     * @return true to suppress {@code error}: the block then counts as completed
     * @throws Exception an exception that replaces the block's (which is attached to it as suppressed)
     */
    boolean exit(Throwable error) throws Exception;

    /** A block that receives the entered value. */
    @FunctionalInterface
    interface Block<T> {
        void run(T value) throws Exception;
    }

    /** A block that receives the entered value and returns a result. */
    @FunctionalInterface
    interface Body<T, R> {
        R run(T value) throws Exception;
    }

    /**
     * Runs {@code body} inside {@code cm} ({@code async with cm as value: body}): enters, runs the
     * body with the entered value, and exits with the body's exception or null. If the body threw
     * and {@code exit} returns false, the body's exception propagates; if {@code exit} throws, its
     * exception propagates with the body's attached as suppressed. If {@code enter()} throws,
     * neither the body nor {@code exit} runs.
     *
     * @throws RuntimeException what propagates, checked exceptions wrapped in
     *                          {@link java.util.concurrent.CompletionException}
     */
    static <T> void with(AsyncContextManager<T> cm, Block<? super T> body) {
        Objects.requireNonNull(body, "with(cm, null)");
        withResult(cm, value -> {
            body.run(value);
            return null;
        });
    }

    /** {@link #with} for a body that returns a result, which this returns (null if suppressed). */
    static <T, R> R withResult(AsyncContextManager<T> cm, Body<? super T, ? extends R> body) {
        Objects.requireNonNull(cm, "with(null, body): pass the context manager");
        Objects.requireNonNull(body, "with(cm, null)");
        T value;
        try {
            value = cm.enter();
        } catch (Throwable e) {
            throw Chaining.unchecked(e);
        }
        R result;
        try {
            result = body.run(value);
        } catch (Throwable e) {
            boolean suppress;
            try {
                suppress = cm.exit(e);
            } catch (Throwable fromExit) {
                // An exit stack has chained what its callbacks raised already, as Python's does.
                if (!(cm instanceof AsyncExitStack)) Chaining.attach(fromExit, e);
                throw Chaining.unchecked(fromExit);
            }
            if (suppress) return null;
            throw Chaining.unchecked(e);
        }
        try {
            cm.exit(null);
        } catch (Throwable e) {
            throw Chaining.unchecked(e);
        }
        return result;
    }

    /**
     * A context manager whose {@code enter()} runs {@code setup} and whose {@code exit} runs
     * {@code teardown} with the value setup returned, whatever the block did, never suppressing.
     * Enter it once at a time (the value is kept for its exit).
     */
    static <T> AsyncContextManager<T> of(Coroutine<? extends T> setup, Block<? super T> teardown) {
        Objects.requireNonNull(setup, "of(null, teardown): pass the setup");
        Objects.requireNonNull(teardown, "of(setup, null): pass the teardown");
        return new AsyncContextManager<>() {
            private T value;

            @Override
            public T enter() throws Exception {
                value = setup.call();
                return value;
            }

            @Override
            public boolean exit(Throwable error) throws Exception {
                T v = value;
                value = null;
                teardown.run(v);
                return false;
            }
        };
    }

    /**
     * A context manager from an async generator body that yields once
     * ({@code @asynccontextmanager}): the code before the yield is the setup, the yielded value
     * goes to the block, the code after it is the teardown. The block's exception is thrown at the
     * yield: a body that catches it (and ends) suppresses it. Single use.
     *
     * <pre>{@code
     * static AsyncContextManager<Conn> connection() {
     *     return AsyncContextManager.fromGenerator(out -> {
     *         Conn c = open();
     *         try {
     *             out.yield(c);
     *         } finally {
     *             c.close();
     *         }
     *     });
     * }
     * }</pre>
     *
     * Errors ({@link IllegalStateException}): "generator didn't yield" if the body ends first,
     * "generator didn't stop" if it yields twice, "generator didn't stop after athrow()" if it
     * yields again after catching the block's exception.
     */
    static <T> AsyncContextManager<T> fromGenerator(AsyncGenerator.Body<T> body) {
        return new GeneratorContextManager<>(AsyncGenerator.of(body));
    }
}
