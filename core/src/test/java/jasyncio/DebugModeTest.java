package jasyncio;

import static jasyncio.Asyncio.currentTask;
import static jasyncio.Asyncio.sleep;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.ref.WeakReference;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import jasyncio.internal.SelectorLoop;
import jasyncio.internal.Unretrieved;
import jasyncio.internal.VirtualClock;

/**
 * Debug mode: slow callbacks and task steps are reported, failed tasks nobody awaited reach the
 * exception handler when collected, and a task that swallows its cancellation is reported.
 * Slow-step tests are the one place real time matters: a 1 ms threshold against a measured 50 ms
 * busy loop leaves a wide margin either way.
 */
@Timeout(20)
class DebugModeTest {
    private static final Duration THRESHOLD = Duration.ofMillis(1);
    private static final long BUSY_NANOS = 50_000_000L;

    private final SelectorLoop loop = new SelectorLoop(new VirtualClock());
    private EventLoopTest.CapturedLog log;

    @AfterEach
    void tearDown() {
        if (!loop.isClosed()) loop.close();
        if (log != null) log.close();
    }

    /** Holds the calling thread (the loop) for {@link #BUSY_NANOS} of CPU, without sleeping. */
    private static long busy() {
        long start = System.nanoTime();
        long x = 0;
        while (System.nanoTime() - start < BUSY_NANOS) x += start ^ x;
        return x;
    }

    private List<String> warnings() {
        return log.records.stream().filter(r -> r.level().equals("WARNING"))
                .map(EventLoopTest.CapturedLog.Entry::message).toList();
    }

    // ================================================================== slow steps

    @Test
    void slowCallbackDurationDefaultsToOneHundredMillisecondsAndRefusesNegatives() {
        assertThat(loop.getSlowCallbackDuration()).isEqualTo(Duration.ofMillis(100));
        loop.setSlowCallbackDuration(Duration.ofMillis(5));
        assertThat(loop.getSlowCallbackDuration()).isEqualTo(Duration.ofMillis(5));
        assertThatThrownBy(() -> loop.setSlowCallbackDuration(Duration.ofMillis(-1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(loop.getDebug()).isFalse();
        loop.setDebug(true);
        assertThat(loop.getDebug()).isTrue();
    }

    @Test
    void slowCallbackIsReportedWithItsHandleAndDuration() {
        log = new EventLoopTest.CapturedLog();
        loop.setDebug(true);
        loop.setSlowCallbackDuration(THRESHOLD);
        loop.callSoon(new Runnable() {
            @Override
            public void run() {
                busy();
            }

            @Override
            public String toString() {
                return "crunchNumbers";
            }
        });
        loop.callSoon(loop::stop);
        loop.runForever();
        assertThat(warnings()).anySatisfy(m -> assertThat(m)
                .matches("(?s)Executing <Handle crunchNumbers> took \\d+\\.\\d{3} seconds.*"));
    }

    @Test
    void slowTaskStepIsReportedWithTheTasksNameAndWhereItIsNow() {
        log = new EventLoopTest.CapturedLog();
        loop.setDebug(true);
        loop.setSlowCallbackDuration(THRESHOLD);
        loop.runUntilComplete(() -> {
            Task<Void> t = loop.createTask(() -> {
                sleep(0);
                busy(); // a step that holds the loop
                sleep(0.5);
            }, "cruncher");
            t.await();
        });
        assertThat(warnings()).anySatisfy(m -> {
            assertThat(m).startsWith("Executing ").contains("cruncher").containsPattern("took \\d+\\.\\d{3} seconds");
            assertThat(m).contains("the task is now at:").contains("Asyncio.sleep");
        });
    }

    @Test
    void slowStepIsNotReportedWhenDebugModeIsOff() {
        log = new EventLoopTest.CapturedLog();
        loop.setSlowCallbackDuration(THRESHOLD);
        loop.callSoon(DebugModeTest::busy);
        loop.callSoon(loop::stop);
        loop.runForever();
        assertThat(warnings()).isEmpty();
    }

    @Test
    void stepUnderTheThresholdIsNotReported() {
        log = new EventLoopTest.CapturedLog();
        loop.setDebug(true);
        loop.setSlowCallbackDuration(Duration.ofSeconds(30));
        loop.callSoon(DebugModeTest::busy);
        loop.runUntilComplete(() -> {
            sleep(0);
            busy();
        });
        assertThat(warnings()).isEmpty();
    }

    @Test
    void asyncioRunWithDebugReportsSlowSteps() {
        log = new EventLoopTest.CapturedLog();
        Asyncio.run(() -> {
            Asyncio.getRunningLoop().setSlowCallbackDuration(THRESHOLD);
            sleep(0);
            busy();
            sleep(0);
        }, true);
        assertThat(warnings()).anySatisfy(m -> assertThat(m).startsWith("Executing ").contains("took"));
    }

    // ================================================================== unretrieved exceptions

    /** Starts a task that fails; keeps no reference to it. */
    private static void startFailingTask(EventLoop loop, RuntimeException error) {
        loop.createTask(() -> {
            sleep(0);
            throw error;
        }, "doomed");
    }

    @Test
    void exceptionOfAFailedTaskNobodyAwaitedReachesTheHandlerOnceTheTaskIsCollected() throws Exception {
        loop.setDebug(true);
        List<ExceptionContext> reports = Collections.synchronizedList(new ArrayList<>());
        CountDownLatch reported = new CountDownLatch(1);
        loop.setExceptionHandler((l, ctx) -> {
            reports.add(ctx);
            reported.countDown();
        });
        IllegalStateException error = new IllegalStateException("nobody looked at me");
        startFailingTask(loop, error);
        loop.runUntilComplete(() -> sleep(1));
        assertThat(loop.allTasks()).isEmpty();
        for (int i = 0; i < 100 && reported.getCount() > 0; i++) {
            System.gc();
            reported.await(20, TimeUnit.MILLISECONDS); // the cleaner thread queues the report
            loop.runUntilComplete(() -> sleep(0)); // the loop delivers it
        }
        assertThat(reports).singleElement().satisfies(ctx -> {
            assertThat(ctx.message()).startsWith("Task exception was never retrieved").contains("doomed");
            assertThat(ctx.exception()).isSameAs(error);
        });
    }

    /** Runs a task that fails and whose exception is read; returns a weak reference to it. */
    private WeakReference<Task<Void>> failedTaskWhoseExceptionWasRead() {
        Task<Void> read = loop.createTask(() -> {
            throw new IllegalStateException("read");
        }, "read");
        loop.runUntilComplete(() -> assertThatThrownBy(read::await).hasMessage("read"));
        return new WeakReference<>(read);
    }

    @Test
    void exceptionThatWasRetrievedIsNotReportedWhenTheTaskIsCollected() throws Exception {
        List<String> reported = Collections.synchronizedList(new ArrayList<>());
        loop.setExceptionHandler((l, ctx) -> reported.add(ctx.exception().getMessage()));
        WeakReference<Task<Void>> read = failedTaskWhoseExceptionWasRead();
        startFailingTask(loop, new IllegalStateException("unread"));
        loop.runUntilComplete(() -> sleep(1));
        for (int i = 0; i < 100 && (read.get() != null || !reported.contains("unread")); i++) {
            System.gc();
            Thread.sleep(10); // lets the cleaner thread queue the report
            loop.runUntilComplete(() -> sleep(0));
        }
        assertThat(read.get()).as("the task whose exception was read has been collected").isNull();
        // A probe passed through the same cleaner afterwards: once its report is in, anything the
        // cleaner had for the collected task has been delivered as well.
        Unretrieved.watch(new Future<Void>(loop), loop, new IllegalStateException("probe"));
        for (int i = 0; i < 100 && !reported.contains("probe"); i++) {
            System.gc();
            Thread.sleep(10);
            loop.runUntilComplete(() -> sleep(0));
        }
        assertThat(reported).containsExactly("unread", "probe");
    }

    // ================================================================== swallowed cancellation

    @Test
    void taskThatSwallowsItsCancellationIsReportedInDebugMode() {
        loop.setDebug(true);
        List<ExceptionContext> reports = new ArrayList<>();
        loop.setExceptionHandler((l, ctx) -> reports.add(ctx));
        Task<String> stubborn = loop.createTask(() -> {
            try {
                sleep(10);
            } catch (CancelledError e) {
                return "swallowed";
            }
            return "slept";
        }, "stubborn");
        loop.runUntilComplete(() -> {
            sleep(1);
            stubborn.cancel();
            assertThat(stubborn.await()).isEqualTo("swallowed");
        });
        assertThat(reports).singleElement().satisfies(ctx -> {
            assertThat(ctx.message()).contains("stubborn").contains("cancelled but finished normally");
            assertThat(ctx.task()).isSameAs(stubborn);
        });
    }

    @Test
    void taskThatSwallowsACancellationDeliveredAtAYieldIsReportedToo() {
        loop.setDebug(true);
        List<ExceptionContext> reports = new ArrayList<>();
        loop.setExceptionHandler((l, ctx) -> reports.add(ctx));
        loop.runUntilComplete(() -> {
            Task<?> me = currentTask();
            try {
                me.cancel();
                sleep(0);
            } catch (CancelledError e) {
                // swallowed
            }
        });
        assertThat(reports).singleElement().satisfies(ctx ->
                assertThat(ctx.message()).contains("cancelled but finished normally"));
    }

    @Test
    void swallowedCancellationIsNotReportedWhenDebugModeIsOff() {
        List<ExceptionContext> reports = new ArrayList<>();
        loop.setExceptionHandler((l, ctx) -> reports.add(ctx));
        Task<String> stubborn = loop.createTask(() -> {
            try {
                sleep(10);
            } catch (CancelledError e) {
                return "swallowed";
            }
            return "slept";
        });
        loop.runUntilComplete(() -> {
            sleep(1);
            stubborn.cancel();
            stubborn.await();
        });
        assertThat(reports).isEmpty();
    }

    @Test
    void refusingACancellationWithUncancelIsNotReported() {
        loop.setDebug(true);
        List<ExceptionContext> reports = new ArrayList<>();
        loop.setExceptionHandler((l, ctx) -> reports.add(ctx));
        Task<String> deliberate = loop.createTask(() -> {
            try {
                sleep(10);
            } catch (CancelledError e) {
                currentTask().uncancel();
                return "refused on purpose";
            }
            return "slept";
        });
        loop.runUntilComplete(() -> {
            sleep(1);
            deliberate.cancel();
            assertThat(deliberate.await()).isEqualTo("refused on purpose");
        });
        assertThat(reports).isEmpty();
    }

    @Test
    void expiredTimeoutIsNotMistakenForASwallowedCancellation() {
        loop.setDebug(true);
        List<ExceptionContext> reports = new ArrayList<>();
        loop.setExceptionHandler((l, ctx) -> reports.add(ctx));
        String v = loop.runUntilComplete(() -> {
            try {
                Asyncio.timeout(1, () -> sleep(10));
            } catch (TimeoutError e) {
                return "timed out";
            }
            return "not timed out";
        });
        assertThat(v).isEqualTo("timed out");
        assertThat(reports).isEmpty();
    }

    // ================================================================== dumping tasks

    @Test
    void dumpTasksListsEveryLiveTaskWithItsStack() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        loop.runUntilComplete(() -> {
            Task<Void> a = loop.createTask(() -> sleep(100), "sleeper-a");
            Task<Void> b = loop.createTask(() -> sleep(200), "sleeper-b");
            sleep(0);
            Asyncio.dumpTasks(loop, new PrintStream(out, true, StandardCharsets.UTF_8));
            a.cancel();
            b.cancel();
        });
        String dump = out.toString(StandardCharsets.UTF_8);
        assertThat(dump).startsWith("3 live task(s)").contains("sleeper-a").contains("sleeper-b")
                .contains("Asyncio.sleep");
    }
}
