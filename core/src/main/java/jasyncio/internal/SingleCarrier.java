package jasyncio.internal;

import java.io.IOException;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.List;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

import jasyncio.Task;

/**
 * Where a loop runs and how it waits in the <em>single-carrier mode</em>: the JVM gives jasyncio no
 * way to schedule virtual threads itself (no {@code --add-opens java.base/java.lang}), but runs
 * the JDK's default virtual-thread scheduler on exactly one carrier thread
 * ({@code -Djdk.virtualThreadScheduler.parallelism=1 -Djdk.virtualThreadScheduler.maxPoolSize=1};
 * {@link CarrierBinding} decides). One strategy object per {@link SelectorLoop} in that mode; in
 * the default mode the loop has none and none of this code runs.
 *
 * <h2>The model</h2>
 * The loop itself runs as a virtual thread of the default scheduler: {@code runForever} (and
 * everything built on it: {@code runUntilComplete}, {@code Asyncio.run}) and {@code close()}'s
 * drain, called from a platform thread, start a virtual thread {@code jasyncio-loop} for the loop
 * and wait for it ({@link #runOnCarrier}); called from a plain virtual thread (not a task or
 * generator body of some loop), they run right there. Its
 * tasks are ordinary default-scheduler virtual threads. With one carrier, exactly one of them —
 * the loop or one task — runs at a time, which is asyncio's model; the price is that the whole
 * JVM has one carrier, so no virtual thread anywhere runs in parallel with another.
 *
 * <h2>Order: the loop hands the carrier over</h2>
 * The JDK's scheduler keeps a FIFO queue local to the carrier: a virtual thread unparked by code
 * running on the carrier goes to its tail, and {@code Thread.yield()} puts the yielding thread
 * behind whatever that queue holds. So a task woken by jasyncio (its future completed, a cancel
 * request, {@code sleep(0)}) is not unparked on the spot: {@link #wake} queues a {@link Resume} on
 * the loop's own ready queue, in FIFO order with callbacks exactly as asyncio queues a task's
 * {@code __wakeup}. When the loop reaches it, it unparks the task and yields: the task runs until
 * it suspends, then the loop goes on with the next item. A task's first step works the same way,
 * except that a new thread's start goes to the scheduler's shared submission queue, not the local
 * one: the loop starts it and parks until the thread's first instruction hands the carrier back
 * ({@link #startAndWait}), so the task's first step runs at its place in the FIFO. Callback order,
 * task start order, wake-up order and "one snapshot of the ready queue per iteration" are the
 * default mode's. A hand-off between a generator body and its caller
 * ({@link SelectorLoop#handOff}) puts the woken side's {@code Resume}/{@link Start} first in the
 * batch, so it runs next, as in the default mode.
 *
 * <h2>Waiting without holding the carrier</h2>
 * The loop must never block the carrier. On Linux (JDK 25) it needs no helper thread for that:
 * {@code Selector.select} called on a virtual thread does not block its carrier but parks the
 * virtual thread until the JDK's I/O poller (a platform thread in epoll) sees the selector's
 * descriptor ready, or the timeout passes ({@code EPollSelectorImpl.doSelect}, virtual-thread
 * branch; {@code Poller.pollSelector}). {@code selector.wakeup()} makes that descriptor ready, so
 * wake-ups from any thread work unchanged. That is exactly the "platform thread that blocks in
 * epoll and unparks the loop's virtual thread" one would otherwise write, with no hand-over of
 * selected keys between threads; polling instead (park with a short timeout, then
 * {@code selectNow}) would add up to a poll interval of latency to every I/O event or burn the
 * carrier. When no channel is registered, the loop parks instead ({@code parkNanos} to its next
 * timer), and a wake-up is a plain unpark: no system call, and from a task on the carrier no other
 * thread at all. Only Linux's {@code EPollSelectorImpl} is known (from the JDK 25 sources) to park
 * a virtual thread; any other selector (another platform's, or
 * {@code -Djava.nio.channels.spi.SelectorProvider=sun.nio.ch.PollSelectorProvider}) would block
 * the one carrier in its system call, and with it every task the loop waits for. For those the
 * loop hands each blocking select to a platform thread of its own ({@link SelectHelper}) and parks
 * until that select returns; the loop touches the selector only while the helper does not.
 *
 * <h2>What the JDK queues, and fairness</h2>
 * Threads woken by the JDK rather than by the loop (a task back from {@code Thread.sleep}, a
 * {@code java.net} read, a {@code ReentrantLock} or {@code BlockingQueue} released by another
 * task or thread) are queued by the scheduler, not by the loop: they run when the loop yields or
 * parks, between two items of the loop's queue, in the scheduler's order; the loop yields at
 * least once per iteration for them. The scheduler takes threads woken from <em>outside</em> the
 * carrier (timers, the I/O poller, platform threads) from shared submission queues only when its
 * local queue is empty, and a virtual thread that only ever yields keeps it busy (measured: a
 * yield-spinning thread starves a thread unparked every millisecond by a platform thread
 * completely). So a loop that has had work without pause for {@link #FAIR_SHARE_NANOS} parks for a
 * moment instead of yielding ({@link #letOthersRun}), which lets the scheduler scan those queues.
 *
 * <h2>Tasks run while the loop waits</h2>
 * A task woken by the JDK can run while the loop waits in select or park, and even while the loop
 * is not running at all (between two {@code runUntilComplete} calls). Anything it does that the
 * waiting loop must see therefore wakes the loop: a callback or wake-up on the ready queue
 * ({@code SelectorLoop.execute}), a timer ({@code addTimer}), a change of selector interest
 * ({@link SelectorLoop#selectorChanged}). The live-task registry, which a platform thread may
 * touch while such a task ends, is synchronized ({@link #synchronizedRegistry}).
 *
 * <h2>What differs from the default mode</h2>
 * Everything that goes through jasyncio keeps its order. What the JDK schedules does not:
 * <ul>
 *   <li>A task woken by the JDK runs when the loop next yields or waits, between two items of
 *       the loop's queue, in the scheduler's order (FIFO among wake-ups made on the carrier,
 *       unspecified among wake-ups from other threads); in the default mode its resumption is
 *       queued on the loop like any other. It can run while the loop waits, while the loop is
 *       not running at all, and after a virtual clock jumped (the loop cannot see the
 *       scheduler's queue, so it counts as idle).</li>
 *   <li>A callback that blocks in a JDK call parks the loop's thread: tasks the JDK woke, and
 *       other loops, run meanwhile. In the default mode the whole loop waits.</li>
 *   <li>Virtual threads a task starts itself are the default scheduler's, not the loop's.</li>
 *   <li>Tasks that wake each other directly through JDK primitives without ever suspending on
 *       jasyncio, or a task spinning on {@code Thread.yield()}, keep threads woken from outside
 *       the carrier — the loop itself, when it waited — from running until they stop: asyncio's
 *       busy loop without {@code await}. In the default mode their wake-ups pass through the
 *       loop's queue.</li>
 *   <li>The loop's thread is a virtual thread, not the caller: callbacks do not see the
 *       caller's thread-locals or thread identity.</li>
 *   <li>Each task gets a new thread: without {@code java.lang} opened a pooled thread's
 *       thread-locals cannot be cleared ({@link Worker} pools only in the default mode).</li>
 *   <li>Debug mode times the loop's items as usual (a task's resumption includes its step); a
 *       task the JDK woke that holds the carrier while the loop yields to it is reported without
 *       a name ("Virtual threads the JDK woke held the carrier…"), and not at all if it runs
 *       while the loop waits.</li>
 *   <li>The whole JVM has one carrier: no virtual thread anywhere runs in parallel, and anything
 *       that blocks the carrier (file I/O, a native call, a class initialiser that waits, long
 *       CPU work, in any virtual thread) stops every loop.</li>
 * </ul>
 * Several loops may run at once (one per calling thread, as usual): they share the carrier and
 * take turns, so a slow step on one delays the others. That is the defined behaviour, not an
 * error.
 *
 * <p>Cost (bench, 2-core machine, both modes in the same run, CPU per item): a task resumption
 * is the loop's yield plus the task's run, about 2× the default mode per W2 round trip; a task
 * start is a thread start plus a hand-back, about 2.3× per W1 one-step task (and 3× the
 * allocation); W4 about 1.6×; W3's timers take the same wall time at 1.4× the CPU.
 *
 * <p>Thread-safety: {@link #wakeParked} may be called from any thread; the rest runs on the one
 * carrier (the loop's thread, or a task or body of the loop), which serialises it.
 */
final class SingleCarrier {
    /** A loop busy this long without parking parks once, so threads queued from outside run. */
    static final long FAIR_SHARE_NANOS = 1_000_000;

    private final SelectorLoop loop;
    private final ThreadFactory taskThreads;
    /** A thread the loop started and waits for; cleared by that thread's first instruction. */
    private volatile Thread starting;
    /** How the loop waits now: true park (wake by unpark), false select (wake the selector). */
    private volatile boolean parkedWait;
    /** Whether select() on the loop's virtual thread parks it rather than block the carrier. */
    private final boolean selectParks;
    /** Makes the blocking selects when {@link #selectParks} is false; started at first need. */
    private SelectHelper selectHelper;
    /** When the loop last parked for real (let the scheduler scan its submission queues); loop-confined. */
    private long lastPark = System.nanoTime();
    /**
     * Whether the loop gave the carrier away (resumed or started a thread) since its last poll:
     * what the scheduler queued on the carrier before that has run. Loop-confined.
     */
    private boolean handedOver;

    SingleCarrier(SelectorLoop loop, Selector selector) {
        this.loop = loop;
        // Unnamed, as in the default mode: a task has its name in Task.getName().
        this.taskThreads = threads(null);
        this.selectParks = selector.getClass().getName().equals("sun.nio.ch.EPollSelectorImpl");
    }

    /** The factory of the loop's task threads. */
    ThreadFactory taskThreads() {
        return taskThreads;
    }

    /**
     * A thread-safe factory of default-scheduler virtual threads, named {@code prefix1, prefix2…}
     * or unnamed if {@code prefix} is null, that belong to the loop: one started by
     * {@link #startAndWait} hands the carrier back to the loop first thing, and each is marked as
     * the loop's by its uncaught-exception handler (a {@link Worker} replaces it with itself; the
     * loop then knows its task threads by {@code Task.current()}).
     */
    ThreadFactory threads(String prefix) {
        Thread.Builder.OfVirtual b = Thread.ofVirtual();
        ThreadFactory base = (prefix == null ? b : b.name(prefix, 1)).factory();
        return body -> {
            Owned owned = new Owned(body);
            Thread t = base.newThread(owned);
            t.setUncaughtExceptionHandler(owned);
            return t;
        };
    }

    /**
     * A loop thread's body: tells a waiting loop it started, then runs. As the thread's
     * uncaught-exception handler it marks the thread as the loop's, and hands what reaches it to
     * the thread group, as a thread without a handler of its own would.
     */
    private final class Owned implements Runnable, Thread.UncaughtExceptionHandler {
        private final Runnable body;

        Owned(Runnable body) {
            this.body = body;
        }

        SingleCarrier carrier() {
            return SingleCarrier.this;
        }

        @Override
        public void run() {
            Thread me = Thread.currentThread();
            if (starting == me) {
                starting = null;
                // The loop goes to the carrier's local queue, ahead of anything this thread
                // wakes: it resumes as soon as this thread first suspends.
                LockSupport.unpark(loop.loopThread());
            }
            body.run();
        }

        @Override
        public void uncaughtException(Thread t, Throwable e) {
            ThreadGroup g = t.getThreadGroup();
            if (g != null) g.uncaughtException(t, e);
        }
    }

    /** Whether the calling thread is a task or generator body of this loop. */
    boolean owns() {
        if (Thread.currentThread().getUncaughtExceptionHandler() instanceof Owned o) return o.carrier() == this;
        Task<?> task = Task.current();
        return task != null && task.getLoop() == loop;
    }

    /** Whether the calling thread is a task or generator body of any loop in this mode. */
    private static boolean onAnyLoopsThread() {
        return Thread.currentThread().getUncaughtExceptionHandler() instanceof Owned || Task.current() != null;
    }

    // =================================================================== where the loop runs

    /**
     * Runs the loop's {@code body} on a virtual thread: the caller's own if it is a plain virtual
     * thread, else (a platform thread, or a task or body of some loop) a new one the caller waits
     * for. An interrupt of the waiting caller is passed to the loop's thread (which stops the
     * loop, as an interrupt of the loop thread does in the default mode), and an interrupt the
     * loop gives back at the end is passed to the caller.
     */
    void runOnCarrier(Runnable body) {
        if (Thread.currentThread().isVirtual() && !onAnyLoopsThread()) {
            body.run();
            return;
        }
        Throwable[] failure = new Throwable[1];
        boolean[] endedInterrupted = new boolean[1];
        Thread t = Thread.ofVirtual().name("jasyncio-loop").start(() -> {
            try {
                body.run();
            } catch (Throwable e) {
                failure[0] = e;
            }
            endedInterrupted[0] = Thread.currentThread().isInterrupted();
        });
        boolean interrupted = false;
        while (true) {
            try {
                t.join();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
                t.interrupt();
            }
        }
        if (interrupted || endedInterrupted[0]) Thread.currentThread().interrupt();
        if (failure[0] instanceof RuntimeException re) throw re;
        if (failure[0] instanceof Error err) throw err;
    }

    // =================================================================== how the loop waits

    /**
     * Before a poll that does not wait: gives the carrier to what the scheduler queued for it
     * (tasks woken by the JDK), unless the loop already did in this iteration by resuming or
     * starting a thread. A yield normally; a real park, briefly, once the loop has been busy for
     * {@link #FAIR_SHARE_NANOS}, so threads woken from outside the carrier run too.
     *
     * @return how long the loop was away, in nanoseconds (for debug mode's slow-step report)
     */
    long letOthersRun() {
        boolean handed = handedOver;
        handedOver = false;
        long start = System.nanoTime();
        if (start - lastPark >= FAIR_SHARE_NANOS) {
            LockSupport.parkNanos(this, 1);
            lastPark = System.nanoTime();
            return lastPark - start;
        }
        if (handed) return 0;
        Thread.yield();
        return System.nanoTime() - start;
    }

    /**
     * Chooses how the loop waits, before it marks itself sleeping (so a waker that sees it
     * sleeping also sees the choice): park when no channel is registered, else select.
     *
     * @return true if {@link #await} does the waiting, false if the loop selects itself
     */
    boolean prepareWait(Selector selector) {
        boolean park = selector.keys().isEmpty();
        parkedWait = park;
        return park || !selectParks;
    }

    /**
     * Waits without holding the carrier until woken or {@code timeoutNanos} pass
     * ({@link Long#MAX_VALUE}: no limit): a park, or a select made by the helper thread.
     */
    void await(Selector selector, long timeoutNanos, Consumer<SelectionKey> onSelected) throws IOException {
        if (!parkedWait) {
            if (selectHelper == null) selectHelper = new SelectHelper(selector, onSelected);
            selectHelper.select(timeoutNanos);
        } else if (timeoutNanos == Long.MAX_VALUE) {
            LockSupport.park(this);
        } else {
            LockSupport.parkNanos(this, timeoutNanos);
        }
    }

    /** The loop closed its selector: a helper thread ends. */
    void closed() {
        if (selectHelper != null) selectHelper.quit();
    }

    /** After a wait (select or park): the carrier was free meanwhile. */
    void waited() {
        lastPark = System.nanoTime();
    }

    /**
     * Wakes the loop if it waits by parking; false if it waits (or will next wait) in select, in
     * which case the caller wakes the selector. Any thread.
     */
    boolean wakeParked() {
        if (!parkedWait) return false;
        Thread lt = loop.loopThread();
        if (lt != null) LockSupport.unpark(lt);
        return true;
    }

    // =================================================================== tasks and bodies

    /** Wakes {@code th} (the thread of {@code task}, or of a generator body) in the loop's FIFO order. */
    void wake(Task<?> task, Thread th) {
        loop.execute(new Resume(this, task, th));
    }

    /**
     * {@code sleep(0)} of the calling task: queues its resumption behind the work already ready
     * and waits for it ({@code Thread.yield()} would go to the scheduler, not the loop's queue).
     * An interrupt (a cancel request) does not end the wait; it stays set for the caller.
     */
    void yieldTask(Task<?> task) {
        Resume r = new Resume(this, task, Thread.currentThread());
        loop.execute(r);
        boolean interrupted = false;
        while (!r.fired) {
            LockSupport.park(r);
            if (Thread.interrupted()) interrupted = true;
        }
        if (interrupted) Thread.currentThread().interrupt();
    }

    /** Runs {@code job}, a task's first step, on a new worker at this point of the loop's batch. */
    void runOnWorker(TaskStep job) {
        // One-shot: without java.lang opened, a pooled thread's thread-locals cannot be cleared
        // between tasks, so each task gets a fresh thread.
        Worker w = new Worker(loop, taskThreads, false);
        w.assign(job);
        startAndWait(w.thread);
    }

    /**
     * Starts {@code th} (made by {@link #threads}) and, on the loop's thread, parks until it has
     * run its first instruction: the loop then resumes when {@code th} first suspends. Elsewhere
     * it only starts it.
     */
    void startAndWait(Thread th) {
        if (Thread.currentThread() != loop.loopThread()) {
            th.start();
            return;
        }
        starting = th;
        try {
            th.start();
        } catch (RuntimeException | Error e) {
            starting = null;
            throw e;
        }
        handedOver = true;
        boolean interrupted = false;
        while (starting == th) {
            LockSupport.park(this);
            if (Thread.interrupted()) interrupted = true;
        }
        if (interrupted) Thread.currentThread().interrupt();
    }

    /** The thread whose step {@code r} ran, for slow-step reports; null if none or it ended. */
    static Thread threadBehind(Runnable r) {
        return r instanceof Resume res && res.task != null && !res.task.isDone() ? res.thread : null;
    }

    /** The live-task registry, synchronized: a platform thread may touch it while a task ends. */
    static TaskRegistry synchronizedRegistry(TaskRegistry r) {
        return new TaskRegistry() {
            @Override
            public synchronized void add(Task<?> t) {
                r.add(t);
            }

            @Override
            public synchronized void remove(Task<?> t) {
                r.remove(t);
            }

            @Override
            public synchronized int size() {
                return r.size();
            }

            @Override
            public synchronized List<Task<?>> snapshot() {
                return r.snapshot();
            }
        };
    }

    /**
     * A task's (or body's) resumption as an item of the loop's ready queue: unpark it and yield,
     * so it runs until it suspends before the loop's next item. Run anywhere else (the reaper, after
     * close) it only unparks. Unparking a thread that meanwhile went on is a spurious wake-up,
     * which every park site tolerates.
     */
    static final class Resume implements Runnable {
        private final SingleCarrier carrier;
        final Task<?> task;
        final Thread thread;
        /** Set when run: what {@link #yieldTask} waits for. */
        volatile boolean fired;

        Resume(SingleCarrier carrier, Task<?> task, Thread thread) {
            this.carrier = carrier;
            this.task = task;
            this.thread = thread;
        }

        @Override
        public void run() {
            fired = true;
            LockSupport.unpark(thread);
            if (Thread.currentThread() == carrier.loop.loopThread()) {
                carrier.handedOver = true;
                Thread.yield();
            }
        }

        @Override
        public String toString() {
            return task != null ? task.toString() : "<resume " + thread.getName() + ">";
        }
    }

    /**
     * A platform thread that makes the loop's blocking selects for a selector that would block
     * the carrier. Strict alternation: the loop asks and parks; the helper selects, then wakes the
     * loop and waits for the next request. So only one of them uses the selector (and the queue of
     * ready handlers the loop's callback fills; {@code done} hands it back) at a time, and
     * {@code selector.wakeup()} (any thread) ends the helper's select as it would the loop's.
     */
    private static final class SelectHelper implements Runnable {
        private final Selector selector;
        /** The loop's callback for ready keys; runs on the helper while the loop waits for it. */
        private final Consumer<SelectionKey> onSelected;
        private final Thread thread;
        private volatile long timeoutNanos;
        private volatile boolean requested;
        private volatile boolean done;
        private volatile boolean quit;
        private volatile Thread waiter;
        private volatile IOException failure;

        SelectHelper(Selector selector, Consumer<SelectionKey> onSelected) {
            this.selector = selector;
            this.onSelected = onSelected;
            this.thread = Thread.ofPlatform().daemon().name("jasyncio-select").start(this);
        }

        /** On the loop's thread: select through the helper and wait for it without holding the carrier. */
        void select(long nanos) throws IOException {
            waiter = Thread.currentThread();
            timeoutNanos = nanos;
            done = false;
            requested = true;
            LockSupport.unpark(thread);
            boolean interrupted = false;
            while (!done) {
                LockSupport.park(this);
                if (Thread.interrupted() && !interrupted) {
                    interrupted = true;
                    selector.wakeup(); // the helper's select ends; the loop must not touch the selector before
                }
            }
            if (interrupted) Thread.currentThread().interrupt();
            IOException e = failure;
            failure = null;
            if (e != null) throw e;
        }

        void quit() {
            quit = true;
            LockSupport.unpark(thread);
        }

        @Override
        public void run() {
            while (!quit) {
                if (!requested) {
                    LockSupport.park(this);
                    continue;
                }
                requested = false;
                try {
                    long t = timeoutNanos;
                    if (t == Long.MAX_VALUE) {
                        selector.select(onSelected);
                    } else {
                        selector.select(onSelected, Math.max(1, (t + 999_999) / 1_000_000));
                    }
                } catch (IOException e) {
                    failure = e;
                } catch (ClosedSelectorException e) {
                    quit = true;
                }
                done = true;
                LockSupport.unpark(waiter);
            }
        }
    }

    /** A generator body's first turn as an item of the loop's ready queue: {@link #startAndWait}. */
    static final class Start implements Runnable {
        private final SingleCarrier carrier;
        private final Thread thread;

        Start(SingleCarrier carrier, Thread thread) {
            this.carrier = carrier;
            this.thread = thread;
        }

        @Override
        public void run() {
            carrier.startAndWait(thread);
        }

        @Override
        public String toString() {
            return "<start " + thread.getName() + ">";
        }
    }
}
