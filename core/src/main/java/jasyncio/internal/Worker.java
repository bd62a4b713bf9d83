package jasyncio.internal;

import java.util.concurrent.locks.LockSupport;

/**
 * A virtual thread of a loop that runs tasks one after another. Creating a virtual thread per
 * task costs more than the task itself for short tasks (and ~1.5 KB per pending task); a worker
 * is bound to a task only from its first step to its end, then returns to its loop's idle pool
 * with its thread-locals and interrupt status cleared, so each task still sees a thread of its
 * own for its whole life.
 *
 * <p>Loop-confined: {@link #job} is handed over by the loop thread and read by this worker,
 * which runs on the same carrier.
 */
public final class Worker implements Runnable {
    /** Bound for the whole life of each worker thread: how a task finds itself cheaply. */
    private static final ScopedValue<Worker> CURRENT = ScopedValue.newInstance();

    private final SelectorLoop loop;
    final Thread thread;
    /** The task to run next, or running now; null while idle. */
    private volatile TaskStep job;
    private volatile boolean quit;

    Worker(SelectorLoop loop, java.util.concurrent.ThreadFactory threads) {
        this.loop = loop;
        this.thread = threads.newThread(this);
    }

    /** The task the calling worker thread is running, or null when the caller is no worker. */
    public static TaskStep currentJob() {
        return CURRENT.isBound() ? CURRENT.get().job : null;
    }

    /** Hands over the next job; the caller then starts or unparks {@link #thread}. */
    void assign(TaskStep next) {
        job = next;
    }

    /** Asks an idle worker to end; the caller then unparks it. */
    void quit() {
        quit = true;
    }

    /** What the worker is running, for slow-step reports. */
    Runnable current() {
        return job;
    }

    @Override
    public void run() {
        ScopedValue.where(CURRENT, this).run(this::serve);
    }

    private void serve() {
        while (true) {
            runJob();
            CarrierBinding.resetThreadState(thread);
            // The next item of the loop's batch is another task's first step: run it right
            // here, in FIFO order, instead of parking and being unparked for it.
            TaskStep next = loop.takeNextFirstStep();
            if (next != null) {
                job = next;
                continue;
            }
            if (!loop.parkIdle(this)) return;
            while (job == null && !quit) LockSupport.park(this);
            if (job == null) return;
        }
    }

    /**
     * Runs the assigned job and forgets it. A method of its own so that no frame of the parked,
     * idle worker still references the finished task: otherwise the task (its result, and the
     * report of an exception nobody retrieved) stays reachable until the worker's next job.
     */
    private void runJob() {
        TaskStep j = job;
        try {
            j.runBody();
        } catch (Throwable t) {
            loop.callExceptionHandler(jasyncio.ExceptionContext.of("task body failed outside its task", t));
        }
        job = null;
    }

    @Override
    public String toString() {
        Runnable j = job;
        return j != null ? j.toString() : "<idle task worker " + thread.getName() + ">";
    }
}
