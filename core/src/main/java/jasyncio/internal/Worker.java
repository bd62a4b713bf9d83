package jasyncio.internal;

import java.util.concurrent.locks.LockSupport;

/**
 * A virtual thread of a loop that runs tasks one after another. Creating a virtual thread per
 * task costs more than the task itself for short tasks (and ~1.5 KB per pending task); a worker
 * is bound to a task only from its first step to its end, then returns to its loop's idle pool
 * with its thread-locals and interrupt status cleared, so each task still sees a thread of its
 * own for its whole life.
 *
 * <p>A loop keeps at most a fixed number of pooled workers; beyond that a worker is
 * <em>one-shot</em>: it runs one task and ends. Why it matters: a worker parked inside a task
 * resumes in whatever code the JIT compiled for it while it slept, and a branch that code never
 * saw taken is compiled as a trap that deoptimises every frame reaching it. A pooled worker's
 * frame holds the pool's bookkeeping after the task (chain the next first step, go idle, quit);
 * if 100,000 of them slept through a change of pattern they would each pay a deoptimisation as
 * they woke. A one-shot worker's frame holds nothing after the task.
 *
 * <p>Loop-confined: {@link #job} is handed over by the loop thread and read by this worker,
 * which runs on the same carrier.
 */
public final class Worker implements Runnable, Thread.UncaughtExceptionHandler {
    private final SelectorLoop loop;
    final Thread thread;
    /** Whether this worker returns to the loop's pool after a task (else it ends). */
    private final boolean pooled;
    /** The task to run next, or running now; null while idle. */
    private volatile TaskStep job;
    private volatile boolean quit;

    Worker(SelectorLoop loop, java.util.concurrent.ThreadFactory threads, boolean pooled) {
        this.loop = loop;
        this.pooled = pooled;
        this.thread = threads.newThread(this);
        // How a task finds itself: the worker is its thread's uncaught-exception handler, a
        // per-thread slot that costs nothing to read (a ScopedValue binding cost ~200 bytes per
        // thread: carrier, snapshot and the per-thread cache, and five frames on every stack).
        thread.setUncaughtExceptionHandler(this);
    }

    /** The task the calling worker thread is running, or null when the caller is no worker. */
    public static TaskStep currentJob() {
        Thread t = Thread.currentThread();
        return t.getUncaughtExceptionHandler() instanceof Worker w && w.thread == t ? w.job : null;
    }

    /** A failure outside any task's body (the worker's own bookkeeping) goes to the loop's handler. */
    @Override
    public void uncaughtException(Thread t, Throwable e) {
        loop.callExceptionHandler(jasyncio.ExceptionContext.of("task worker thread failed", e));
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
        if (pooled) {
            serve();
        } else {
            serveOnce();
        }
    }

    private void serveOnce() {
        runJob();
        loop.oneShotDone(this);
    }

    private void serve() {
        while (true) {
            runJob();
            CarrierBinding.resetThreadState(thread);
            thread.setUncaughtExceptionHandler(this); // in case the task replaced it
            // The next item of the loop's batch is another task's first step: run it right
            // here, in FIFO order, instead of parking and being unparked for it.
            TaskStep next = loop.takeNextFirstStep();
            if (next != null) {
                job = next;
                continue;
            }
            loop.parkIdle(this);
            // As in Task.suspendOn: the test after a wake-up is not the test before parking.
            if (job == null && !quit) {
                do {
                    LockSupport.park(this);
                } while (job == null && !quit);
            }
            if (job == null) return; // told to quit
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
