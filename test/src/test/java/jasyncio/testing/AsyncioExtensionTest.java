package jasyncio.testing;

import static jasyncio.Asyncio.createTask;
import static jasyncio.Asyncio.getRunningLoop;
import static jasyncio.Asyncio.sleep;
import static jasyncio.Asyncio.waitFor;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import jasyncio.EventLoop;
import jasyncio.Task;
import jasyncio.TimeoutError;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/** What a test written with the extension gets, when it behaves. */
class AsyncioExtensionTest {
    @RegisterExtension
    final AsyncioExtension asyncio = new AsyncioExtension();

    @Test
    void oneHourTimeoutRunsInstantlyOnTheVirtualClock() {
        long start = System.nanoTime();

        assertThatThrownBy(() -> asyncio.run(() -> waitFor(createTask(() -> sleep(86_400)), Duration.ofHours(1))))
                .isInstanceOf(TimeoutError.class);

        assertThat(asyncio.loop().time()).isEqualTo(3600.0);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(1));
    }

    @Test
    void runReturnsTheMainCoroutineValueAndRunsItOnTheTestLoop() {
        EventLoop[] running = new EventLoop[1];

        String value = asyncio.run(() -> {
            running[0] = getRunningLoop();
            return "done";
        });

        assertThat(value).isEqualTo("done");
        assertThat(running[0]).isSameAs(asyncio.loop());
    }

    @Test
    void runRethrowsWhatTheMainCoroutineThrows() {
        assertThatThrownBy(() -> asyncio.run(() -> {
            sleep(1);
            throw new IllegalArgumentException("bad input");
        })).isInstanceOf(IllegalArgumentException.class).hasMessage("bad input");
    }

    @Test
    void loopStaysOpenBetweenRunsAndKeepsItsTime() {
        asyncio.run(() -> sleep(2));
        asyncio.run(() -> sleep(3));

        assertThat(asyncio.clock().time()).isEqualTo(5.0);
        assertThat(asyncio.loop().isClosed()).isFalse();
    }

    @Test
    void failedTaskWhoseExceptionWasRetrievedPasses() {
        asyncio.run(() -> {
            Task<Void> t = createTask(() -> {
                throw new IllegalStateException("expected");
            });
            assertThatThrownBy(t::await).hasMessage("expected");
        });
    }

    @Test
    void loopRunsInDebugModeByDefault() {
        assertThat(asyncio.loop().getDebug()).isTrue();
    }

    @Test
    void newEventLoopSharesTheTestClock() {
        try (EventLoop other = asyncio.newEventLoop()) {
            other.runUntilComplete(() -> sleep(4));

            assertThat(asyncio.clock().time()).isEqualTo(4.0);
            assertThat(other).isNotSameAs(asyncio.loop());
        }
    }

    @Test
    void helpersOutsideATestExplainTheMisuse() {
        AsyncioExtension unregistered = new AsyncioExtension();

        assertThatThrownBy(unregistered::loop).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("no running test");
    }

    /** Real clock and debug off, on request. */
    static class Options {
        @RegisterExtension
        final AsyncioExtension asyncio = new AsyncioExtension().withRealClock().withDebug(false);

        @Test
        void realClockSleepsInRealTimeAndHasNoTestClock() {
            long start = System.nanoTime();

            asyncio.run(() -> sleep(0.02));

            assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(20));
            assertThat(asyncio.loop().getDebug()).isFalse();
            assertThatThrownBy(asyncio::clock).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("real clock");
        }
    }

    @Test
    void realClockAndDebugOptionsApply() {
        assertThat(InnerTests.passed(Options.class)).isEqualTo(1);
    }

    /** The declarative form: parameters, in lifecycle methods too; a fresh loop per test. */
    @ExtendWith(AsyncioExtension.class)
    static class Declared {
        static final List<EventLoop> seen = new ArrayList<>();
        private EventLoop fromBeforeEach;

        @BeforeEach
        void setUp(EventLoop loop) {
            fromBeforeEach = loop;
        }

        @Test
        void first(EventLoop loop, TestClock clock) {
            loop.runUntilComplete(() -> sleep(60));
            assertThat(clock.time()).isEqualTo(60.0);
            assertThat(loop).isSameAs(fromBeforeEach);
            seen.add(loop);
        }

        @Test
        void second(EventLoop loop, TestClock clock) {
            assertThat(clock.time()).isZero();
            assertThat(loop).isSameAs(fromBeforeEach);
            seen.add(loop);
        }

        @AfterEach
        void tearDown(EventLoop loop) {
            assertThat(loop.isClosed()).isFalse();
        }
    }

    @Test
    void declaredExtensionResolvesLoopAndClockAndClosesEachTestsOwnLoop() {
        Declared.seen.clear();

        assertThat(InnerTests.passed(Declared.class)).isEqualTo(2);

        assertThat(Declared.seen).hasSize(2).doesNotHaveDuplicates().allMatch(EventLoop::isClosed);
    }
}
