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
 *   <li>the single-carrier mode, if the JVM runs the JDK's default virtual-thread scheduler on
 *       exactly one carrier thread ({@code -Djdk.virtualThreadScheduler.parallelism=1
 *       -Djdk.virtualThreadScheduler.maxPoolSize=1}): no custom scheduler at all; each loop
 *       runs as a virtual thread on that carrier beside its tasks ({@link SingleCarrier});</li>
 *   <li>otherwise it fails with an {@link IllegalStateException} naming both fixes: the exact
 *       {@code --add-opens} flag, or the two properties.</li>
 * </ol>
 * The first three must pass a self-test: a virtual thread started through the binding runs,
 * parks and resumes only through the given executor. The single-carrier mode is chosen from the
 * two properties, computed the way the JDK computes its default scheduler's size (so
 * {@code maxPoolSize=1} alone, which caps the parallelism at 1, is enough); they must be given on
 * the command line, as the JDK reads them once when it makes its scheduler.
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

    /** The two system properties that size the JDK's default virtual-thread scheduler. */
    private static final String PARALLELISM = "jdk.virtualThreadScheduler.parallelism";
    private static final String MAX_POOL_SIZE = "jdk.virtualThreadScheduler.maxPoolSize";
    /** What a user types to get the single-carrier mode. */
    private static final String SINGLE_CARRIER_FLAGS = "-D" + PARALLELISM + "=1 -D" + MAX_POOL_SIZE + "=1";

    /** Stands for the single-carrier mode: there is no scheduler to bind. */
    private static final Binding SINGLE_CARRIER = scheduler -> {
        throw new IllegalStateException("this JVM runs jasyncio in the single-carrier mode, where virtual"
                + " threads cannot be given a scheduler; loops make their threads through SingleCarrier");
    };

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
     * @throws IllegalStateException if no binding works on this JVM (the message names both
     *                               fixes), or in the single-carrier mode, which has none
     */
    public static ThreadFactory factory(Executor scheduler, String namePrefix) {
        Binding b = binding();
        try {
            Thread.Builder.OfVirtual builder = b.builder(scheduler);
            return (namePrefix == null ? builder : builder.name(namePrefix, 1)).factory();
        } catch (IllegalStateException e) {
            throw e;
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

    /**
     * Whether this JVM runs loops in the single-carrier mode (no custom scheduler available, the
     * default scheduler has one carrier): see {@link SingleCarrier}.
     *
     * @throws IllegalStateException if no mode works on this JVM; the message names both fixes
     */
    public static boolean singleCarrier() {
        return binding() == SINGLE_CARRIER;
    }

    /** The JVM options that select the single-carrier mode, as the user must type them. */
    public static String singleCarrierFlags() {
        return SINGLE_CARRIER_FLAGS;
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
        if (defaultSchedulerHasOneCarrier()) return SINGLE_CARRIER;
        throw unavailable(firstFailure);
    }

    /**
     * Whether the JDK's default virtual-thread scheduler has exactly one carrier and may never
     * add one (no compensation for blocking calls).
     */
    static boolean defaultSchedulerHasOneCarrier() {
        int[] size = defaultSchedulerSize();
        return size != null && size[0] == 1 && size[1] == 1;
    }

    /**
     * {parallelism, maxPoolSize} of the JDK's default scheduler, computed from the properties as
     * {@code VirtualThread} computes them: parallelism defaults to the processor count and is
     * capped by maxPoolSize, which defaults to max(parallelism, 256). Null if a value is not a
     * number (the JDK itself refuses it).
     */
    private static int[] defaultSchedulerSize() {
        try {
            String p = System.getProperty(PARALLELISM);
            String m = System.getProperty(MAX_POOL_SIZE);
            int parallelism = p != null ? Integer.parseInt(p.trim()) : Runtime.getRuntime().availableProcessors();
            int maxPoolSize;
            if (m != null) {
                maxPoolSize = Integer.parseInt(m.trim());
                parallelism = Math.min(parallelism, maxPoolSize);
            } else {
                maxPoolSize = Math.max(parallelism, 256);
            }
            return new int[] {parallelism, maxPoolSize};
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** What this JVM's properties make of the default scheduler, for the error message. */
    private static String schedulerProperties() {
        if (System.getProperty(PARALLELISM) == null && System.getProperty(MAX_POOL_SIZE) == null) return "";
        int[] size = defaultSchedulerSize();
        if (size == null) {
            return " (this JVM's " + PARALLELISM + "/" + MAX_POOL_SIZE + " values are not numbers)";
        }
        return " (with this JVM's settings the default scheduler has parallelism=" + size[0]
                + " and maxPoolSize=" + size[1] + "; both must be 1)";
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
                        + moduleNameForMessage() + "'; in a jar manifest: 'Add-Opens: java.base/java.lang'),"
                        + " or, to run every loop and its tasks on the JDK's one virtual-thread carrier"
                        + " (no parallel virtual threads in the whole JVM), with: " + SINGLE_CARRIER_FLAGS
                        + schedulerProperties() + ". Cause: " + cause, cause);
    }

    private static String moduleNameForMessage() {
        Module m = CarrierBinding.class.getModule();
        return m.isNamed() ? m.getName() : "jasyncio.core";
    }
}
