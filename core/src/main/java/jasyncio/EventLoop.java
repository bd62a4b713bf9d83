package jasyncio;

import java.time.Duration;
import java.util.concurrent.Executor;

/**
 * An event loop: one platform thread that runs callbacks and the steps of its tasks one at a
 * time ({@code asyncio.AbstractEventLoop}).
 *
 * <p>Each {@link Task} is a virtual thread whose scheduler is its loop, so a task holds the
 * loop only until it suspends. Ready callbacks and task resumptions share one FIFO queue; each
 * loop iteration runs the callbacks that were ready when it began, then fires due timers.
 *
 * <p>Thread-safety: {@link #callSoon}, {@link #callSoonThreadsafe}, {@link #stop()},
 * {@link #time()}, {@link #isRunning()}, {@link #isClosed()} and {@link #createFuture()} may be
 * called from any thread. The others belong to the loop's own thread and tasks, or to the thread
 * that owns a loop which is not running. Create loops with {@link Asyncio#newEventLoop()};
 * close them with {@link #close()} (or try-with-resources).
 *
 * <pre>
 *  state:   new ──runForever/runUntilComplete──▶ running ──stop/done──▶ stopped ──close──▶ closed
 *                       ▲                                                  │
 *                       └──────────────────────────────────────────────────┘
 * </pre>
 */
public interface EventLoop extends Executor, AutoCloseable {

    // ---- running and stopping ----

    /**
     * Runs the loop until {@code future} is done and returns its result (rethrowing its
     * exception). Blocks the calling thread, which becomes the loop thread meanwhile.
     *
     * @throws IllegalStateException if the loop is closed or already running, or if it stopped
     *                               before the future completed
     */
    <T> T runUntilComplete(Future<T> future);

    /** Wraps {@code coro} in a task and runs the loop until it is done; returns its value. */
    default <T> T runUntilComplete(Coroutine<T> coro) {
        return runUntilComplete(createTask(coro));
    }

    /** Wraps {@code coro} in a task and runs the loop until it is done. */
    default void runUntilComplete(VoidCoroutine coro) {
        runUntilComplete(createTask(coro.asCoroutine()));
    }

    /** Runs the loop until {@link #stop()} is called. Blocks the calling thread. */
    void runForever();

    /**
     * Asks the running loop to stop after the current iteration. If called before
     * {@link #runForever()}, the next run does one iteration and stops.
     */
    void stop();

    /** Whether the loop is running now. */
    boolean isRunning();

    /** Whether {@link #close()} has completed. */
    boolean isClosed();

    /**
     * Closes the loop: cancels every live task and runs the loop until all of them have
     * finished their cleanup, shuts the default executor down (without waiting) and releases
     * the selector. Idempotent.
     *
     * @throws IllegalStateException if the loop is running
     */
    @Override
    void close();

    // ---- time and callbacks ----

    /** The loop's monotonic clock, in seconds. */
    double time();

    /** Schedules {@code callback} to run on the loop, after the callbacks already scheduled. */
    Handle callSoon(Runnable callback);

    /** Like {@link #callSoon}: kept for asyncio's name; every {@code callSoon} is thread-safe here. */
    default Handle callSoonThreadsafe(Runnable callback) {
        return callSoon(callback);
    }

    /** Schedules {@code callback} to run {@code delay} seconds from now. */
    TimerHandle callLater(double delay, Runnable callback);

    /** Schedules {@code callback} to run after {@code delay}. */
    default TimerHandle callLater(Duration delay, Runnable callback) {
        return callLater(Asyncio.seconds(delay), callback);
    }

    /** Schedules {@code callback} to run at loop time {@code when} (see {@link #time()}). */
    TimerHandle callAt(double when, Runnable callback);

    /** Equivalent to {@link #callSoon}: lets the loop serve as a plain {@link Executor}. */
    @Override
    default void execute(Runnable command) {
        callSoon(command);
    }

    // ---- futures and tasks ----

    /** A new pending future whose callbacks run on this loop. */
    <T> Future<T> createFuture();

    /** Schedules {@code coro} as a new task with a generated name ({@code Task-N}). */
    default <T> Task<T> createTask(Coroutine<T> coro) {
        return createTask(coro, null);
    }

    /** Schedules {@code coro} as a new task named {@code name} (a generated name if null). */
    <T> Task<T> createTask(Coroutine<T> coro, String name);

    /** Schedules a coroutine without a value as a new task. */
    default Task<Void> createTask(VoidCoroutine coro) {
        return createTask(coro.asCoroutine(), null);
    }

    /** Schedules a coroutine without a value as a new task named {@code name}. */
    default Task<Void> createTask(VoidCoroutine coro, String name) {
        return createTask(coro.asCoroutine(), name);
    }

    /** Sets the factory {@link #createTask} uses; null restores the default. */
    void setTaskFactory(TaskFactory factory);

    /** The factory set by {@link #setTaskFactory}, or null for the default. */
    TaskFactory getTaskFactory();

    // ---- executors ----

    /**
     * Runs {@code fn} on {@code executor} (the loop's default thread pool if null) and returns a
     * future of this loop for its result. Cancelling the future keeps {@code fn} from starting
     * if it has not started yet.
     */
    <T> Future<T> runInExecutor(Executor executor, Coroutine<T> fn);

    /** Replaces the default executor used by {@code runInExecutor(null, …)} and {@code toThread}. */
    void setDefaultExecutor(Executor executor);

    /**
     * Shuts the default executor down and waits until its threads have finished their work.
     * Suspends the calling task; from a plain thread it blocks. Afterwards
     * {@code runInExecutor(null, …)} throws {@link IllegalStateException}.
     */
    void shutdownDefaultExecutor();

    // ---- watching channels ----

    /**
     * Calls {@code callback} on the loop each time {@code channel} is ready to read (or, for a
     * server channel, to accept), until {@link #removeReader} ({@code loop.add_reader}). Puts the
     * channel in non-blocking mode. Replaces an earlier reader of the same channel. Call from the
     * loop's thread or its tasks, or while the loop is not running.
     */
    void addReader(java.nio.channels.SelectableChannel channel, Runnable callback);

    /** Stops watching {@code channel} for reading; returns whether a reader was registered. */
    boolean removeReader(java.nio.channels.SelectableChannel channel);

    /**
     * Calls {@code callback} on the loop each time {@code channel} is ready to write (or, for a
     * connecting socket, to finish connecting), until {@link #removeWriter} ({@code loop.add_writer}).
     */
    void addWriter(java.nio.channels.SelectableChannel channel, Runnable callback);

    /** Stops watching {@code channel} for writing; returns whether a writer was registered. */
    boolean removeWriter(java.nio.channels.SelectableChannel channel);

    // ---- errors and debugging ----

    /** Sets the handler for errors nobody could handle; null restores the default. */
    void setExceptionHandler(ExceptionHandler handler);

    /** The handler set by {@link #setExceptionHandler}, or null for the default. */
    ExceptionHandler getExceptionHandler();

    /** Passes {@code context} to the exception handler (the default one if none is set). */
    void callExceptionHandler(ExceptionContext context);

    /** The default handler's action: logs the context through {@link System.Logger} "jasyncio". */
    void defaultExceptionHandler(ExceptionContext context);

    /** Turns debug mode on or off (slow-step reports, un-awaited failures, swallowed cancels). */
    void setDebug(boolean enabled);

    /** Whether debug mode is on. */
    boolean getDebug();

    /** In debug mode, a callback or task step that holds the loop longer than this is reported. */
    Duration getSlowCallbackDuration();

    /** Sets the threshold of slow-step reports; default 100 ms. */
    void setSlowCallbackDuration(Duration duration);
}
