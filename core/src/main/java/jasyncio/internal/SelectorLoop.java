package jasyncio.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

import jasyncio.Coroutine;
import jasyncio.EventLoop;
import jasyncio.ExceptionContext;
import jasyncio.ExceptionHandler;
import jasyncio.Future;
import jasyncio.Handle;
import jasyncio.Task;
import jasyncio.TaskFactory;
import jasyncio.TimerHandle;
import jasyncio.internal.net.Connector;
import jasyncio.internal.net.Listener;
import jasyncio.internal.net.Resolver;
import jasyncio.internal.net.SockOps;
import jasyncio.net.BaseProtocol;
import jasyncio.net.Connection;
import jasyncio.net.ConnectionOptions;
import jasyncio.net.NameInfo;
import jasyncio.net.Server;
import jasyncio.net.ServerOptions;

/**
 * The event loop: one platform thread, a lock-free inbox, a loop-confined batch, a timer heap
 * and an NIO {@link Selector} to wait on. This is the scheduler core; it is long because the
 * run cycle, the task registry and the shutdown protocol must be read together.
 *
 * <p>Threads: {@link #execute(Runnable)} (the virtual-thread scheduler entry point) and
 * {@link #callSoon} may be called from any thread; they append to {@code inbox}, never throw
 * and never block, and wake the loop only when it sleeps. Everything else that mutates state
 * ({@code batch}, {@code timers}, {@code tasks}) runs in the loop's context: the loop thread
 * itself, or a task of this loop (which runs on the loop thread, one at a time).
 *
 * <p>One iteration ({@link #runOnce}), asyncio's {@code _run_once}: wait for I/O (not at all if
 * work is ready, else until the next timer), move the inbox into the batch, add due timers,
 * then run exactly that batch. Work scheduled while the batch runs waits for the next
 * iteration, so a task that keeps yielding cannot starve timers and I/O (research hazard 3).
 */
public final class SelectorLoop implements EventLoop {
    private static final System.Logger LOG = System.getLogger("jasyncio");
    /** The loop running on the current platform thread, set by run cycles. */
    private static final ThreadLocal<SelectorLoop> RUNNING = new ThreadLocal<>();
    private static final AtomicLong LOOP_IDS = new AtomicLong();

    private final long id = LOOP_IDS.incrementAndGet();
    private final Clock clock;
    private final ThreadFactory taskThreads;
    private final Selector selector;
    /**
     * Where the loop runs and how it waits in the single-carrier mode (no custom scheduler: the
     * loop is a virtual thread beside its tasks on the JVM's one carrier); null in the default mode.
     */
    private final SingleCarrier single;

    /** Work submitted by other threads; drained into {@link #batch} once per iteration. */
    private final ConcurrentLinkedQueue<Runnable> inbox = new ConcurrentLinkedQueue<>();
    /**
     * Work submitted from the loop's own thread (its callbacks, or tasks it carries) during this
     * iteration; becomes the next batch. Loop-confined, so no atomics on the hot path.
     */
    private ArrayDeque<Runnable> local = new ArrayDeque<>();
    /** This iteration's work; loop-confined. */
    private ArrayDeque<Runnable> batch = new ArrayDeque<>();
    /** I/O handlers of the keys the last select found ready, until collectIo; loop-confined. */
    private final ArrayDeque<Runnable> ioReady = new ArrayDeque<>();
    /** ioReady still held handlers when the current select began (then none may be added twice). */
    private boolean ioPending;
    private final Consumer<SelectionKey> onSelected = this::selected;
    /** Scheduled callbacks by deadline, then by scheduling order; loop-confined. */
    private final TimerHeap timers = new TimerHeap();

    /** Live tasks, so they cannot be collected while they run; loop-confined. */
    private final TaskRegistry tasks;
    /** Idle task threads, most recently used last; loop-confined. */
    private final ArrayDeque<Worker> idleWorkers = new ArrayDeque<>();
    /** Which worker a queued continuation belongs to (for slow-step reports); loop-confined. */
    private final Map<Runnable, Worker> continuationOwners = new IdentityHashMap<>();
    /** Pooled workers alive (idle or running a task); at most {@link #MAX_POOLED_WORKERS}. */
    private int pooledWorkers;
    /** Set while the loop thread starts or unparks a worker whose continuation it runs inline. */
    private boolean capturing;
    private Runnable captured;
    /** Set by {@link #handOff}: the next continuation submitted on the loop thread runs next. */
    private boolean handingOff;
    /** Executor jobs in flight: while any is, a virtual clock must not jump. */
    private final AtomicInteger externalJobs = new AtomicInteger();

    /** True while the loop thread blocks in select; paired with inbox appends (Dekker). */
    private volatile boolean sleeping;
    private volatile boolean stopping;
    /** The loop thread was interrupted during this run (loop-confined). */
    private boolean loopInterrupted;
    /** The platform thread running the loop now, or null. */
    private volatile Thread loopThread;
    private volatile boolean closed;
    /** Set by close(): finishing workers retire instead of idling. */
    private volatile boolean closing;
    private static final int MAX_POOLED_WORKERS = 16_384;
    private static final int IDLE_WORKERS_KEPT_WHEN_IDLE = 256;
    /** Idle workers beyond the kept ones are ended at most this many per idle loop turn. */
    private static final int TRIM_PER_TURN = 64;
    /** Idle workers are trimmed only when the loop would otherwise wait at least this long. */
    private static final long TRIM_WHEN_IDLE_FOR_NANOS = 1_000_000;

    private volatile boolean debug;
    private volatile long slowCallbackNanos = 100_000_000L;
    private volatile ExceptionHandler exceptionHandler;
    private volatile TaskFactory taskFactory;
    private volatile Executor defaultExecutor;
    private volatile ExecutorService ownedExecutor;
    /** Set by shutdownDefaultExecutor(): the default executor takes no more jobs (asyncio). */
    private volatile boolean executorShutdownCalled;

    /** A loop on the system clock. */
    public SelectorLoop() {
        this(Clock.SYSTEM);
    }

    /** A loop on {@code clock} (the test kit passes a virtual clock). */
    public SelectorLoop(Clock clock) {
        this.clock = clock;
        boolean singleCarrier = CarrierBinding.singleCarrier();
        // Unnamed, as the JDK's own virtual threads: a name costs two strings per thread, and a
        // task has its own name (Task.getName), which is what dumps and reports show.
        ThreadFactory defaultModeThreads = singleCarrier ? null : CarrierBinding.factory(this, null);
        try {
            this.selector = Selector.open();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the event loop's selector", e);
        }
        this.single = singleCarrier ? new SingleCarrier(this, selector) : null;
        this.taskThreads = single != null ? single.taskThreads() : defaultModeThreads;
        TaskRegistry registry = FutureAccess.get().newTaskRegistry();
        this.tasks = single != null ? SingleCarrier.synchronizedRegistry(registry) : registry;
    }

    /** {@code loop} as this implementation, or a clear error for a foreign implementation. */
    public static SelectorLoop of(EventLoop loop) {
        if (loop instanceof SelectorLoop s) return s;
        if (loop == null) throw new NullPointerException("event loop is null");
        throw new IllegalArgumentException("jasyncio futures and tasks need a loop made by jasyncio"
                + " (Asyncio.newEventLoop()), not " + loop.getClass().getName());
    }

    /** The loop whose thread is running the caller (a task's or a callback's loop), or null. */
    public static SelectorLoop running() {
        Task<?> t = Task.current();
        if (t != null) return (SelectorLoop) t.getLoop();
        return RUNNING.get();
    }

    /**
     * Refuses a blocking wait made from a loop callback (not a task): it would freeze the loop
     * and never see what it waits for.
     */
    public static void refuseBlockingOnLoopThread(String what) {
        SelectorLoop l = RUNNING.get();
        if (l != null && Task.current() == null) {
            throw new IllegalStateException(what + " was called from a callback running on the event loop thread '"
                    + Thread.currentThread().getName() + "'; a callback must not block its loop. Add a done"
                    + " callback instead (future.addDoneCallback(...)), or do the waiting in a task"
                    + " (loop.createTask(...)).");
        }
    }

    // =================================================================== scheduling

    /**
     * The virtual-thread scheduler entry point and {@link java.util.concurrent.Executor} view.
     * Never throws, never blocks (research hazard 1 and 13).
     */
    @Override
    public void execute(Runnable r) {
        if (r == null) return;
        Thread me = Thread.currentThread();
        Thread lt = loopThread;
        if (lt != null && onLoopCarrier(me, lt)) {
            // Running on the loop thread itself: no other thread touches these fields now.
            if (handingOff) {
                handingOff = false;
                batch.addFirst(r);
            } else if (capturing && captured == null) {
                captured = r;
            } else {
                local.add(r);
            }
            // Single carrier: a task the JDK woke may run while the loop waits.
            if (single != null && sleeping) wakeup();
            return;
        }
        if (closed) {
            Reaper.submit(r);
            return;
        }
        inbox.add(r);
        if (sleeping) wakeup();
        if (closed) drainToReaper(); // closed meanwhile: make sure nothing is stranded
    }

    /**
     * Runs {@code wake}, which wakes one virtual thread of this loop, so that the woken thread runs
     * next, ahead of the work already queued. For two threads that asyncio runs as one flow (an
     * async generator and its consumer, a generator and its caller): no other task may run between
     * them, as none could in Python. Off the loop's thread it just runs {@code wake}.
     */
    public void handOff(Runnable wake) {
        Thread me = Thread.currentThread();
        Thread lt = loopThread;
        if (lt == null || !onLoopCarrier(me, lt)) {
            wake.run();
            return;
        }
        handingOff = true;
        try {
            wake.run();
        } finally {
            handingOff = false;
        }
    }

    /**
     * Wakes {@code th}, the thread of {@code task} (null for a generator or greenlet body of this
     * loop), parked at a jasyncio suspension point. In the default mode an unpark (which comes
     * back through {@link #execute}); in the single-carrier mode a resumption queued on the loop,
     * so it keeps its FIFO place. Any thread.
     */
    public void wakeTask(Task<?> task, Thread th) {
        if (single != null) {
            single.wake(task, th);
        } else {
            java.util.concurrent.locks.LockSupport.unpark(th);
        }
    }

    /** {@code sleep(0)} for {@code task}, the calling task of this loop: its place goes to the back of the queue. */
    public void yieldTask(Task<?> task) {
        if (single != null) {
            single.yieldTask(task);
        } else {
            Thread.yield();
        }
    }

    /**
     * Starts {@code th}, a thread made by {@link #threadFactory}: in the single-carrier mode, from
     * the loop's carrier, as an item of the loop's queue that runs it before the loop goes on.
     */
    public void startThread(Thread th) {
        Thread lt = loopThread;
        if (single != null && lt != null && onLoopCarrier(Thread.currentThread(), lt)) {
            execute(new SingleCarrier.Start(single, th));
        } else {
            th.start();
        }
    }

    /** A thread-safe factory of virtual threads that run on this loop (generator and greenlet bodies). */
    public ThreadFactory threadFactory(String namePrefix) {
        return single != null ? single.threads(namePrefix) : CarrierBinding.factory(this, namePrefix);
    }

    /** Whether {@code t} is the thread running this loop now (not one of its tasks). */
    public boolean isLoopThread(Thread t) {
        return t != null && t == loopThread;
    }

    /** The thread running the loop now, or null. */
    Thread loopThread() {
        return loopThread;
    }

    /**
     * Whether {@code me} runs on the loop's carrier while the loop runs ({@code lt}): the loop
     * thread itself, or a task (or generator body) of this loop, which runs only while the loop
     * does not. Then the loop-confined queues may be touched directly.
     */
    private boolean onLoopCarrier(Thread me, Thread lt) {
        if (me == lt) return true;
        if (single != null) return single.owns();
        return me.isVirtual() && CarrierBinding.carrierOf(me) == lt;
    }

    private void wakeup() {
        if (single != null && single.wakeParked()) return;
        try {
            selector.wakeup();
        } catch (Throwable ignored) {
            // A closed selector has nobody left to wake.
        }
    }

    @Override
    public Handle callSoon(Runnable callback) {
        if (callback == null) throw new NullPointerException("callSoon(null): pass the callback to run");
        checkNotClosed();
        CallbackHandle h = new CallbackHandle(callback);
        execute(h);
        return h;
    }

    @Override
    public TimerHandle callLater(double delay, Runnable callback) {
        if (Double.isNaN(delay)) throw new IllegalArgumentException("callLater: delay is NaN");
        // A negative delay is a deadline in the past, ordered among the other due timers (asyncio).
        return callAtNanos(clock.nanoTime() + secondsToNanos(delay), callback);
    }

    @Override
    public TimerHandle callAt(double when, Runnable callback) {
        if (Double.isNaN(when)) throw new IllegalArgumentException("callAt: time is NaN");
        return callAtNanos(secondsToNanos(when), callback);
    }

    private TimerHandle callAtNanos(long deadline, Runnable callback) {
        if (callback == null) throw new NullPointerException("the timer callback is null");
        checkNotClosed();
        LoopTimer t = new LoopTimer(timers, deadline, callback);
        if (inLoopContext()) {
            addTimer(t);
        } else {
            // The heap is loop-confined: the next iteration adds it before it looks for due
            // timers, so a timer set before the loop runs is due in its first iteration (asyncio).
            execute(new TimerArrival(this, t));
        }
        return t;
    }

    private void addTimer(LoopTimer t) {
        timers.add(t);
        // Single carrier: a task the JDK woke may add a timer while the loop waits.
        if (single != null && sleeping) wakeup();
    }

    /** A timer scheduled from outside the loop's context, travelling to the heap through the inbox. */
    private record TimerArrival(SelectorLoop loop, LoopTimer timer) implements Runnable {
        @Override
        public void run() {
            loop.addTimer(timer);
        }
    }

    private static long secondsToNanos(double s) {
        if (s >= 9.2e9) return Clock.NO_DEADLINE - 1;
        if (s <= -9.2e9) return Long.MIN_VALUE + 1;
        return (long) (s * 1e9);
    }

    /** Whether the caller runs in this loop's context (its thread, or one of its tasks). */
    public boolean inLoopContext() {
        Thread me = Thread.currentThread();
        if (me == loopThread) return true;
        Task<?> t = Task.current();
        return t != null && t.getLoop() == this;
    }

    @Override
    public double time() {
        return clock.nanoTime() / 1e9;
    }

    /** The loop's time in nanoseconds. */
    public long nanoTime() {
        return clock.nanoTime();
    }

    // =================================================================== run cycle

    private void runOnce() {
        long timeout;
        LoopTimer head = firstLiveTimer();
        if (!local.isEmpty() || !inbox.isEmpty() || stopping) {
            timeout = 0;
        } else {
            timeout = clock.sleepNanos(head == null ? Clock.NO_DEADLINE : head.deadline, externalJobs.get() == 0);
            if (timeout >= TRIM_WHEN_IDLE_FOR_NANOS && idleWorkers.size() > IDLE_WORKERS_KEPT_WHEN_IDLE) {
                // A few at a time, and only when nothing is due for a while: each quitting worker
                // is thawed once more to leave, and a timer must not wait behind thousands of them.
                trimIdleWorkers(Math.max(IDLE_WORKERS_KEPT_WHEN_IDLE, idleWorkers.size() - TRIM_PER_TURN));
                timeout = 0;
            }
        }
        poll(timeout);

        ArrayDeque<Runnable> next = local;
        local = batch; // empty: the previous batch ran to the end
        batch = next;
        Runnable r;
        while ((r = inbox.poll()) != null) {
            if (r instanceof TimerArrival a) {
                addTimer(a.timer());
            } else {
                batch.add(r);
            }
        }
        collectIo();

        if (!timers.isEmpty()) {
            long now = clock.nanoTime();
            LoopTimer t;
            while ((t = timers.peek()) != null && t.deadline <= now) {
                timers.poll();
                if (t.isCancelled()) {
                    timers.cancelled.decrementAndGet();
                } else {
                    batch.add(t);
                }
            }
        }

        if (debug) {
            while ((r = batch.poll()) != null) runTimed(r);
        } else {
            while ((r = batch.poll()) != null) runOne(r);
        }
    }

    private LoopTimer firstLiveTimer() {
        int cancelled = timers.cancelled.get();
        if (cancelled > 64 && cancelled * 2 > timers.size()) timers.purgeCancelled();
        LoopTimer t;
        while ((t = timers.peek()) != null && t.isCancelled()) {
            timers.poll();
            timers.cancelled.decrementAndGet();
        }
        return t;
    }

    private void poll(long timeoutNanos) {
        ioPending = !ioReady.isEmpty();
        try {
            if (timeoutNanos == 0) {
                if (single != null) {
                    long away = single.letOthersRun();
                    if (debug && away >= slowCallbackNanos) reportCarrierHeld(away);
                }
                if (!selector.keys().isEmpty()) selector.selectNow(onSelected);
                return;
            }
            boolean park = single != null && single.prepareWait(selector);
            sleeping = true;
            try {
                if (inbox.isEmpty() && local.isEmpty() && !stopping) {
                    if (park) {
                        single.await(selector, timeoutNanos, onSelected);
                    } else if (timeoutNanos == Long.MAX_VALUE) {
                        selector.select(onSelected);
                    } else {
                        selector.select(onSelected, Math.max(1, (timeoutNanos + 999_999) / 1_000_000));
                    }
                }
            } finally {
                sleeping = false;
            }
            if (single != null) single.waited();
        } catch (IOException e) {
            callExceptionHandler(ExceptionContext.of("selector failed", e));
        } finally {
            // An interrupted loop thread would make every select return at once: the loop would
            // spin. An interrupt of the loop thread stops the loop instead; the flag is given
            // back to the thread when the run ends.
            if ((single != null || !Thread.currentThread().isVirtual()) && Thread.interrupted()) {
                loopInterrupted = true;
                stopping = true;
            }
        }
    }

    /**
     * The selector's callback for each ready key (a key's attachment is its Runnable handler).
     * Selecting with a callback, not into the selector's selected-key set, spares a hash-set
     * insertion (an allocation) and removal per ready channel.
     */
    private void selected(SelectionKey k) {
        // A second select before the batch ran (flushClosedChannels, closing) must not queue a handler twice.
        if (k.attachment() instanceof Runnable handler && !(ioPending && ioReady.contains(handler))) {
            ioReady.add(handler);
        }
    }

    /** Moves the ready I/O handlers into the batch, in the order the selector reported them. */
    private void collectIo() {
        Runnable handler;
        while ((handler = ioReady.poll()) != null) batch.add(handler);
    }

    /** The selector tasks and transports of this loop register their channels with. */
    public Selector selector() {
        return selector;
    }

    /**
     * Called after a channel's registration or interest changed. In the single-carrier mode a task
     * the JDK woke may do that while the loop waits in a select that would not see it: wake it.
     */
    public void selectorChanged() {
        if (single != null && sleeping) wakeup();
    }

    /** The reader and writer callbacks of one watched channel; the key's attachment. */
    private static final class Watch implements Runnable {
        final SelectionKey key;
        Runnable reader;
        Runnable writer;

        Watch(SelectionKey key) {
            this.key = key;
        }

        @Override
        public void run() {
            if (!key.isValid()) return;
            int ready = key.readyOps();
            Runnable r = reader;
            if (r != null && (ready & (SelectionKey.OP_READ | SelectionKey.OP_ACCEPT)) != 0) r.run();
            Runnable w = writer;
            if (w != null && key.isValid() && (ready & (SelectionKey.OP_WRITE | SelectionKey.OP_CONNECT)) != 0) w.run();
        }

        @Override
        public String toString() {
            return "<I/O watch " + key.channel() + ">";
        }
    }

    private Watch watch(SelectableChannel channel, boolean create) {
        if (loopThread != null && !inLoopContext()) {
            throw new IllegalStateException("watching a channel from thread '" + Thread.currentThread().getName()
                    + "', outside the running event loop: call it from a task or callback of the loop,"
                    + " or schedule it with loop.callSoonThreadsafe(...)");
        }
        checkNotClosed();
        SelectionKey key = channel.keyFor(selector);
        if (key != null && key.attachment() instanceof Watch w) return w;
        if (key != null && key.isValid() && key.attachment() != null) {
            // A transport registered the channel with its own handler (asyncio's _ensure_fd_no_transport).
            throw new IllegalStateException("channel " + channel + " is used by " + key.attachment()
                    + "; watch it through its transport, not addReader/addWriter");
        }
        if (!create) return null;
        try {
            channel.configureBlocking(false);
            key = channel.register(selector, 0);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot watch " + channel + ": " + e.getMessage(), e);
        }
        Watch w = new Watch(key);
        key.attach(w);
        return w;
    }

    private static int readOps(SelectableChannel ch) {
        return ch.validOps() & (SelectionKey.OP_READ | SelectionKey.OP_ACCEPT);
    }

    private static int writeOps(SelectableChannel ch) {
        return ch.validOps() & (SelectionKey.OP_WRITE | SelectionKey.OP_CONNECT);
    }

    @Override
    public void addReader(SelectableChannel channel, Runnable callback) {
        if (callback == null) throw new NullPointerException("addReader: the callback is null");
        Watch w = watch(channel, true);
        w.reader = callback;
        w.key.interestOpsOr(readOps(channel));
        selectorChanged();
    }

    @Override
    public boolean removeReader(SelectableChannel channel) {
        Watch w = watch(channel, false);
        if (w == null || w.reader == null) return false;
        w.reader = null;
        // Keys are kept (interest 0) rather than cancelled: a cancelled key cannot be registered
        // again until the next select, and the channel's close cancels it anyway.
        if (w.key.isValid()) w.key.interestOpsAnd(~readOps(channel));
        return true;
    }

    /**
     * Finishes the close of channels closed while registered with this loop's selector: the JDK
     * defers the real close of such a channel to the selector's next selection, so a listening
     * socket would go on completing handshakes until the loop went round again (asyncio closes at
     * once). Only on the loop thread, between selections; elsewhere the next selection does it.
     */
    public void flushClosedChannels() {
        if (!inLoopContext() || sleeping) return;
        try {
            ioPending = !ioReady.isEmpty();
            selector.selectNow(onSelected); // handlers of ready keys it finds wait for the next collectIo
        } catch (IOException e) {
            callExceptionHandler(ExceptionContext.of("selector failed", e));
        }
    }

    @Override
    public void addWriter(SelectableChannel channel, Runnable callback) {
        if (callback == null) throw new NullPointerException("addWriter: the callback is null");
        Watch w = watch(channel, true);
        w.writer = callback;
        w.key.interestOpsOr(writeOps(channel));
        selectorChanged();
    }

    @Override
    public boolean removeWriter(SelectableChannel channel) {
        Watch w = watch(channel, false);
        if (w == null || w.writer == null) return false;
        w.writer = null;
        if (w.key.isValid()) w.key.interestOpsAnd(~writeOps(channel));
        return true;
    }

    private void runOne(Runnable r) {
        try {
            r.run();
        } catch (Throwable t) {
            callExceptionHandler(new ExceptionContext("Exception in callback " + r, t, null,
                    r instanceof Handle h ? h : null));
        }
    }

    private void runTimed(Runnable r) {
        long t0 = System.nanoTime();
        runOne(r);
        long took = System.nanoTime() - t0;
        if (took >= slowCallbackNanos) reportSlow(r, took);
    }

    private void reportSlow(Runnable r, long nanos) {
        Worker owner = continuationOwners.get(r);
        String what = owner != null ? owner.toString() : r.toString();
        StringBuilder msg = new StringBuilder(String.format("Executing %s took %.3f seconds", what, nanos / 1e9));
        Thread th = owner != null && owner.current() != null ? owner.thread : SingleCarrier.threadBehind(r);
        if (th != null) {
            msg.append("; the task is now at:");
            for (StackTraceElement e : th.getStackTrace()) msg.append("\n\tat ").append(e);
        }
        LOG.log(Level.WARNING, msg.toString());
    }

    /** Single carrier: what the scheduler ran while the loop yielded held it too long. */
    private void reportCarrierHeld(long nanos) {
        LOG.log(Level.WARNING, String.format("Virtual threads the JDK woke held the carrier for %.3f seconds"
                + " while the loop yielded to them (single-carrier mode: tasks back from a blocking JDK call,"
                + " or virtual threads of no loop)", nanos / 1e9));
    }

    // =================================================================== lifecycle

    @Override
    public void runForever() {
        checkNotClosed();
        if (loopThread != null) throw new IllegalStateException("This event loop is already running");
        if (RUNNING.get() != null || Task.current() != null) {
            throw new IllegalStateException("Cannot run the event loop while another loop is running"
                    + " in this thread; use createTask/await inside the running loop instead");
        }
        onPlatformThread(() -> {
            loopThread = Thread.currentThread();
            RUNNING.set(this);
            try {
                while (true) {
                    runOnce();
                    if (stopping) break;
                }
            } finally {
                stopping = false;
                RUNNING.remove();
                loopThread = null;
                restoreInterrupt();
            }
        });
    }

    /** Gives an interrupt that stopped the loop back to the thread that ran it. */
    private void restoreInterrupt() {
        if (loopInterrupted) {
            loopInterrupted = false;
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Runs {@code body} on the calling thread, or on a new platform thread if the caller is
     * virtual; in the single-carrier mode on a virtual thread instead ({@link SingleCarrier#runOnCarrier}).
     */
    private void onPlatformThread(Runnable body) {
        if (single != null) {
            single.runOnCarrier(body);
            return;
        }
        if (!Thread.currentThread().isVirtual()) {
            body.run();
            return;
        }
        Throwable[] failure = new Throwable[1];
        Thread t = Thread.ofPlatform().name("jasyncio-loop").start(() -> {
            try {
                body.run();
            } catch (Throwable e) {
                failure[0] = e;
            }
        });
        boolean interrupted = false;
        while (true) {
            try {
                t.join();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) Thread.currentThread().interrupt();
        if (failure[0] instanceof RuntimeException re) throw re;
        if (failure[0] instanceof Error err) throw err;
    }

    @Override
    public <T> T runUntilComplete(Future<T> future) {
        checkNotClosed();
        if (future.getLoop() != this) {
            throw new IllegalArgumentException("runUntilComplete: the future belongs to a different loop;"
                    + " run that loop, or wrap the wait in a coroutine: loop.runUntilComplete(() -> future.await())");
        }
        java.util.function.Consumer<Future<T>> stopper = f -> stop();
        future.addDoneCallback(stopper);
        try {
            runForever();
        } finally {
            future.removeDoneCallback(stopper);
        }
        if (!future.isDone()) {
            if (Thread.currentThread().isInterrupted()) {
                throw new jasyncio.CancelledError("the thread running the event loop was interrupted"
                        + " before the future completed; the loop stopped (the interrupt flag is kept)");
            }
            throw new IllegalStateException("Event loop stopped before Future completed.");
        }
        return future.result();
    }

    @Override
    public void stop() {
        stopping = true;
        wakeup();
    }

    @Override
    public boolean isRunning() {
        return loopThread != null;
    }

    @Override
    public boolean isClosed() {
        return closed;
    }

    @Override
    public void close() {
        if (loopThread != null) throw new IllegalStateException("Cannot close a running event loop");
        if (closed) return;
        onPlatformThread(this::cancelAndDrain);
        closed = true;
        SignalHandlers.loopClosed(this); // asyncio's close removes the loop's signal handlers too
        drainLocalToReaper();
        ExecutorService owned = ownedExecutor;
        if (owned != null) owned.shutdown();
        try {
            selector.close();
        } catch (IOException e) {
            LOG.log(Level.WARNING, "closing the selector failed", e);
        }
        if (single != null) single.closed();
        drainToReaper();
    }

    /**
     * Cancels every live task and runs the loop until all have finished (their finally blocks
     * included). A task that keeps refusing after three rounds of cancellation while the loop has
     * nothing else to do is left behind with a warning rather than hanging close() forever.
     */
    private void cancelAndDrain() {
        closing = true;
        if (tasks.isEmpty() && inbox.isEmpty() && local.isEmpty() && idleWorkers.isEmpty()) return;
        loopThread = Thread.currentThread();
        RUNNING.set(this);
        try {
            int rounds = 0;
            for (Task<?> t : tasks.snapshot()) t.cancel();
            while (!tasks.isEmpty() || !inbox.isEmpty() || !local.isEmpty()) {
                boolean idle = inbox.isEmpty() && local.isEmpty() && firstLiveTimer() == null && externalJobs.get() == 0;
                if (idle && !tasks.isEmpty()) {
                    if (++rounds > 3) {
                        LOG.log(Level.WARNING, "closing the event loop: " + tasks.size()
                                + " task(s) ignored cancellation and are left behind: " + tasks);
                        break;
                    }
                    for (Task<?> t : tasks.snapshot()) t.cancel();
                    if (inbox.isEmpty() && local.isEmpty()) {
                        // Nothing woke: the tasks wait on something outside the loop.
                        poll(50_000_000L);
                        // Single carrier: such a task ends without the loop; look before waiting again.
                        if (single != null) continue;
                    }
                }
                stopping = false;
                runOnce();
            }
            trimIdleWorkers(0);
            while (!inbox.isEmpty() || !local.isEmpty()) runOnce();
        } finally {
            RUNNING.remove();
            loopThread = null;
            restoreInterrupt();
        }
    }

    private void drainToReaper() {
        Runnable r;
        while ((r = inbox.poll()) != null) Reaper.submit(r);
    }

    /** Hands work queued on the loop's own thread to the reaper; only once nothing runs the loop. */
    private void drainLocalToReaper() {
        Runnable r;
        while ((r = local.poll()) != null) Reaper.submit(r);
    }

    private void checkNotClosed() {
        if (closed) throw new IllegalStateException("Event loop is closed");
    }

    // =================================================================== tasks

    @Override
    public <T> Future<T> createFuture() {
        return new Future<>(this);
    }

    @Override
    public <T> Task<T> createTask(Coroutine<T> coro, String name) {
        TaskFactory f = taskFactory;
        return f != null ? f.createTask(this, coro, name) : Task.create(this, coro, name);
    }

    /** Records a new task as live and queues its first step. */
    public void register(Task<?> task, TaskStep firstStep) {
        checkNotClosed();
        if (loopThread != null && !inLoopContext()) {
            throw new IllegalStateException("createTask was called from thread '" + Thread.currentThread().getName()
                    + "', outside the running event loop; from other threads use"
                    + " Asyncio.runCoroutineThreadsafe(coro, loop)");
        }
        tasks.add(task);
        execute(firstStep);
    }

    /**
     * Runs {@code job}'s body on an idle worker thread (a new one if none is idle), right now,
     * inline on the loop thread: the task's first step happens at its place in the FIFO. Called
     * from a task's first step, which runs as a loop callback.
     */
    public void runOnWorker(TaskStep job) {
        if (single != null) {
            single.runOnWorker(job);
            return;
        }
        Worker w = idleWorkers.pollLast();
        capturing = true;
        try {
            if (w == null) {
                // Past the pool's size a worker runs one task and ends: its thread never comes
                // back to a pool, so no code runs after its task but the thread's own exit.
                boolean pooled = pooledWorkers < MAX_POOLED_WORKERS;
                if (pooled) pooledWorkers++;
                w = new Worker(this, taskThreads, pooled);
                if (debug) {
                    Runnable c = CarrierBinding.continuationOf(w.thread);
                    if (c != null) continuationOwners.put(c, w);
                }
                w.assign(job);
                w.thread.start();
            } else {
                w.assign(job);
                java.util.concurrent.locks.LockSupport.unpark(w.thread);
            }
        } finally {
            capturing = false;
        }
        Runnable c = captured;
        captured = null;
        if (c != null) c.run();
    }

    /**
     * For a worker that just finished a task on the loop thread: the next item of the current
     * batch if it is another task's first step (claimed, and removed from the batch), else null.
     * Not in debug mode, where every step is timed on its own.
     */
    TaskStep takeNextFirstStep() {
        if (debug || single != null) return null;
        Thread me = Thread.currentThread();
        Thread lt = loopThread;
        if (lt == null || CarrierBinding.carrierOf(me) != lt) return null;
        while (batch.peekFirst() instanceof TaskStep step) {
            batch.pollFirst();
            if (step.claim()) return step;
        }
        return null;
    }

    /**
     * A pooled worker finished its task: it joins the idle pool, or, if the loop is closing, is
     * told to quit (it then leaves by the same way as a trimmed idle worker).
     */
    void parkIdle(Worker w) {
        if (closing) {
            retire(w);
            w.quit();
        } else {
            idleWorkers.addLast(w);
        }
    }

    /** A one-shot worker finished its task and is ending. */
    void oneShotDone(Worker w) {
        forgetContinuation(w);
    }

    private void retire(Worker w) {
        pooledWorkers--;
        forgetContinuation(w);
    }

    private void forgetContinuation(Worker w) {
        if (!continuationOwners.isEmpty()) {
            Runnable c = CarrierBinding.continuationOf(w.thread);
            if (c != null) continuationOwners.remove(c);
        }
    }

    /** Ends idle workers beyond {@code keep} (they leave through the inbox). */
    private void trimIdleWorkers(int keep) {
        while (idleWorkers.size() > keep) {
            Worker w = idleWorkers.pollFirst();
            retire(w);
            w.quit();
            java.util.concurrent.locks.LockSupport.unpark(w.thread);
        }
    }

    /** Forgets a finished task. Called as the task ends, on its thread (in the loop's context). */
    public void unregister(Task<?> task) {
        tasks.remove(task);
        // Single carrier: a task the JDK woke may end while close() waits for the last one.
        if (single != null && sleeping) wakeup();
    }

    /** A snapshot of the live tasks. */
    public List<Task<?>> allTasks() {
        return tasks.snapshot();
    }

    @Override
    public void setTaskFactory(TaskFactory factory) {
        this.taskFactory = factory;
    }

    @Override
    public TaskFactory getTaskFactory() {
        return taskFactory;
    }

    // =================================================================== executors

    @Override
    public <T> Future<T> runInExecutor(Executor executor, Coroutine<T> fn) {
        if (fn == null) throw new NullPointerException("runInExecutor: the function to run is null");
        checkNotClosed();
        if (executor == null && executorShutdownCalled) {
            throw new IllegalStateException("Executor shutdown has been called");
        }
        Future<T> fut = createFuture();
        Executor ex = executor != null ? executor : defaultExecutor();
        FutureAccess access = FutureAccess.get();
        externalJobs.incrementAndGet();
        Runnable job = () -> {
            try {
                if (!fut.isDone()) access.trySetResult(fut, fn.call());
            } catch (Throwable e) {
                access.trySetException(fut, e);
            } finally {
                if (externalJobs.decrementAndGet() == 0) wakeup();
            }
        };
        try {
            ex.execute(job);
        } catch (RejectedExecutionException e) {
            externalJobs.decrementAndGet();
            access.trySetException(fut, e);
        }
        return fut;
    }

    private Executor defaultExecutor() {
        Executor ex = defaultExecutor;
        if (ex != null) return ex;
        synchronized (this) {
            if (defaultExecutor == null) {
                int max = Math.min(32, Runtime.getRuntime().availableProcessors() + 4);
                AtomicInteger n = new AtomicInteger();
                ThreadPoolExecutor pool = new ThreadPoolExecutor(max, max, 60, TimeUnit.SECONDS,
                        new LinkedBlockingQueue<>(),
                        r -> Thread.ofPlatform().daemon().name("jasyncio-executor-" + id + "-" + n.incrementAndGet())
                                .unstarted(r));
                pool.allowCoreThreadTimeOut(true);
                ownedExecutor = pool;
                defaultExecutor = pool;
            }
            return defaultExecutor;
        }
    }

    @Override
    public void setDefaultExecutor(Executor executor) {
        this.defaultExecutor = executor;
    }

    @Override
    public void shutdownDefaultExecutor() {
        executorShutdownCalled = true;
        ExecutorService owned = ownedExecutor;
        if (owned == null) return;
        owned.shutdown();
        Coroutine<Boolean> waitAll = () -> owned.awaitTermination(Long.MAX_VALUE, TimeUnit.NANOSECONDS);
        if (Task.current() != null) {
            // Parks only this task: JDK waits inside a task leave the loop running.
            try {
                waitAll.call();
            } catch (Exception e) {
                throw new jasyncio.CancelledError("interrupted while shutting down the default executor", e);
            }
        } else {
            refuseBlockingOnLoopThread("shutdownDefaultExecutor()");
            try {
                waitAll.call();
            } catch (Exception e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    // =================================================================== networking (jasyncio.internal.net)

    @Override
    public <P extends BaseProtocol> Connection<P> createConnection(java.util.function.Supplier<P> protocolFactory,
            String host, int port, ConnectionOptions options) {
        return Connector.createConnection(this, protocolFactory, host, port, options);
    }

    @Override
    public <P extends BaseProtocol> Connection<P> createUnixConnection(java.util.function.Supplier<P> protocolFactory,
            java.net.UnixDomainSocketAddress path) {
        return Connector.createUnixConnection(this, protocolFactory, path);
    }

    @Override
    public <P extends BaseProtocol> Connection<P> connectAcceptedSocket(java.util.function.Supplier<P> protocolFactory,
            java.nio.channels.SocketChannel socket) {
        return Connector.connectAcceptedSocket(this, protocolFactory, socket);
    }

    @Override
    public Server createServer(java.util.function.Supplier<? extends BaseProtocol> protocolFactory, String host, int port,
                               ServerOptions options) {
        return Listener.createServer(this, protocolFactory, host, port, options);
    }

    @Override
    public Server createUnixServer(java.util.function.Supplier<? extends BaseProtocol> protocolFactory,
                                   java.net.UnixDomainSocketAddress path, ServerOptions options) {
        return Listener.createUnixServer(this, protocolFactory, path, options);
    }

    @Override
    public List<java.net.InetSocketAddress> getaddrinfo(String host, int port) {
        return Resolver.getaddrinfo(this, host, port);
    }

    @Override
    public NameInfo getnameinfo(java.net.InetSocketAddress address) {
        return Resolver.getnameinfo(this, address);
    }

    @Override
    public void sockConnect(java.nio.channels.SocketChannel sock, java.net.SocketAddress address) {
        SockOps.connect(this, sock, address);
    }

    @Override
    public java.nio.channels.SocketChannel sockAccept(java.nio.channels.ServerSocketChannel sock) {
        return SockOps.accept(this, sock);
    }

    @Override
    public byte[] sockRecv(java.nio.channels.SocketChannel sock, int nbytes) {
        return SockOps.recv(this, sock, nbytes);
    }

    @Override
    public int sockRecvInto(java.nio.channels.SocketChannel sock, java.nio.ByteBuffer buf) {
        return SockOps.recvInto(this, sock, buf);
    }

    @Override
    public void sockSendall(java.nio.channels.SocketChannel sock, java.nio.ByteBuffer data) {
        SockOps.sendall(this, sock, data);
    }

    @Override
    public long sockSendfile(java.nio.channels.SocketChannel sock, java.nio.channels.FileChannel file, long offset,
                             long count) {
        return SockOps.sendfile(this, sock, file, offset, count);
    }

    // =================================================================== errors and debug

    @Override
    public void setExceptionHandler(ExceptionHandler handler) {
        this.exceptionHandler = handler;
    }

    @Override
    public ExceptionHandler getExceptionHandler() {
        return exceptionHandler;
    }

    @Override
    public void callExceptionHandler(ExceptionContext context) {
        ExceptionHandler h = exceptionHandler;
        if (h == null) {
            defaultExceptionHandler(context);
            return;
        }
        try {
            h.handle(this, context);
        } catch (Throwable t) {
            LOG.log(Level.ERROR, "Unhandled error in exception handler", t);
            defaultExceptionHandler(context);
        }
    }

    @Override
    public void defaultExceptionHandler(ExceptionContext context) {
        StringBuilder sb = new StringBuilder(context.message());
        if (context.future() != null) {
            sb.append('\n').append(context.task() != null ? "task: " : "future: ").append(context.future());
        }
        if (context.handle() != null) sb.append("\nhandle: ").append(context.handle());
        LOG.log(Level.ERROR, sb.toString(), context.exception());
    }

    /** Reports from another thread (the cleaner): on the loop if it is open, else right here. */
    void reportLater(ExceptionContext context) {
        if (closed) {
            callExceptionHandler(context);
        } else {
            execute(() -> callExceptionHandler(context));
        }
    }

    @Override
    public void setDebug(boolean enabled) {
        this.debug = enabled;
    }

    @Override
    public boolean getDebug() {
        return debug;
    }

    @Override
    public Duration getSlowCallbackDuration() {
        return Duration.ofNanos(slowCallbackNanos);
    }

    @Override
    public void setSlowCallbackDuration(Duration duration) {
        if (duration.isNegative()) throw new IllegalArgumentException("slowCallbackDuration cannot be negative: " + duration);
        this.slowCallbackNanos = duration.toNanos();
    }

    @Override
    public String toString() {
        return "<EventLoop #" + id + (closed ? " closed" : isRunning() ? " running" : "") + " debug=" + debug + ">";
    }
}
