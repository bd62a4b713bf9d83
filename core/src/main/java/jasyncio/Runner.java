package jasyncio;

import java.util.List;
import java.util.function.Supplier;

import jasyncio.internal.InterruptHook;
import jasyncio.internal.SelectorLoop;

/**
 * Runs coroutines on one event loop it owns and cleans up after them ({@code asyncio.Runner};
 * {@link Asyncio#run} is one Runner used once).
 *
 * <p>{@link #close()} cancels the tasks still alive and waits for them, reports any that failed
 * during that cancellation through the loop's exception handler, closes the async generators
 * still open ({@link EventLoop#shutdownAsyncgens()}), shuts the default executor down (waiting
 * for its threads), and closes the loop. Not thread-safe: use from one thread.
 *
 * <p>Ctrl-C: while {@link #run} runs on the JVM's main thread and SIGINT still has the JVM's own
 * handler, the first SIGINT cancels the main task, and {@code run} throws
 * {@link KeyboardInterrupt} if the task ends cancelled; a second one ends the JVM as Ctrl-C
 * always does (asyncio's Runner, with the JVM's exit in place of Python's KeyboardInterrupt).
 *
 * <pre>{@code
 * try (Runner runner = new Runner()) {
 *     runner.run(Main::first);
 *     runner.run(Main::second);   // same loop
 * }
 * }</pre>
 */
public final class Runner implements AutoCloseable {
    private final Boolean debug;
    private final Supplier<? extends EventLoop> loopFactory;
    private EventLoop loop;
    private boolean closed;
    private boolean setEventLoop;

    /** A runner with the policy's loop and the loop's default debug flag. */
    public Runner() {
        this(null, null);
    }

    /** A runner whose loop runs with {@code debug}. */
    public Runner(boolean debug) {
        this(debug, null);
    }

    /**
     * A runner with a debug flag (null keeps the loop's) and a loop factory (null: the policy's
     * {@code newEventLoop}, and the loop becomes the thread's current loop while the runner lives).
     */
    public Runner(Boolean debug, Supplier<? extends EventLoop> loopFactory) {
        this.debug = debug;
        this.loopFactory = loopFactory;
    }

    /** The runner's loop, created on first use. */
    public EventLoop getLoop() {
        lazyInit();
        return loop;
    }

    /**
     * Runs {@code coro} as a task on the runner's loop until it is done; returns its value.
     *
     * @throws IllegalStateException if called from a running loop, or after {@link #close()}
     */
    public <T> T run(Coroutine<T> coro) {
        if (coro == null) throw new NullPointerException("Runner.run needs a coroutine, got null");
        if (SelectorLoop.running() != null) {
            throw new IllegalStateException("Runner.run() cannot be called from a running event loop;"
                    + " inside a task, call the coroutine directly or use createTask");
        }
        lazyInit();
        Task<T> task = loop.createTask(coro);
        InterruptHook sigint = InterruptHook.install(loop, task);
        try {
            return loop.runUntilComplete(task);
        } catch (CancelledError e) {
            if (sigint != null && sigint.interrupted() && task.uncancel() == 0) throw new KeyboardInterrupt(e);
            throw e;
        } finally {
            if (sigint != null) sigint.uninstall();
        }
    }

    /** Runs a coroutine without a value; see {@link #run(Coroutine)}. */
    public void run(VoidCoroutine coro) {
        run(coro.asCoroutine());
    }

    private void lazyInit() {
        if (closed) throw new IllegalStateException("Runner is closed");
        if (loop != null) return;
        if (loopFactory == null) {
            loop = Asyncio.newEventLoop();
            Asyncio.setEventLoop(loop);
            setEventLoop = true;
        } else {
            loop = loopFactory.get();
        }
        if (debug != null) loop.setDebug(debug);
    }

    @Override
    public void close() {
        if (closed) return;
        closed = true;
        if (loop == null) return;
        try {
            cancelAllTasks();
            loop.shutdownAsyncgens();
            loop.shutdownDefaultExecutor();
        } finally {
            if (setEventLoop) Asyncio.setEventLoop(null);
            loop.close();
            loop = null;
        }
    }

    private void cancelAllTasks() {
        List<Task<?>> toCancel = SelectorLoop.of(loop).allTasks();
        if (toCancel.isEmpty()) return;
        for (Task<?> t : toCancel) t.cancel();
        loop.runUntilComplete(() -> Asyncio.gather(ReturnExceptions.YES, toCancel));
        for (Task<?> t : toCancel) {
            if (t.isCancelled()) continue;
            Throwable e = t.exception();
            if (e != null) {
                loop.callExceptionHandler(new ExceptionContext(
                        "unhandled exception during Asyncio.run() shutdown", e, t, null));
            }
        }
    }
}
