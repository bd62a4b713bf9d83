package jasyncio;

import static jasyncio.Asyncio.createTask;
import static jasyncio.Asyncio.getRunningLoop;
import static jasyncio.Asyncio.sleep;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionException;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import jasyncio.internal.SelectorLoop;
import jasyncio.internal.VirtualClock;

/**
 * {@code asyncio.run} and {@code asyncio.Runner}, re-expressed from CPython's test_runners.py.
 * A policy that makes virtual-clock loops is installed for each test, so the loops Asyncio.run
 * and Runner create are instant and the thread's current loop starts clean.
 */
@Timeout(10)
class RunnerTest {
    /** A policy whose new loops run on a virtual clock; records what it is asked. */
    static final class VirtualPolicy implements EventLoopPolicy {
        final EventLoopPolicy delegate = EventLoopPolicy.defaultPolicy();
        final List<EventLoop> created = new ArrayList<>();
        final List<EventLoop> setCalls = new ArrayList<>();

        @Override
        public EventLoop getEventLoop() {
            return delegate.getEventLoop();
        }

        @Override
        public void setEventLoop(EventLoop loop) {
            setCalls.add(loop);
            delegate.setEventLoop(loop);
        }

        @Override
        public EventLoop newEventLoop() {
            EventLoop loop = new SelectorLoop(new VirtualClock());
            created.add(loop);
            return loop;
        }
    }

    private VirtualPolicy policy;

    @BeforeEach
    void installPolicy() {
        policy = new VirtualPolicy();
        Asyncio.setEventLoopPolicy(policy);
    }

    @AfterEach
    void restorePolicy() {
        Asyncio.setEventLoopPolicy(null);
        for (EventLoop l : policy.created) {
            if (!l.isClosed() && !l.isRunning()) l.close();
        }
    }

    // ================================================================== Asyncio.run

    @Test
    void runReturnsTheCoroutinesValue() {
        assertThat(Asyncio.run(() -> {
            sleep(0.1);
            return 42;
        })).isEqualTo(42);
    }

    @Test
    void runOfACoroutineWithoutAValueRunsIt() {
        List<String> events = new ArrayList<>();
        Asyncio.run(() -> {
            sleep(0);
            events.add("ran");
        });
        assertThat(events).containsExactly("ran");
    }

    @Test
    void runPropagatesTheCoroutinesException() {
        IllegalArgumentException boom = new IllegalArgumentException("boom");
        assertThatThrownBy(() -> Asyncio.run(() -> {
            sleep(0);
            throw boom;
        })).isSameAs(boom);
        assertThatThrownBy(() -> Asyncio.run(() -> {
            throw new IOException("io");
        })).isInstanceOf(CompletionException.class).hasCauseInstanceOf(IOException.class);
    }

    @Test
    void runUsesANewLoopFromThePolicyAndClosesIt() {
        EventLoop seen = Asyncio.run(() -> getRunningLoop());
        assertThat(policy.created).containsExactly(seen);
        assertThat(seen.isClosed()).isTrue();
        EventLoop second = Asyncio.run(() -> getRunningLoop());
        assertThat(second).isNotSameAs(seen);
    }

    @Test
    void runMakesItsLoopTheCurrentOneWhileItRunsAndClearsItAfter() {
        EventLoop seen = Asyncio.run(() -> getRunningLoop());
        assertThat(policy.setCalls).containsExactly(seen, null);
    }

    @Test
    void runSetsTheDebugFlagOfItsLoop() {
        assertThat(Asyncio.run(() -> getRunningLoop().getDebug(), true)).isTrue();
        assertThat(Asyncio.run(() -> getRunningLoop().getDebug(), false)).isFalse();
        assertThat(Asyncio.run(() -> getRunningLoop().getDebug())).isFalse();
    }

    @Test
    void runFromARunningLoopIsRefused() {
        Throwable thrown = Asyncio.run(() -> catchThrowable(() -> Asyncio.run(() -> "nested")));
        assertThat(thrown).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("cannot be called from a running event loop");
    }

    @Test
    void runCancelsTasksLeftBehindAndLetsTheirCleanupRun() {
        List<String> events = new ArrayList<>();
        List<Task<Void>> leftover = new ArrayList<>();
        int v = Asyncio.run(() -> {
            leftover.add(createTask(() -> {
                try {
                    sleep(3600);
                } finally {
                    events.add("leftover cleanup");
                }
            }));
            sleep(0);
            return 123;
        });
        assertThat(v).isEqualTo(123);
        assertThat(leftover.get(0).isCancelled()).isTrue();
        assertThat(events).containsExactly("leftover cleanup");
    }

    @Test
    void taskCreatedAsMainReturnsGetsItsFirstStepBeforeBeingCancelled() {
        // As in asyncio: its first step was queued before main's completion stopped the loop.
        List<String> events = new ArrayList<>();
        List<Task<Void>> leftover = new ArrayList<>();
        Asyncio.run(() -> {
            leftover.add(createTask(() -> {
                events.add("started");
                sleep(10);
                events.add("never");
            }));
        });
        assertThat(events).containsExactly("started");
        assertThat(leftover.get(0).isCancelled()).isTrue();
    }

    @Test
    void runReportsALeftoverTaskThatFailsWhileBeingCancelled() {
        List<ExceptionContext> reports = new ArrayList<>();
        List<Task<Void>> leftover = new ArrayList<>();
        int v = Asyncio.run(() -> {
            getRunningLoop().setExceptionHandler((l, ctx) -> reports.add(ctx));
            leftover.add(createTask(() -> {
                try {
                    sleep(0.1);
                } catch (CancelledError e) {
                    throw new ArithmeticException("/ by zero");
                }
            }));
            sleep(0);
            return 123;
        });
        assertThat(v).isEqualTo(123);
        assertThat(leftover.get(0).isDone()).isTrue();
        assertThat(reports).singleElement().satisfies(ctx -> {
            assertThat(ctx.message()).contains("Asyncio.run()").contains("shutdown");
            assertThat(ctx.task()).isSameAs(leftover.get(0));
            assertThat(ctx.exception()).isInstanceOf(ArithmeticException.class);
        });
    }

    @Test
    void runShutsTheDefaultExecutorDownAfterItsJobsFinish() {
        List<String> events = new ArrayList<>();
        Asyncio.run(() -> {
            getRunningLoop().runInExecutor(null, () -> {
                Thread.sleep(20);
                synchronized (events) {
                    events.add("job done");
                }
                return null;
            });
        });
        synchronized (events) {
            assertThat(events).containsExactly("job done");
        }
    }

    // ================================================================== Runner

    @Test
    void runnerHonoursItsDebugFlag() {
        try (Runner runner = new Runner(false)) {
            assertThat(runner.getLoop().getDebug()).isFalse();
        }
        try (Runner runner = new Runner(true)) {
            assertThat(runner.getLoop().getDebug()).isTrue();
        }
    }

    @Test
    void runnerUsesTheGivenLoopFactoryWithoutTouchingTheCurrentLoop() {
        SelectorLoop mine = new SelectorLoop(new VirtualClock());
        try (Runner runner = new Runner(null, () -> mine)) {
            assertThat(runner.getLoop()).isSameAs(mine);
            assertThat(runner.run(() -> getRunningLoop())).isSameAs(mine);
        }
        assertThat(mine.isClosed()).isTrue();
        assertThat(policy.created).isEmpty();
        assertThat(policy.setCalls).isEmpty();
    }

    @Test
    void runnerRunsSeveralCoroutinesOnTheSameLoop() {
        List<String> events = new ArrayList<>();
        try (Runner runner = new Runner()) {
            EventLoop first = runner.run(() -> {
                createTask(() -> {
                    sleep(1);
                    events.add("background task finished in the second run");
                });
                return getRunningLoop();
            });
            EventLoop second = runner.run(() -> {
                sleep(2);
                return getRunningLoop();
            });
            assertThat(second).isSameAs(first);
        }
        assertThat(events).containsExactly("background task finished in the second run");
        assertThat(policy.setCalls).hasSize(2); // set once on first use, cleared on close
    }

    @Test
    void runnerReturnsValuesAndPropagatesExceptions() {
        try (Runner runner = new Runner()) {
            assertThat(runner.run(() -> sleep(0, "done"))).isEqualTo("done");
            assertThatThrownBy(() -> runner.run(() -> {
                throw new IllegalStateException("boom");
            })).isInstanceOf(IllegalStateException.class).hasMessage("boom");
            assertThat(runner.run(() -> "still usable")).isEqualTo("still usable");
        }
    }

    @Test
    void closedRunnerRefusesEverything() {
        Runner runner = new Runner();
        EventLoop loop = runner.getLoop();
        runner.close();
        assertThat(loop.isClosed()).isTrue();
        assertThatThrownBy(runner::getLoop).isInstanceOf(IllegalStateException.class).hasMessage("Runner is closed");
        assertThatThrownBy(() -> runner.run(() -> "x"))
                .isInstanceOf(IllegalStateException.class).hasMessage("Runner is closed");
        runner.close(); // no-op
        assertThat(loop.isClosed()).isTrue();
    }

    @Test
    void runnerNeverUsedCreatesNoLoop() {
        new Runner().close();
        assertThat(policy.created).isEmpty();
    }

    @Test
    void runnerCancelsLeftoverTasksWhenClosed() {
        List<String> events = new ArrayList<>();
        Task<?>[] leftover = new Task<?>[1];
        try (Runner runner = new Runner()) {
            runner.run(() -> {
                leftover[0] = createTask(() -> {
                    try {
                        sleep(3600);
                    } catch (CancelledError e) {
                        events.add("cancelled at close");
                        throw e;
                    }
                });
            });
            assertThat(leftover[0].isDone()).isFalse();
        }
        assertThat(leftover[0].isCancelled()).isTrue();
        assertThat(events).containsExactly("cancelled at close");
    }

    @Test
    void runnerRunFromInsideItsOwnLoopIsRefused() {
        try (Runner runner = new Runner()) {
            Throwable thrown = runner.run(() -> catchThrowable(() -> runner.run(() -> "nested")));
            assertThat(thrown).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("Runner.run() cannot be called from a running event loop");
        }
    }

    @Test
    void runnerRefusesANullCoroutine() {
        try (Runner runner = new Runner()) {
            assertThatThrownBy(() -> runner.run((Coroutine<Object>) null)).isInstanceOf(NullPointerException.class);
        }
    }

    @Test
    void runnerClearsTheCurrentLoopWhenClosed() {
        try (Runner runner = new Runner()) {
            EventLoop loop = runner.getLoop();
            assertThat(Asyncio.getEventLoop()).isSameAs(loop);
        }
        assertThatThrownBy(Asyncio::getEventLoop).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("no current event loop");
    }
}
