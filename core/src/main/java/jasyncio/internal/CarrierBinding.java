package jasyncio.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.util.ArrayDeque;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;

/**
 * The one place that reaches into the JDK to give virtual threads a scheduler of our choosing.
 *
 * <p>JDK 25 has no public API for a custom virtual-thread scheduler. This class picks, once, at
 * first use, the first binding that works, in this order (DESIGN §2):
 * <ol>
 *   <li>a public {@code Thread.Builder.OfVirtual.scheduler(Executor)} method, if the running JDK
 *       has one (OpenJDK's loom branch is heading there);</li>
 *   <li>the package-private constructor {@code java.lang.ThreadBuilders$VirtualThreadBuilder(Executor)};</li>
 *   <li>the builder's private {@code scheduler} field, set on a default builder;</li>
 *   <li>otherwise it fails with an {@link IllegalStateException} naming the exact JVM flag.</li>
 * </ol>
 * Whichever binding is picked must pass a self-test: a virtual thread started through it runs,
 * parks and resumes only through the given executor.
 *
 * <p>It also initialises the JDK's socket poller from a platform thread (research hazard 2: if
 * the first blocking socket call of the JVM happens inside a loop task, the JDK's sub-pollers
 * inherit that loop as their scheduler) and gives access to a virtual thread's
 * {@code runContinuation}, which debug mode uses to name the task behind a slow step.
 *
 * <p>Thread-safe; all state is computed once.
 */
public final class CarrierBinding {
    /** The flag a class-path application needs; see {@link #requiredFlag()}. */
    private static final String OPENS = "--add-opens java.base/java.lang=";

    private static volatile Binding binding;
    private static final VarHandle RUN_CONTINUATION = runContinuationHandle();
    private static final VarHandle CARRIER = carrierHandle();
    private static final VarHandle THREAD_LOCALS = threadField("threadLocals");
    private static final VarHandle INHERITABLE_THREAD_LOCALS = threadField("inheritableThreadLocals");

    private CarrierBinding() {}

    /** How a virtual thread with a custom scheduler is built. */
    @FunctionalInterface
    private interface Binding {
        Thread.Builder.OfVirtual builder(Executor scheduler) throws ReflectiveOperationException;
    }

    /**
     * A thread factory whose virtual threads are scheduled by {@code scheduler}, named
     * {@code namePrefix} and a counter, or unnamed (as the JDK's own virtual threads) when
     * {@code namePrefix} is null. The factory is thread-safe (the builder is not, so only the
     * factory is handed out).
     *
     * @throws IllegalStateException if no binding works on this JVM; the message names the flag
     */
    public static ThreadFactory factory(Executor scheduler, String namePrefix) {
        try {
            Thread.Builder.OfVirtual b = binding().builder(scheduler);
            return (namePrefix == null ? b : b.name(namePrefix, 1)).factory();
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw unavailable(e);
        }
    }

    /** The JVM flag that opens {@code java.lang} to this module, as the user must type it. */
    public static String requiredFlag() {
        Module m = CarrierBinding.class.getModule();
        return OPENS + (m.isNamed() ? m.getName() : "ALL-UNNAMED");
    }

    /**
     * The runnable that the JDK hands to a virtual thread's scheduler each time it resumes, or
     * null when it cannot be read. Lets the loop tell which task a queued runnable belongs to.
     */
    public static Runnable continuationOf(Thread t) {
        if (RUN_CONTINUATION == null || !t.isVirtual()) return null;
        try {
            return (Runnable) RUN_CONTINUATION.get(t);
        } catch (RuntimeException e) {
            return null;
        }
    }

    /**
     * The platform thread carrying {@code t} if it is a mounted virtual thread, {@code t} itself
     * if it is a platform thread, null otherwise (or if the carrier cannot be read).
     */
    public static Thread carrierOf(Thread t) {
        if (!t.isVirtual()) return t;
        return CARRIER == null ? null : (Thread) CARRIER.getVolatile(t);
    }

    /**
     * Makes a pooled thread look fresh to the next task: drops its thread-local values and its
     * interrupt status. Must be called by {@code t} itself.
     */
    public static void resetThreadState(Thread t) {
        Thread.interrupted();
        if (THREAD_LOCALS != null && THREAD_LOCALS.get(t) != null) THREAD_LOCALS.set(t, null);
        if (INHERITABLE_THREAD_LOCALS != null && INHERITABLE_THREAD_LOCALS.get(t) != null) {
            INHERITABLE_THREAD_LOCALS.set(t, null);
        }
    }

    /** Whether a loop can be made on this JVM; never throws. */
    public static boolean isAvailable() {
        try {
            binding();
            return true;
        } catch (IllegalStateException e) {
            return false;
        }
    }

    private static Binding binding() {
        Binding b = binding;
        if (b != null) return b;
        synchronized (CarrierBinding.class) {
            if (binding == null) {
                prewarmPoller();
                binding = select();
            }
            return binding;
        }
    }

    private static Binding select() {
        RuntimeException firstFailure = null;
        for (Binding candidate : new Binding[] {
                CarrierBinding::publicApi, CarrierBinding::constructor, CarrierBinding::schedulerField}) {
            try {
                selfTest(candidate);
                return candidate;
            } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
                if (firstFailure == null || !(e instanceof NoSuchMethodException)) {
                    firstFailure = e instanceof RuntimeException re ? re : new IllegalStateException(e);
                }
            }
        }
        throw unavailable(firstFailure);
    }

    private static Thread.Builder.OfVirtual publicApi(Executor scheduler) throws ReflectiveOperationException {
        Thread.Builder.OfVirtual b = Thread.ofVirtual();
        Method m = Thread.Builder.OfVirtual.class.getMethod("scheduler", Executor.class);
        return (Thread.Builder.OfVirtual) m.invoke(b, scheduler);
    }

    private static Thread.Builder.OfVirtual constructor(Executor scheduler) throws ReflectiveOperationException {
        Class<?> c = Class.forName("java.lang.ThreadBuilders$VirtualThreadBuilder");
        Constructor<?> ctor = c.getDeclaredConstructor(Executor.class);
        ctor.setAccessible(true);
        return (Thread.Builder.OfVirtual) ctor.newInstance(scheduler);
    }

    private static Thread.Builder.OfVirtual schedulerField(Executor scheduler) throws ReflectiveOperationException {
        Thread.Builder.OfVirtual b = Thread.ofVirtual();
        Field f = b.getClass().getDeclaredField("scheduler");
        f.setAccessible(true);
        f.set(b, scheduler);
        return b;
    }

    /**
     * Starts a virtual thread through {@code candidate} on a recording executor and checks that
     * its start, its park and its resumption all went through that executor.
     */
    private static void selfTest(Binding candidate) throws ReflectiveOperationException {
        Queue<Runnable> submitted = new ConcurrentLinkedQueue<>();
        Executor recorder = submitted::add;
        AtomicBoolean ran = new AtomicBoolean();
        AtomicBoolean resumed = new AtomicBoolean();
        Thread caller = Thread.currentThread();
        Thread t = candidate.builder(recorder).name("jasyncio-selftest").unstarted(() -> {
            ran.set(caller != Thread.currentThread());
            LockSupport.park();
            resumed.set(true);
        });
        t.start();
        Queue<Runnable> local = new ArrayDeque<>();
        if (!drainInto(submitted, local) || !runAll(local) || !ran.get()) {
            throw new IllegalStateException("self-test: the virtual thread did not start through its scheduler");
        }
        LockSupport.unpark(t);
        if (!drainInto(submitted, local) || !runAll(local) || !resumed.get()) {
            throw new IllegalStateException("self-test: the virtual thread did not resume through its scheduler");
        }
    }

    private static boolean drainInto(Queue<Runnable> from, Queue<Runnable> to) {
        Runnable r;
        while ((r = from.poll()) != null) to.add(r);
        return !to.isEmpty();
    }

    private static boolean runAll(Queue<Runnable> q) {
        Runnable r;
        while ((r = q.poll()) != null) r.run();
        return true;
    }

    /** Research hazard 2: keep the JDK's I/O sub-pollers off every loop. */
    private static void prewarmPoller() {
        Runnable init = () -> {
            try {
                Class.forName("sun.nio.ch.Poller", true, null);
            } catch (ClassNotFoundException | LinkageError ignored) {
                // A JDK without this class has no sub-pollers to capture.
            }
        };
        if (Thread.currentThread().isVirtual()) {
            Thread t = Thread.ofPlatform().name("jasyncio-poller-init").start(init);
            try {
                t.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        } else {
            init.run();
        }
    }

    private static VarHandle runContinuationHandle() {
        try {
            Class<?> vt = Class.forName("java.lang.VirtualThread");
            return MethodHandles.privateLookupIn(vt, MethodHandles.lookup())
                    .findVarHandle(vt, "runContinuation", Runnable.class);
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }

    private static VarHandle carrierHandle() {
        try {
            Class<?> vt = Class.forName("java.lang.VirtualThread");
            return MethodHandles.privateLookupIn(vt, MethodHandles.lookup())
                    .findVarHandle(vt, "carrierThread", Thread.class);
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }

    private static VarHandle threadField(String name) {
        try {
            return MethodHandles.privateLookupIn(Thread.class, MethodHandles.lookup())
                    .findVarHandle(Thread.class, name, Class.forName("java.lang.ThreadLocal$ThreadLocalMap"));
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }

    private static IllegalStateException unavailable(Throwable cause) {
        return new IllegalStateException(
                "jasyncio cannot schedule virtual threads on its event loop in this JVM (Java "
                        + Runtime.version() + "). Start the JVM with: " + requiredFlag()
                        + " (on the module path open java.lang to the module '"
                        + moduleNameForMessage() + "'; in a jar manifest: 'Add-Opens: java.base/java.lang')."
                        + " Cause: " + cause, cause);
    }

    private static String moduleNameForMessage() {
        Module m = CarrierBinding.class.getModule();
        return m.isNamed() ? m.getName() : "jasyncio.core";
    }
}
