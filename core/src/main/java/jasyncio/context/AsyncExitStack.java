package jasyncio.context;

import java.util.ArrayDeque;
import java.util.Objects;

import jasyncio.VoidCoroutine;

/**
 * A stack of exit callbacks unwound in reverse order when the stack exits
 * ({@code contextlib.AsyncExitStack}): for a number of context managers known only at run time.
 *
 * <pre>{@code
 * with(new AsyncExitStack(), stack -> {
 *     List<Conn> conns = new ArrayList<>();
 *     for (String host : hosts) conns.add(stack.enterAsyncContext(connect(host)));
 *     ...   // all connections are closed, last first, however this ends
 * });
 * }</pre>
 *
 * <p>Unwinding ({@link #exit}) follows Python's: each callback sees the exception in flight (the
 * block's, or the one the previous callback threw); a callback that returns true suppresses it; a
 * callback that throws replaces it, and the replaced exception is attached to the new one as
 * suppressed (Python's {@code __context__}). At the end the last exception thrown by a callback
 * propagates; otherwise {@code exit} reports whether the block's exception was suppressed.
 * Every callback runs even if earlier ones threw. Callbacks may suspend. An exception a callback
 * suppressed is not attached anywhere (nor, by {@link AsyncContextManager#with}, the block's
 * exception when a callback suppressed it and a later one threw).
 *
 * <p>Python → Java: {@code enter_async_context} {@link #enterAsyncContext}, {@code enter_context}
 * {@link #enterContext} (an {@link AutoCloseable}), {@code push}/{@code push_async_exit}
 * {@link #push}, {@code callback}/{@code push_async_callback} {@link #callback}, {@code pop_all}
 * {@link #popAll}, {@code aclose} {@link #aclose()}. Not thread-safe: use it from the task that
 * owns it.
 */
public final class AsyncExitStack implements AsyncContextManager<AsyncExitStack>, AutoCloseable {

    /** An exit callback: sees the exception in flight (or null) and may suppress it ({@code __aexit__}). */
    @FunctionalInterface
    public interface ExitCallback {
        boolean exit(Throwable error) throws Exception;
    }

    /** Newest last. */
    private final ArrayDeque<ExitCallback> callbacks = new ArrayDeque<>();

    /** An empty stack. */
    public AsyncExitStack() {}

    /** This stack ({@code __aenter__} returns the stack itself). */
    @Override
    public AsyncExitStack enter() {
        return this;
    }

    /**
     * Enters {@code cm} and pushes its exit; returns what it entered ({@code enter_async_context}).
     * If entering throws, nothing is pushed.
     *
     * @throws RuntimeException what {@code enter()} threw, checked ones wrapped in
     *                          {@link java.util.concurrent.CompletionException}
     */
    public <T> T enterAsyncContext(AsyncContextManager<T> cm) {
        Objects.requireNonNull(cm, "enterAsyncContext(null)");
        T value;
        try {
            value = cm.enter();
        } catch (Throwable e) {
            throw Chaining.unchecked(e);
        }
        callbacks.addLast(cm::exit);
        return value;
    }

    /** Pushes {@code resource}'s {@code close()} and returns the resource ({@code enter_context}). */
    public <R extends AutoCloseable> R enterContext(R resource) {
        Objects.requireNonNull(resource, "enterContext(null)");
        callbacks.addLast(error -> {
            resource.close();
            return false;
        });
        return resource;
    }

    /** Pushes an exit callback, which may suppress the exception it sees; returns it ({@code push_async_exit}). */
    public ExitCallback push(ExitCallback exit) {
        callbacks.addLast(Objects.requireNonNull(exit, "push(null)"));
        return exit;
    }

    /** Pushes {@code cm}'s exit without entering it; returns {@code cm} ({@code push_async_exit(cm)}). */
    public <T> AsyncContextManager<T> push(AsyncContextManager<T> cm) {
        Objects.requireNonNull(cm, "push(null)");
        callbacks.addLast(cm::exit);
        return cm;
    }

    /** Pushes a callback that runs on exit, never suppressing; returns it ({@code push_async_callback}). */
    public VoidCoroutine callback(VoidCoroutine callback) {
        Objects.requireNonNull(callback, "callback(null)");
        callbacks.addLast(error -> {
            callback.run();
            return false;
        });
        return callback;
    }

    /** Moves every callback to a new stack, leaving this one empty ({@code pop_all}). */
    public AsyncExitStack popAll() {
        AsyncExitStack moved = new AsyncExitStack();
        moved.callbacks.addAll(callbacks);
        callbacks.clear();
        return moved;
    }

    /**
     * Unwinds the stack as a block ending with {@code error} (null: completed); see the class
     * comment.
     *
     * @return true if {@code error} was suppressed
     * @throws Exception the last exception a callback threw, if no later callback suppressed it
     */
    @Override
    public boolean exit(Throwable error) throws Exception {
        boolean received = error != null;
        boolean suppressed = false;
        boolean pendingRaise = false;
        Throwable inFlight = error;
        ExitCallback cb;
        while ((cb = callbacks.pollLast()) != null) {
            try {
                if (cb.exit(inFlight)) {
                    suppressed = true;
                    pendingRaise = false;
                    inFlight = null;
                }
            } catch (Throwable e) {
                Chaining.attach(e, inFlight);
                pendingRaise = true;
                inFlight = e;
            }
        }
        if (pendingRaise) {
            if (inFlight instanceof Exception e) throw e;
            throw (Error) inFlight;
        }
        return received && suppressed;
    }

    /**
     * Unwinds the stack as a block that completed ({@code aclose}).
     *
     * @throws RuntimeException what a callback threw, checked ones wrapped in
     *                          {@link java.util.concurrent.CompletionException}
     */
    public void aclose() {
        try {
            exit(null);
        } catch (Throwable e) {
            throw Chaining.unchecked(e);
        }
    }

    /** {@link #aclose()}, for try-with-resources (which cannot show the block's exception to it). */
    @Override
    public void close() {
        aclose();
    }

    @Override
    public String toString() {
        return "<AsyncExitStack of " + callbacks.size() + " callback(s)>";
    }
}
