package jasyncio.internal;

/**
 * A task as its loop and its worker thread see it. {@link #run()} is the task's first step, a
 * callback queued like asyncio's first {@code __step}; it claims the task and hands it to a
 * worker, which calls {@link #runBody()}. Implemented by {@link jasyncio.Task}'s one internal object.
 */
public interface TaskStep extends Runnable {
    /**
     * Called on the loop thread when the first step is reached: false if the task must not run
     * (cancelled before it started; it is then already completed and unregistered).
     */
    boolean claim();

    /** Runs the task's coroutine to its end, on a worker thread. */
    void runBody();
}
