package jasyncio.testing;

import java.lang.reflect.Executable;
import java.lang.reflect.Method;
import java.util.concurrent.atomic.AtomicInteger;

import jasyncio.Coroutine;
import jasyncio.EventLoop;
import jasyncio.Task;
import jasyncio.VoidCoroutine;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * A JUnit 5 extension that gives each test a fresh event loop, on a {@link TestClock} unless
 * asked for real time, and fails the test if it leaves a mess behind.
 *
 * <p>After each test (after its {@code @AfterEach} methods) it fails the test when:
 * <ul>
 *   <li>a task is still alive on a loop: the failure names each task and shows its stack;</li>
 *   <li>an error reached a loop's exception handler: a callback threw, or a task failed and
 *       nobody retrieved its exception ("Task exception was never retrieved": if a task failed,
 *       the extension collects garbage a few times so that the unreferenced ones get reported);</li>
 *   <li>a loop made by {@link #newEventLoop()} was not closed, or a loop is still running.</li>
 * </ul>
 * Then it closes every loop, cancelling the tasks left. Loops run in debug mode unless
 * {@link #withDebug(boolean) withDebug(false)}, as in asyncio's {@code IsolatedAsyncioTestCase}, so
 * a task that swallows its cancellation is reported too. A test that sets its own exception
 * handler on a loop receives that loop's errors itself, and the extension does not see them.
 *
 * <p>Two ways to use it. Declared, test and lifecycle methods take an {@link EventLoop} or
 * {@link TestClock} parameter:
 * <pre>{@code
 * @ExtendWith(AsyncioExtension.class)
 * class CacheTest {
 *     @Test
 *     void entryExpiresAfterItsTtl(EventLoop loop, TestClock clock) {
 *         loop.runUntilComplete(() -> { ... sleep(60); ... });
 *     }
 * }
 * }</pre>
 * Registered on an instance field, for options and the {@link #run} helper:
 * <pre>{@code
 * @RegisterExtension
 * final AsyncioExtension asyncio = new AsyncioExtension().withRealClock();
 *
 * @Test
 * void serverAnswers() {
 *     String reply = asyncio.run(() -> client.get("/"));
 * }
 * }</pre>
 *
 * <p>Thread-safety: an instance serves one test at a time; register it on an instance field
 * (not a static one) when tests run in parallel. Immutable configuration.
 */
public final class AsyncioExtension implements BeforeEachCallback, AfterEachCallback, ParameterResolver {
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(AsyncioExtension.class);

    private final boolean realClock;
    private final boolean debug;
    /** The session of the test this instance serves, for {@link #run} and {@link #loop()}. */
    private volatile Session current;
    /** How many tests this instance serves right now; more than one makes {@link #current} ambiguous. */
    private final AtomicInteger serving = new AtomicInteger();

    /** Virtual clock, debug mode on. */
    public AsyncioExtension() {
        this(false, true);
    }

    private AsyncioExtension(boolean realClock, boolean debug) {
        this.realClock = realClock;
        this.debug = debug;
    }

    /** A copy whose loops run on the system clock: timers wait in real time; no {@link TestClock}. */
    public AsyncioExtension withRealClock() {
        return new AsyncioExtension(true, debug);
    }

    /** A copy whose loops run with debug mode set to {@code enabled}. */
    public AsyncioExtension withDebug(boolean enabled) {
        return new AsyncioExtension(realClock, enabled);
    }

    // ---------------------------------------------------------------- for the test body

    /**
     * Runs {@code main} as a task on the test's loop until it is done, and returns its value
     * ({@link EventLoop#runUntilComplete}); the loop stays open for further runs.
     *
     * @throws IllegalStateException if called outside a test, or from a task of a running loop
     */
    public <T> T run(Coroutine<T> main) {
        Session s = session();
        Task<T> task = s.main.createTask(main);
        try {
            return s.main.runUntilComplete(task);
        } finally {
            s.retrieved(task); // its exception, if any, is what this call throws
        }
    }

    /** Runs a coroutine without a value; see {@link #run(Coroutine)}. */
    public void run(VoidCoroutine main) {
        run(main.asCoroutine());
    }

    /** The running test's event loop. */
    public EventLoop loop() {
        return session().main;
    }

    /**
     * The running test's virtual clock.
     *
     * @throws IllegalStateException if the extension runs on the real clock
     */
    public TestClock clock() {
        TestClock c = session().clock();
        if (c == null) throw new IllegalStateException(noClock());
        return c;
    }

    /**
     * Another loop for the running test, on the same clock as {@link #loop()}, watched like it.
     * The test owns it: it must close it before it ends, or the test fails.
     */
    public EventLoop newEventLoop() {
        return session().newLoop(true);
    }

    private Session session() {
        Session s = current;
        if (s == null) {
            throw new IllegalStateException("AsyncioExtension has no running test; use it inside a test method,"
                    + " with the extension registered (@RegisterExtension on an instance field)");
        }
        if (serving.get() > 1) {
            throw new IllegalStateException("this AsyncioExtension serves several tests at once (a static field,"
                    + " with parallel execution?); register it on an instance field");
        }
        return s;
    }

    // ---------------------------------------------------------------- JUnit callbacks

    @Override
    public void beforeEach(ExtensionContext context) {
        Session s = new Session(realClock ? null : new TestClock(), debug);
        context.getStore(NAMESPACE).put(Session.class, s);
        serving.incrementAndGet();
        current = s;
    }

    @Override
    public void afterEach(ExtensionContext context) {
        Session s = context.getStore(NAMESPACE).remove(Session.class, Session.class);
        if (s == null) return;
        try {
            s.finish(); // tasks cancelled by closing may still use loop() in their cleanup
        } finally {
            serving.decrementAndGet();
            if (current == s) current = null;
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        return (type == EventLoop.class || type == TestClock.class) && isMethodOfTest(parameter.getDeclaringExecutable(), context);
    }

    private static boolean isMethodOfTest(Executable executable, ExtensionContext context) {
        return executable instanceof Method && context.getTestMethod().isPresent();
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        Session s = context.getStore(NAMESPACE).get(Session.class, Session.class);
        if (s == null) throw new ParameterResolutionException("AsyncioExtension has no loop for this test yet");
        if (parameter.getParameter().getType() == EventLoop.class) return s.main;
        if (s.clock() == null) throw new ParameterResolutionException(noClock());
        return s.clock();
    }

    private static String noClock() {
        return "this test's loop runs on the real clock (AsyncioExtension.withRealClock()), so there is no TestClock";
    }

    @Override
    public String toString() {
        return "AsyncioExtension[" + (realClock ? "real clock" : "virtual clock") + ", debug=" + debug + "]";
    }
}
