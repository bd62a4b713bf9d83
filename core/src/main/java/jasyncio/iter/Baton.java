package jasyncio.iter;

import java.lang.ref.Cleaner;
import java.util.Collections;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.locks.LockSupport;

import jasyncio.Task;
import jasyncio.internal.SelectorLoop;

/**
 * One side of a strict hand-off between threads that together act as one flow: a generator's
 * body and whoever resumes it, or the greenlets of one family. Exactly one side runs at a time;
 * control moves only by {@link #pass} (give the turn, wait for it back) and {@link #give} (give
 * it and end). What the sides exchange is written before the turn is given and read after it
 * arrives, so the volatile {@link #turn} orders it.
 *
 * <p>A body's thread is a virtual thread. Made by a task of a loop (or by a body running on a
 * loop), it is scheduled by that loop and each hand-off goes through
 * {@link SelectorLoop#handOff}: the woken side runs at once on the loop thread, with no other task
 * in between, as the single Python thread would. Made elsewhere it uses the JVM's default
 * scheduler. Waiting for the turn is not a cancellation point: an interrupt (how a task's cancel
 * request reaches a thread blocked outside jasyncio) is kept for the next suspension point.
 */
final class Baton {
    /** Closes generators whose handle became unreachable (Python closes them when collected). */
    static final Cleaner CLEANER = Cleaner.create(r -> Thread.ofPlatform().daemon()
            .name("jasyncio-generator-cleaner").unstarted(r));

    /** On a body thread scheduled by a loop: that loop (so bodies it creates run there too). */
    private static final ThreadLocal<SelectorLoop> BODY_LOOP = new ThreadLocal<>();
    private static final Map<SelectorLoop, ThreadFactory> FACTORIES =
            Collections.synchronizedMap(new WeakHashMap<>());

    private final Thread thread;
    /** The loop scheduling {@link #thread}, or null. */
    private final SelectorLoop loop;
    /** Whether {@link #thread} was started; written by the side giving the turn. */
    private volatile boolean started;
    /** Whether this side may run. */
    private volatile boolean turn;

    private Baton(Thread thread, SelectorLoop loop, boolean started) {
        this.thread = thread;
        this.loop = loop;
        this.started = started;
    }

    /** The calling thread's side (a generator's caller, a thread's main greenlet). */
    static Baton ofCurrentThread() {
        return new Baton(Thread.currentThread(), callerLoop(), true);
    }

    /** A side whose new thread will run {@code body} when first given the turn. */
    static Baton newBody(String name, Runnable body) {
        SelectorLoop loop = callerLoop();
        Thread t;
        if (loop == null) {
            t = Thread.ofVirtual().name(name).unstarted(body);
        } else {
            t = FACTORIES.computeIfAbsent(loop, l -> l.threadFactory("jasyncio-body-"))
                    .newThread(() -> {
                        BODY_LOOP.set(loop);
                        body.run();
                    });
            t.setName(name);
        }
        return new Baton(t, loop, false);
    }

    /** The loop the caller runs on as a task or a body, or null (a plain thread or a loop callback). */
    private static SelectorLoop callerLoop() {
        Task<?> task = Task.current();
        if (task != null) return SelectorLoop.of(task.getLoop());
        return BODY_LOOP.get();
    }

    /** The thread of this side. */
    Thread thread() {
        return thread;
    }

    /**
     * Gives the turn to {@code to} and waits until it comes back to {@code me} (the caller's side).
     *
     * @throws IllegalStateException if {@code to} runs on a loop that cannot run it while the
     *                               caller waits: the caller is that loop's thread, or it is stopped
     */
    static void pass(Baton me, Baton to) {
        SelectorLoop l = to.loop;
        if (l != null && l.isLoopThread(Thread.currentThread())) {
            throw new IllegalStateException("a generator or greenlet whose body runs on " + l
                    + " was resumed from a callback of that loop, which would wait for itself;"
                    + " resume it from a task");
        }
        if (l != null && !l.isRunning() && !l.isClosed()) {
            throw new IllegalStateException("a generator or greenlet whose body runs on " + l
                    + " was resumed while that loop is not running; resume it from a task of the loop");
        }
        me.turn = false;
        give(to);
        me.awaitTurn();
    }

    /** Gives the turn to {@code to}, starting its thread on first use, and does not wait. */
    static void give(Baton to) {
        to.turn = true;
        Runnable wake;
        SelectorLoop l = to.loop;
        if (to.started) {
            wake = l != null ? () -> l.wakeTask(null, to.thread) : () -> LockSupport.unpark(to.thread);
        } else {
            to.started = true;
            wake = l != null ? () -> l.startThread(to.thread) : to.thread::start;
        }
        if (to.loop != null) {
            to.loop.handOff(wake);
        } else {
            wake.run();
        }
    }

    /** Parks the calling thread (this side's) until the turn is given to it. */
    void awaitTurn() {
        boolean interrupted = false;
        while (!turn) {
            LockSupport.park(this);
            if (Thread.interrupted()) interrupted = true;
        }
        if (interrupted) Thread.currentThread().interrupt();
    }

    /** Takes the turn away from this side without giving it to anyone (a body nobody waits for). */
    void dropTurn() {
        turn = false;
    }
}
