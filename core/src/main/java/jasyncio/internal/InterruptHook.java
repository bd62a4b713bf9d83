package jasyncio.internal;

import java.util.concurrent.atomic.AtomicInteger;

import sun.misc.SignalHandler;

import jasyncio.EventLoop;
import jasyncio.Task;

/**
 * Ctrl-C for {@link jasyncio.Runner#run}, as asyncio's Runner does it: while the main task runs,
 * the first SIGINT cancels it (on the loop thread, which the signal wakes); the Runner then
 * throws {@link jasyncio.KeyboardInterrupt} if the task ended cancelled. A second SIGINT, or
 * one after the task finished, goes to the handler that was there before (the JVM's: exit 130).
 *
 * <p>Installed only on the JVM's main thread, and only if SIGINT still has the JVM's own
 * handler: a program that installed its own (or an outer Runner's hook) keeps it. Java cannot
 * read a handler without replacing it, so the check installs this hook and puts the other one
 * back at once if it was not the JVM's.
 */
public final class InterruptHook implements SignalHandler {
    private static final sun.misc.Signal SIGINT = Signals.of("INT");

    private final EventLoop loop;
    private final Task<?> mainTask;
    private volatile SignalHandler previous;
    private final AtomicInteger interrupts = new AtomicInteger();

    private InterruptHook(EventLoop loop, Task<?> mainTask) {
        this.loop = loop;
        this.mainTask = mainTask;
    }

    /**
     * Hooks SIGINT for {@code mainTask}, or returns null if this is not the main thread or
     * SIGINT has a handler of the program's own (or the JVM does not let it be caught, -Xrs).
     */
    public static InterruptHook install(EventLoop loop, Task<?> mainTask) {
        if (!isMainThread()) return null;
        InterruptHook hook = new InterruptHook(loop, mainTask);
        SignalHandler old;
        try {
            old = sun.misc.Signal.handle(SIGINT, hook);
        } catch (IllegalArgumentException notCatchable) {
            return null;
        }
        hook.previous = old;
        if (!isJvmDefault(old)) {
            sun.misc.Signal.handle(SIGINT, old); // the program's own handler stays
            return null;
        }
        return hook;
    }

    /** Whether a SIGINT arrived while the hook was installed. */
    public boolean interrupted() {
        return interrupts.get() > 0;
    }

    /** Puts the previous handler back, unless someone replaced this hook meanwhile. */
    public void uninstall() {
        SignalHandler current = sun.misc.Signal.handle(SIGINT, previous);
        if (current != this) sun.misc.Signal.handle(SIGINT, current);
    }

    @Override
    public void handle(sun.misc.Signal sig) {
        int n = interrupts.incrementAndGet();
        if (n == 1 && !mainTask.isDone()) {
            try {
                loop.callSoonThreadsafe(() -> mainTask.cancel());
                return;
            } catch (IllegalStateException closedLoop) {
                // fall through: behave as if the hook were not there
            }
        }
        interruptAsUsual(sig);
    }

    /** What SIGINT does without jasyncio: the previous Java handler, or the OS default. */
    private void interruptAsUsual(sun.misc.Signal sig) {
        SignalHandler p = previous;
        if (p != SignalHandler.SIG_DFL && p != SignalHandler.SIG_IGN) {
            p.handle(sig);
            return;
        }
        if (p == SignalHandler.SIG_IGN) return;
        sun.misc.Signal.handle(sig, SignalHandler.SIG_DFL);
        sun.misc.Signal.raise(sig);
    }

    /**
     * The JVM's own handler (its shutdown on INT, reported wrapped by {@code sun.misc.Signal})
     * or the OS default; anything else was installed by the program.
     */
    private static boolean isJvmDefault(SignalHandler h) {
        return h == SignalHandler.SIG_DFL || h.getClass().getName().startsWith("sun.misc.Signal$");
    }

    /** The thread the launcher ran {@code main} on (Java has no API for it: name and group "main"). */
    private static boolean isMainThread() {
        Thread t = Thread.currentThread();
        ThreadGroup g = t.getThreadGroup();
        return !t.isVirtual() && "main".equals(t.getName()) && g != null && "main".equals(g.getName());
    }

    @Override
    public String toString() {
        return "<jasyncio Runner SIGINT hook of " + mainTask + ">";
    }
}
