package jasyncio;

import static jasyncio.Asyncio.createTask;
import static jasyncio.Asyncio.currentTask;
import static jasyncio.Asyncio.sleep;
import static jasyncio.Asyncio.toThread;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.io.IOException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import jasyncio.internal.SelectorLoop;
import jasyncio.internal.VirtualClock;

/**
 * The event loop's own contract, re-expressed from CPython's test_events.py and
 * test_base_events.py: running and stopping, closing, callback and timer order, handles, time,
 * executors, the exception handler and the task factory. Virtual clock unless a test says why.
 */
@Timeout(10)
class EventLoopTest {
    private final VirtualClock clock = new VirtualClock();
    private final SelectorLoop loop = new SelectorLoop(clock);
    private final List<ExecutorService> pools = new ArrayList<>();
    private CapturedLog log;

    @AfterEach
    void tearDown() {
        if (!loop.isClosed()) loop.close();
        pools.forEach(ExecutorService::shutdownNow);
        if (log != null) log.close();
    }

    private ExecutorService pool(int threads) {
        ExecutorService p = Executors.newFixedThreadPool(threads);
        pools.add(p);
        return p;
    }

    /**
     * Records (and silences) what the "jasyncio" logger publishes while installed. The default
     * System.Logger backend is java.util.logging; it is reached reflectively because the tests
     * are compiled inside the core module, which does not read java.logging. A JUL
     * {@code Filter} sees every record the logger would publish.
     */
    static final class CapturedLog implements AutoCloseable {
        /** One published record: level name (SEVERE, WARNING…), raw message, attached exception. */
        record Entry(String level, String message, Throwable thrown) {}

        final List<Entry> records = Collections.synchronizedList(new ArrayList<>());
        private final Object logger;
        private final Object previousFilter;
        private final Method setFilter;

        CapturedLog() {
            try {
                Class<?> loggerClass = Class.forName("java.util.logging.Logger");
                Class<?> filterClass = Class.forName("java.util.logging.Filter");
                Class<?> recordClass = Class.forName("java.util.logging.LogRecord");
                Method getLevel = recordClass.getMethod("getLevel");
                Method getMessage = recordClass.getMethod("getMessage");
                Method getThrown = recordClass.getMethod("getThrown");
                logger = loggerClass.getMethod("getLogger", String.class).invoke(null, "jasyncio");
                previousFilter = loggerClass.getMethod("getFilter").invoke(logger);
                setFilter = loggerClass.getMethod("setFilter", filterClass);
                Object filter = Proxy.newProxyInstance(CapturedLog.class.getClassLoader(), new Class<?>[] {filterClass},
                        (proxy, m, args) -> switch (m.getName()) {
                            case "isLoggable" -> {
                                Object r = args[0];
                                records.add(new Entry(String.valueOf(getLevel.invoke(r)), (String) getMessage.invoke(r),
                                        (Throwable) getThrown.invoke(r)));
                                yield false;
                            }
                            case "hashCode" -> System.identityHashCode(proxy);
                            case "equals" -> proxy == args[0];
                            default -> "CapturedLog filter";
                        });
                setFilter.invoke(logger, filter);
            } catch (ReflectiveOperationException e) {
                throw new AssertionError("cannot capture the jasyncio log", e);
            }
        }

        @Override
        public void close() {
            try {
                setFilter.invoke(logger, previousFilter);
            } catch (ReflectiveOperationException e) {
                throw new AssertionError(e);
            }
        }

        List<String> messages() {
            synchronized (records) {
                return records.stream().map(Entry::message).toList();
            }
        }
    }

    // ================================================================== runUntilComplete

    @Test
    void runUntilCompleteReturnsTheResultOfAFuture() {
        Future<String> fut = loop.createFuture();
        loop.callSoon(() -> fut.setResult("done"));
        assertThat(loop.runUntilComplete(fut)).isEqualTo("done");
    }

    @Test
    void runUntilCompleteRunsACoroutineAsATaskAndReturnsItsValue() {
        String v = loop.runUntilComplete(() -> {
            assertThat(currentTask()).isNotNull();
            assertThat(loop.isRunning()).isTrue();
            sleep(0.1);
            return "value";
        });
        assertThat(v).isEqualTo("value");
        assertThat(loop.time()).isEqualTo(0.1);
    }

    @Test
    void runUntilCompleteRethrowsAnUncheckedExceptionAsItself() {
        IllegalStateException boom = new IllegalStateException("boom");
        assertThatThrownBy(() -> loop.runUntilComplete(() -> {
            sleep(0);
            throw boom;
        })).isSameAs(boom);
    }

    @Test
    void runUntilCompleteWrapsACheckedException() {
        assertThatThrownBy(() -> loop.runUntilComplete(() -> {
            throw new IOException("disk");
        })).isInstanceOf(CompletionException.class).hasCauseInstanceOf(IOException.class);
    }

    @Test
    void runUntilCompleteOfACancelledFutureThrowsCancelledError() {
        Future<String> fut = loop.createFuture();
        loop.callSoon(() -> fut.cancel("no longer needed"));
        assertThatThrownBy(() -> loop.runUntilComplete(fut))
                .isInstanceOf(CancelledError.class).hasMessage("no longer needed");
    }

    @Test
    void runUntilCompleteOfADoneFutureReturnsAtOnce() {
        Future<Integer> fut = loop.createFuture();
        fut.setResult(7);
        assertThat(loop.runUntilComplete(fut)).isEqualTo(7);
        assertThat(loop.isRunning()).isFalse();
    }

    @Test
    void runUntilCompleteFailsWhenTheLoopStopsFirstAndTheTaskCanBeFinishedLater() {
        Task<String> task = loop.createTask(() -> {
            loop.stop();
            sleep(0.1);
            return "finished later";
        });
        assertThatThrownBy(() -> loop.runUntilComplete(task))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("Event loop stopped before Future completed.");
        assertThat(task.isDone()).isFalse();
        assertThat(loop.runUntilComplete(task)).isEqualTo("finished later");
    }

    @Test
    void aFutureLeftBehindByAnEarlyStopDoesNotStopALaterRun() {
        Future<Integer> first = loop.createFuture();
        loop.callSoon(loop::stop);
        assertThatThrownBy(() -> loop.runUntilComplete(first)).isInstanceOf(IllegalStateException.class);
        String v = loop.runUntilComplete(() -> {
            first.setResult(1);
            sleep(1);
            return "second run completed";
        });
        assertThat(v).isEqualTo("second run completed");
    }

    @Test
    void runUntilCompleteRefusesAFutureOfAnotherLoop() {
        try (SelectorLoop other = new SelectorLoop(new VirtualClock())) {
            Future<String> foreign = other.createFuture();
            assertThatThrownBy(() -> loop.runUntilComplete(foreign)).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void runUntilCompleteInsideTheRunningLoopIsRefused() {
        Throwable thrown = loop.runUntilComplete(() -> {
            assertThat(loop.isRunning()).isTrue();
            Future<Void> fut = loop.createFuture();
            return catchThrowable(() -> loop.runUntilComplete(fut));
        });
        assertThat(thrown).isInstanceOf(IllegalStateException.class).hasMessageContaining("already running");
    }

    @Test
    void runningALoopInsideATaskOfAnotherLoopIsRefused() {
        try (SelectorLoop inner = new SelectorLoop(new VirtualClock())) {
            Throwable thrown = loop.runUntilComplete(() -> catchThrowable(inner::runForever));
            assertThat(thrown).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("while another loop is running");
        }
    }

    // ================================================================== runForever, stop

    @Test
    void stopFromACallbackEndsRunForever() {
        List<String> results = new ArrayList<>();
        loop.callSoon(() -> {
            results.add("hello world");
            loop.stop();
        });
        loop.runForever();
        assertThat(results).containsExactly("hello world");
        assertThat(loop.isRunning()).isFalse();
    }

    @Test
    void stopFromATimerEndsRunForeverAtThatTime() {
        List<String> results = new ArrayList<>();
        loop.callLater(0.1, () -> {
            results.add("hello world");
            loop.stop();
        });
        loop.runForever();
        assertThat(results).containsExactly("hello world");
        assertThat(loop.time()).isEqualTo(0.1);
    }

    @Test
    void stopFromAnotherThreadEndsRunForever() throws Exception {
        CountDownLatch running = new CountDownLatch(1);
        loop.callSoon(running::countDown);
        Thread runner = Thread.ofPlatform().name("loop-runner").start(loop::runForever);
        running.await();
        assertThat(loop.isRunning()).isTrue();
        loop.stop();
        runner.join(5_000);
        assertThat(runner.isAlive()).isFalse();
        assertThat(loop.isRunning()).isFalse();
    }

    @Test
    void stopBeforeRunForeverRunsExactlyOneIteration() {
        List<String> results = new ArrayList<>();
        loop.callSoon(() -> {
            results.add("A");
            loop.callSoon(() -> results.add("B")); // next iteration
        });
        loop.stop();
        loop.runForever();
        assertThat(results).containsExactly("A");
        loop.callSoon(loop::stop);
        loop.runForever();
        assertThat(results).containsExactly("A", "B");
    }

    @Test
    void stopInsideAnIterationLetsTheRestOfThatBatchRun() {
        List<String> results = new ArrayList<>();
        loop.callSoon(() -> results.add("1"));
        loop.callSoon(loop::stop);
        loop.callSoon(() -> {
            results.add("2");
            loop.callSoon(() -> results.add("3"));
        });
        loop.runForever();
        assertThat(results).containsExactly("1", "2");
    }

    @Test
    void runUntilCompleteAfterAStopRequestRunsOneIterationThenFails() {
        Future<String> fut = loop.createFuture();
        loop.callLater(1, () -> fut.setResult("too late"));
        loop.stop();
        assertThatThrownBy(() -> loop.runUntilComplete(fut))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("Event loop stopped before Future completed.");
        assertThat(loop.runUntilComplete(fut)).isEqualTo("too late");
    }

    @Test
    void schedulingRefusesMissingCallbacksAndNaNTimes() {
        assertThatThrownBy(() -> loop.callSoon(null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> loop.callLater(1, null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> loop.callLater(Double.NaN, () -> {})).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> loop.callAt(Double.NaN, () -> {})).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void loopCanRunAgainAfterStopping() {
        assertThat(loop.runUntilComplete(() -> sleep(1, "first"))).isEqualTo("first");
        assertThat(loop.runUntilComplete(() -> sleep(1, "second"))).isEqualTo("second");
        assertThat(loop.time()).isEqualTo(2.0);
    }

    @Test
    void isRunningIsTrueOnlyWhileTheLoopRuns() {
        assertThat(loop.isRunning()).isFalse();
        boolean[] inCallback = new boolean[1];
        loop.callSoon(() -> inCallback[0] = loop.isRunning());
        boolean inTask = loop.runUntilComplete(() -> loop.isRunning());
        assertThat(inCallback[0]).isTrue();
        assertThat(inTask).isTrue();
        assertThat(loop.isRunning()).isFalse();
        assertThat(loop.isClosed()).isFalse();
    }

    // ================================================================== close

    @Test
    void closeCancelsLiveTasksAndRunsTheirFinallyBlocks() {
        List<String> events = new ArrayList<>();
        Task<Void> sleeper = loop.createTask(() -> {
            try {
                sleep(3600);
            } catch (CancelledError e) {
                events.add("cancelled");
                throw e;
            } finally {
                events.add("finally");
            }
        });
        loop.runUntilComplete(() -> sleep(0.1));
        assertThat(sleeper.isDone()).isFalse();
        loop.close();
        assertThat(events).containsExactly("cancelled", "finally");
        assertThat(sleeper.isCancelled()).isTrue();
        assertThat(loop.isClosed()).isTrue();
    }

    @Test
    void closeCancelsATaskThatNeverStarted() {
        boolean[] ran = {false};
        Task<Void> never = loop.createTask(() -> {
            ran[0] = true;
        });
        loop.close();
        assertThat(never.isCancelled()).isTrue();
        assertThat(ran[0]).isFalse();
    }

    @Test
    void closeWaitsForCleanupThatItselfSuspends() {
        List<String> events = new ArrayList<>();
        Task<Void> t = loop.createTask(() -> {
            try {
                sleep(3600);
            } finally {
                sleep(5);
                events.add("cleanup done at " + loop.time());
            }
        });
        loop.runUntilComplete(() -> sleep(1));
        loop.close();
        assertThat(events).containsExactly("cleanup done at 6.0");
        assertThat(t.isCancelled()).isTrue();
    }

    @Test
    void closeEndsATaskBlockedInAJdkCall() {
        List<String> events = new ArrayList<>();
        java.util.concurrent.BlockingQueue<String> queue = new java.util.concurrent.LinkedBlockingQueue<>();
        Task<String> taker = loop.createTask(() -> {
            try {
                return queue.take();
            } finally {
                events.add("taker finally");
            }
        });
        loop.runUntilComplete(() -> sleep(0.1));
        assertThat(taker.isDone()).isFalse();
        loop.close();
        assertThat(taker.isCancelled()).isTrue();
        assertThat(events).containsExactly("taker finally");
    }

    @Test
    void closeOfARunningLoopIsRefused() {
        Throwable thrown = loop.runUntilComplete(() -> catchThrowable(loop::close));
        assertThat(thrown).isInstanceOf(IllegalStateException.class).hasMessage("Cannot close a running event loop");
        assertThat(loop.isClosed()).isFalse();
    }

    @Test
    void closeIsIdempotent() {
        loop.close();
        loop.close();
        assertThat(loop.isClosed()).isTrue();
    }

    @Test
    void aClosedLoopRefusesToRunOrScheduleAnything() {
        Future<Void> fut = loop.createFuture();
        loop.close();
        List<Runnable> operations = List.of(
                loop::runForever,
                () -> loop.runUntilComplete(fut),
                () -> loop.runUntilComplete(() -> "x"),
                () -> loop.callSoon(() -> {}),
                () -> loop.callSoonThreadsafe(() -> {}),
                () -> loop.callLater(1.0, () -> {}),
                () -> loop.callAt(loop.time(), () -> {}),
                () -> loop.createTask(() -> "x"),
                () -> loop.runInExecutor(null, () -> "x"));
        for (Runnable op : operations) {
            assertThatThrownBy(op::run).isInstanceOf(IllegalStateException.class).hasMessage("Event loop is closed");
        }
    }

    // ================================================================== callbacks and timers

    @Test
    void callSoonRunsCallbacksInFifoOrderAndNewOnesInTheNextIteration() {
        List<String> order = new ArrayList<>();
        loop.callSoon(() -> {
            order.add("1");
            loop.callSoon(() -> order.add("4"));
        });
        loop.callSoon(() -> order.add("2"));
        loop.callSoon(() -> order.add("3"));
        loop.callSoon(() -> loop.callSoon(loop::stop));
        loop.runForever();
        assertThat(order).containsExactly("1", "2", "3", "4");
    }

    @Test
    void callSoonThreadsafeFromAnotherThreadKeepsArrivalOrder() throws Exception {
        List<String> results = Collections.synchronizedList(new ArrayList<>());
        Thread t = Thread.ofPlatform().start(() -> loop.callSoonThreadsafe(() -> results.add("hello")));
        t.join();
        loop.callSoon(() -> results.add("world"));
        loop.callSoon(loop::stop);
        loop.runForever();
        assertThat(results).containsExactly("hello", "world");
    }

    @Test
    void callbackFromAnotherThreadWakesAnIdleLoop() throws Exception {
        List<String> results = Collections.synchronizedList(new ArrayList<>());
        CountDownLatch running = new CountDownLatch(1);
        loop.callSoon(running::countDown);
        Thread runner = Thread.ofPlatform().start(loop::runForever);
        running.await();
        loop.callSoonThreadsafe(() -> {
            results.add("from outside");
            loop.stop();
        });
        runner.join(5_000);
        assertThat(runner.isAlive()).isFalse();
        assertThat(results).containsExactly("from outside");
    }

    @Test
    void theLoopIsAnExecutorForJdkCode() {
        String v = loop.runUntilComplete(() -> {
            CompletableFuture<String> cf = CompletableFuture.supplyAsync(() -> "via execute", loop);
            return Asyncio.wrapFuture(cf).await();
        });
        assertThat(v).isEqualTo("via execute");
    }

    @Test
    void timersFireInDeadlineOrderAndEqualDeadlinesInSchedulingOrder() {
        List<String> order = new ArrayList<>();
        loop.callLater(0.2, () -> order.add("0.2"));
        loop.callLater(0.1, () -> order.add("0.1 first"));
        loop.callLater(0.1, () -> order.add("0.1 second"));
        loop.callAt(0.1, () -> order.add("0.1 third"));
        loop.callLater(0.3, loop::stop);
        loop.runForever();
        assertThat(order).containsExactly("0.1 first", "0.1 second", "0.1 third", "0.2");
    }

    @Test
    void negativeDelaysAreDeadlinesInThePastAndKeepTheirOrder() {
        // asyncio: call_later(-1, a); call_later(-2, b) runs b before a.
        List<String> calls = new ArrayList<>();
        loop.runUntilComplete(() -> sleep(10)); // away from time 0
        loop.callLater(-1, () -> calls.add("a"));
        loop.callLater(-2, () -> calls.add("b"));
        loop.callSoon(loop::stop);
        loop.runForever();
        assertThat(calls).containsExactly("b", "a");
    }

    @Test
    void timerSetBeforeTheLoopRunsIsDueInItsFirstIteration() {
        List<String> calls = new ArrayList<>();
        loop.callLater(0, () -> calls.add("later(0)"));
        loop.stop();
        loop.runForever();
        assertThat(calls).containsExactly("later(0)");
    }

    @Test
    void dueTimersRunAfterTheCallbacksAlreadyReady() {
        List<String> order = new ArrayList<>();
        loop.callLater(0, () -> order.add("later(0)"));
        loop.callSoon(() -> order.add("soon"));
        loop.callSoon(() -> loop.callSoon(loop::stop));
        loop.runForever();
        assertThat(order).containsExactly("soon", "later(0)");
    }

    @Test
    void callAtRunsAtTheGivenLoopTime() {
        double when = loop.time() + 0.1;
        double[] ranAt = new double[1];
        TimerHandle h = loop.callAt(when, () -> {
            ranAt[0] = loop.time();
            loop.stop();
        });
        assertThat(h.when()).isEqualTo(when);
        loop.runForever();
        assertThat(ranAt[0]).isEqualTo(when);
    }

    @Test
    void durationOverloadOfCallLaterUsesSeconds() {
        TimerHandle h = loop.callLater(Duration.ofMillis(1500), loop::stop);
        assertThat(h.when()).isEqualTo(1.5);
        loop.runForever();
        assertThat(loop.time()).isEqualTo(1.5);
    }

    @Test
    void timerScheduledFromAnotherThreadFires() throws Exception {
        CountDownLatch running = new CountDownLatch(1);
        loop.callSoon(running::countDown);
        Thread runner = Thread.ofPlatform().start(loop::runForever);
        running.await();
        loop.callLater(5, loop::stop);
        runner.join(5_000);
        assertThat(runner.isAlive()).isFalse();
        assertThat(loop.time()).isEqualTo(5.0);
    }

    @Test
    void cancelledHandleNeverRuns() {
        List<String> order = new ArrayList<>();
        Handle h = loop.callSoon(() -> order.add("cancelled one"));
        loop.callSoon(() -> order.add("kept"));
        assertThat(h.isCancelled()).isFalse();
        h.cancel();
        assertThat(h.isCancelled()).isTrue();
        loop.callSoon(loop::stop);
        loop.runForever();
        assertThat(order).containsExactly("kept");
    }

    @Test
    void cancelledTimerHandleNeverRunsAndTheLoopDoesNotWaitForIt() {
        List<String> order = new ArrayList<>();
        TimerHandle h = loop.callLater(100, () -> order.add("cancelled timer"));
        loop.callLater(1, () -> order.add("kept timer"));
        h.cancel();
        assertThat(h.isCancelled()).isTrue();
        assertThat(h.when()).isEqualTo(100.0);
        loop.runUntilComplete(() -> sleep(2));
        assertThat(order).containsExactly("kept timer");
        assertThat(loop.time()).isEqualTo(2.0);
    }

    @Test
    void handleThatRanIsNotCancelled() {
        Handle soon = loop.callSoon(() -> {});
        TimerHandle later = loop.callLater(0.5, () -> {});
        loop.runUntilComplete(() -> sleep(1));
        assertThat(soon.isCancelled()).isFalse();
        assertThat(later.isCancelled()).isFalse();
        later.cancel(); // after it ran: allowed, and now it reports the call
        assertThat(later.isCancelled()).isTrue();
    }

    @Test
    void timerCancelledFromAnotherCallbackInTheSameIterationDoesNotRun() {
        List<String> order = new ArrayList<>();
        TimerHandle[] second = new TimerHandle[1];
        loop.callLater(1, () -> {
            order.add("first");
            second[0].cancel();
        });
        second[0] = loop.callLater(1, () -> order.add("second"));
        loop.callLater(2, loop::stop);
        loop.runForever();
        assertThat(order).containsExactly("first");
    }

    // ================================================================== time

    @Test
    void virtualClockJumpsToTheNextTimerWhenTheLoopIsIdle() {
        long t0 = System.nanoTime();
        loop.runUntilComplete(() -> {
            assertThat(loop.time()).isZero();
            sleep(3600);
            assertThat(loop.time()).isEqualTo(3600.0);
        });
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(5));
    }

    @Test
    void virtualClockStandsStillWhileCallbacksRun() {
        List<Double> times = new ArrayList<>();
        loop.callSoon(() -> times.add(loop.time()));
        loop.callSoon(() -> times.add(loop.time()));
        loop.callLater(2, () -> {
            times.add(loop.time());
            loop.stop();
        });
        loop.runForever();
        assertThat(times).containsExactly(0.0, 0.0, 2.0);
    }

    @Test
    void advancingTheVirtualClockMakesTimersDue() {
        List<String> order = new ArrayList<>();
        loop.callLater(5, () -> order.add("due after advance"));
        loop.callSoon(() -> clock.advance(5_000_000_000L));
        loop.callSoon(() -> loop.callSoon(loop::stop));
        loop.runForever();
        assertThat(order).containsExactly("due after advance");
        assertThat(loop.time()).isEqualTo(5.0);
    }

    @Test
    void realClockTimeIsMonotonic() {
        try (SelectorLoop real = new SelectorLoop()) {
            double previous = real.time();
            for (int i = 0; i < 1000; i++) {
                double now = real.time();
                assertThat(now).isGreaterThanOrEqualTo(previous);
                previous = now;
            }
            double t0 = real.time();
            real.runUntilComplete(() -> sleep(0.01));
            assertThat(real.time() - t0).isGreaterThanOrEqualTo(0.009);
        }
    }

    // ================================================================== executors

    @Test
    void runInExecutorWithTheDefaultPoolRunsOffTheLoopThread() {
        Thread[] loopThread = new Thread[1];
        Thread worker = loop.runUntilComplete(() -> {
            loopThread[0] = Thread.currentThread();
            return loop.runInExecutor(null, Thread::currentThread).await();
        });
        assertThat(worker).isNotSameAs(loopThread[0]);
        assertThat(worker.isVirtual()).isFalse();
    }

    @Test
    void runInExecutorUsesTheGivenExecutor() {
        AtomicInteger submitted = new AtomicInteger();
        ExecutorService p = pool(1);
        java.util.concurrent.Executor counting = r -> {
            submitted.incrementAndGet();
            p.execute(r);
        };
        String v = loop.runUntilComplete(() -> loop.runInExecutor(counting, () -> "from pool").await());
        assertThat(v).isEqualTo("from pool");
        assertThat(submitted).hasValue(1);
    }

    @Test
    void runInExecutorRethrowsTheFunctionsException() {
        loop.runUntilComplete(() -> {
            IllegalStateException boom = new IllegalStateException("boom");
            Future<Object> failed = loop.runInExecutor(null, () -> {
                throw boom;
            });
            assertThatThrownBy(failed::await).isSameAs(boom);
            Future<Object> checked = loop.runInExecutor(null, () -> {
                throw new IOException("io");
            });
            assertThatThrownBy(checked::await).isInstanceOf(CompletionException.class)
                    .hasCauseInstanceOf(IOException.class);
        });
    }

    @Test
    void runInExecutorFutureCancelledBeforeTheJobStartsKeepsTheFunctionFromRunning() throws Exception {
        ExecutorService single = pool(1);
        CountDownLatch release = new CountDownLatch(1);
        single.execute(() -> {
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        AtomicInteger calls = new AtomicInteger();
        Future<Integer> fut = loop.runInExecutor(single, calls::incrementAndGet);
        assertThat(fut.cancel()).isTrue();
        release.countDown();
        single.shutdown();
        assertThat(single.awaitTermination(5, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        assertThat(calls).hasValue(0);
        assertThat(fut.isCancelled()).isTrue();
    }

    @Test
    void virtualClockDoesNotJumpWhileAnExecutorJobRuns() {
        loop.runUntilComplete(() -> {
            Future<String> job = loop.runInExecutor(null, () -> {
                Thread.sleep(50);
                return "job";
            });
            Throwable thrown = catchThrowable(() -> Asyncio.waitFor(job, 3600));
            assertThat(thrown).isNull();
            assertThat(loop.time()).isLessThan(3600.0);
        });
    }

    @Test
    void setDefaultExecutorIsUsedByRunInExecutorAndToThread() {
        ExecutorService p = Executors.newSingleThreadExecutor(r -> new Thread(r, "my-default"));
        pools.add(p);
        loop.setDefaultExecutor(p);
        List<String> names = loop.runUntilComplete(() -> List.of(
                loop.runInExecutor(null, () -> Thread.currentThread().getName()).await(),
                toThread(() -> Thread.currentThread().getName())));
        assertThat(names).containsExactly("my-default", "my-default");
    }

    @Test
    void shutdownDefaultExecutorWaitsForRunningJobs() {
        AtomicReference<String> sideEffect = new AtomicReference<>();
        loop.runUntilComplete(() -> {
            CountDownLatch started = new CountDownLatch(1);
            loop.runInExecutor(null, () -> {
                started.countDown();
                Thread.sleep(50);
                sideEffect.set("job finished");
                return null;
            });
            toThread(() -> started.await());
            loop.shutdownDefaultExecutor();
            assertThat(sideEffect.get()).isEqualTo("job finished");
        });
    }

    @Test
    void runInExecutorOnTheDefaultPoolAfterShutdownIsRefused() {
        loop.runUntilComplete(() -> {
            loop.runInExecutor(null, () -> "warm up").await();
            loop.shutdownDefaultExecutor();
            assertThatThrownBy(() -> loop.runInExecutor(null, () -> "too late"))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessage("Executor shutdown has been called");
            ExecutorService p = pool(1);
            assertThat(loop.runInExecutor(p, () -> "explicit pool still works").await())
                    .isEqualTo("explicit pool still works");
        });
    }

    @Test
    void shutdownDefaultExecutorBeforeAnyUseAlsoRefusesLaterDefaultJobs() {
        loop.shutdownDefaultExecutor();
        assertThatThrownBy(() -> loop.runInExecutor(null, () -> "x"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("Executor shutdown has been called");
    }

    // ================================================================== exception handler

    @Test
    void callbackThatThrowsGoesToTheExceptionHandlerWithItsHandle() {
        List<ExceptionContext> seen = new ArrayList<>();
        assertThat(loop.getExceptionHandler()).isNull();
        ExceptionHandler handler = (l, ctx) -> seen.add(ctx);
        loop.setExceptionHandler(handler);
        assertThat(loop.getExceptionHandler()).isSameAs(handler);
        ArithmeticException boom = new ArithmeticException("/ by zero");
        Handle h = loop.callSoon(() -> {
            throw boom;
        });
        loop.callSoon(loop::stop);
        loop.runForever();
        assertThat(seen).hasSize(1);
        assertThat(seen.get(0).message()).startsWith("Exception in callback");
        assertThat(seen.get(0).exception()).isSameAs(boom);
        assertThat(seen.get(0).handle()).isSameAs(h);
    }

    @Test
    void timerCallbackThatThrowsGoesToTheExceptionHandlerWithItsTimerHandle() {
        List<ExceptionContext> seen = new ArrayList<>();
        loop.setExceptionHandler((l, ctx) -> seen.add(ctx));
        TimerHandle h = loop.callLater(0.01, () -> {
            throw new ArithmeticException("/ by zero");
        });
        loop.callLater(0.02, loop::stop);
        loop.runForever();
        assertThat(seen).singleElement().satisfies(ctx -> {
            assertThat(ctx.message()).startsWith("Exception in callback");
            assertThat(ctx.exception()).isInstanceOf(ArithmeticException.class);
            assertThat(ctx.handle()).isSameAs(h);
        });
    }

    @Test
    void loopKeepsRunningAfterACallbackThrows() {
        loop.setExceptionHandler((l, ctx) -> {});
        List<String> order = new ArrayList<>();
        loop.callSoon(() -> {
            throw new IllegalStateException();
        });
        loop.callSoon(() -> order.add("next callback ran"));
        loop.callSoon(loop::stop);
        loop.runForever();
        assertThat(order).containsExactly("next callback ran");
    }

    @Test
    void exceptionHandlerReceivesTheLoop() {
        EventLoop[] seenLoop = new EventLoop[1];
        loop.setExceptionHandler((l, ctx) -> seenLoop[0] = l);
        loop.callExceptionHandler(ExceptionContext.of("custom", null));
        assertThat(seenLoop[0]).isSameAs(loop);
    }

    @Test
    void defaultHandlerLogsTheMessageAndTheException() {
        log = new CapturedLog();
        ArithmeticException boom = new ArithmeticException("/ by zero");
        loop.callSoon(() -> {
            throw boom;
        });
        loop.callSoon(loop::stop);
        loop.runForever();
        assertThat(log.records).singleElement().satisfies(r -> {
            assertThat(r.level()).isEqualTo("SEVERE");
            assertThat(r.message()).startsWith("Exception in callback");
            assertThat(r.thrown()).isSameAs(boom);
        });
    }

    @Test
    void settingTheHandlerToNullRestoresTheDefault() {
        log = new CapturedLog();
        List<ExceptionContext> seen = new ArrayList<>();
        loop.setExceptionHandler((l, ctx) -> seen.add(ctx));
        loop.setExceptionHandler(null);
        assertThat(loop.getExceptionHandler()).isNull();
        loop.callExceptionHandler(ExceptionContext.of("something went wrong", new IllegalStateException()));
        assertThat(seen).isEmpty();
        assertThat(log.messages()).singleElement().asString().startsWith("something went wrong");
    }

    @Test
    void handlerThatThrowsIsLoggedAndTheDefaultHandlerReportsTheOriginalError() {
        log = new CapturedLog();
        loop.setExceptionHandler((l, ctx) -> {
            throw new UnsupportedOperationException("spam");
        });
        loop.callSoon(() -> {
            throw new ArithmeticException("/ by zero");
        });
        loop.callSoon(loop::stop);
        loop.runForever();
        List<CapturedLog.Entry> records = List.copyOf(log.records);
        assertThat(records).hasSize(2);
        assertThat(records.get(0).message()).contains("Unhandled error in exception handler");
        assertThat(records.get(0).thrown()).isInstanceOf(UnsupportedOperationException.class);
        assertThat(records.get(1).message()).startsWith("Exception in callback");
        assertThat(records.get(1).thrown()).isInstanceOf(ArithmeticException.class);
    }

    @Test
    void defaultExceptionHandlerCanBeCalledDirectlyFromACustomHandler() {
        log = new CapturedLog();
        List<String> seen = new ArrayList<>();
        loop.setExceptionHandler((l, ctx) -> {
            seen.add(ctx.message());
            l.defaultExceptionHandler(ctx);
        });
        loop.callExceptionHandler(new ExceptionContext("with a future", new IllegalStateException("x"),
                loop.createFuture(), null));
        assertThat(seen).containsExactly("with a future");
        assertThat(log.messages()).singleElement().asString().startsWith("with a future").contains("future:");
    }

    // ================================================================== tasks and the factory

    @Test
    void taskFactoryMakesEveryTaskOfTheLoop() {
        List<String> made = new ArrayList<>();
        TaskFactory factory = new TaskFactory() {
            @Override
            public <T> Task<T> createTask(EventLoop l, Coroutine<T> coro, String name) {
                Task<T> t = Task.create(l, coro, name == null ? "made-" + made.size() : name);
                made.add(t.getName());
                return t;
            }
        };
        assertThat(loop.getTaskFactory()).isNull();
        loop.setTaskFactory(factory);
        assertThat(loop.getTaskFactory()).isSameAs(factory);
        String v = loop.runUntilComplete(() -> {
            Task<String> child = createTask(() -> "child", "named");
            return currentTask().getName() + "/" + child.await() + "/" + child.getName();
        });
        assertThat(v).isEqualTo("made-0/child/named");
        assertThat(made).containsExactly("made-0", "named");
        loop.setTaskFactory(null);
        assertThat(loop.getTaskFactory()).isNull();
        Task<String> plain = loop.createTask(() -> "plain");
        loop.runUntilComplete(plain);
        assertThat(made).hasSize(2);
        assertThat(plain.getName()).startsWith("Task-");
    }

    @Test
    void createTaskFromAnotherThreadWhileTheLoopRunsIsRefusedWithTheFix() throws Exception {
        CountDownLatch running = new CountDownLatch(1);
        Future<Void> stop = loop.createFuture();
        Thread runner = Thread.ofPlatform().start(() -> loop.runUntilComplete(() -> {
            running.countDown();
            stop.await();
        }));
        running.await();
        Throwable thrown = catchThrowable(() -> loop.createTask(() -> "x"));
        loop.callSoonThreadsafe(() -> stop.setResult(null));
        runner.join(5_000);
        assertThat(thrown).isInstanceOf(IllegalStateException.class).hasMessageContaining("runCoroutineThreadsafe");
    }

    @Test
    void tasksStartInCreationOrderAfterTheCallbacksAlreadyScheduled() {
        List<String> order = new ArrayList<>();
        loop.callSoon(() -> order.add("callback 1"));
        loop.createTask(() -> {
            order.add("task A");
        });
        loop.callSoon(() -> order.add("callback 2"));
        loop.createTask(() -> {
            order.add("task B");
        });
        loop.runUntilComplete(() -> sleep(0));
        assertThat(order).containsExactly("callback 1", "task A", "callback 2", "task B");
    }
}
