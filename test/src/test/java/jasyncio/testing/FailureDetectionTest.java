package jasyncio.testing;

import static jasyncio.Asyncio.createTask;
import static jasyncio.Asyncio.runCoroutineThreadsafe;
import static jasyncio.Asyncio.sleep;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;

import jasyncio.CancelledError;
import jasyncio.EventLoop;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Each way a test can leave a mess, run as a real JUnit test through the engine, and the
 * failure the extension turns it into.
 */
class FailureDetectionTest {
    static final List<String> events = new ArrayList<>();

    // ---------------------------------------------------------------- leaked tasks

    static class LeaksATask {
        @RegisterExtension
        final AsyncioExtension asyncio = new AsyncioExtension();

        @Test
        void test() {
            asyncio.run(() -> {
                createTask(LeaksATask::tickForever, "forgotten-ticker");
                sleep(1);
            });
        }

        static void tickForever() {
            try {
                while (true) sleep(10);
            } finally {
                events.add("ticker cleaned up");
            }
        }
    }

    @Test
    void taskAliveAfterTheTestFailsItWithTheTaskNameAndStack() {
        events.clear();

        Throwable failure = InnerTests.failureOf(LeaksATask.class);

        assertThat(failure).isInstanceOf(AssertionError.class)
                .hasMessageStartingWith("1 task still alive on the test's event loop")
                .hasMessageContaining("<Task pending name='forgotten-ticker'>")
                .hasMessageContaining("at jasyncio.testing.FailureDetectionTest$LeaksATask.tickForever(FailureDetectionTest.java:")
                .hasMessageContaining("name='forgotten-ticker'>\n      at jasyncio.Task.suspendOn(")
                .hasMessageNotContaining("jasyncio.internal.Worker");
        assertThat(events).containsExactly("ticker cleaned up");
    }

    @ExtendWith(AsyncioExtension.class)
    static class LeaksATaskThroughTheLoopParameter {
        @Test
        void test(EventLoop loop) {
            loop.runUntilComplete(() -> {
                createTask(() -> sleep(5), "never-awaited");
            });
        }
    }

    @Test
    void taskLeakedThroughTheLoopParameterFailsTheTestToo() {
        Throwable failure = InnerTests.failureOf(LeaksATaskThroughTheLoopParameter.class);

        assertThat(failure).hasMessageContaining("<Task pending name='never-awaited'>");
    }

    static class FailsAndLeaks {
        @RegisterExtension
        final AsyncioExtension asyncio = new AsyncioExtension();

        @Test
        void test() {
            asyncio.run(() -> {
                createTask(() -> sleep(5), "left-over");
            });
            throw new AssertionError("the test's own failure");
        }
    }

    @Test
    void leakInATestThatFailsAnywayIsAddedToItsFailure() {
        Throwable failure = InnerTests.failureOf(FailsAndLeaks.class);

        assertThat(failure).hasMessage("the test's own failure");
        assertThat(failure.getSuppressed()).singleElement().asInstanceOf(
                org.assertj.core.api.InstanceOfAssertFactories.THROWABLE).hasMessageContaining("left-over");
    }

    static class LeaksATaskThatRefusesToDie {
        @RegisterExtension
        final AsyncioExtension asyncio = new AsyncioExtension();

        @Test
        void test() {
            asyncio.run(() -> {
                createTask(() -> {
                    while (true) {
                        try {
                            asyncio.loop().createFuture().await();
                        } catch (CancelledError e) {
                            // refuses every cancellation
                        }
                    }
                }, "immortal");
                sleep(0);
            });
        }
    }

    @Test
    void taskThatIgnoresCancellationWhenTheLoopClosesIsReportedAsLeftBehind() {
        Throwable failure = InnerTests.failureOf(LeaksATaskThatRefusesToDie.class);

        assertThat(failure).hasMessageStartingWith("1 task still alive on the test's event loop")
                .hasMessageContaining("1 task ignored cancellation when the test's event loop")
                .hasMessageContaining("closed and was left behind:\n  <Task pending name='immortal'>")
                .hasMessageNotContaining("exception handler"); // loop() still works while the loop closes
    }

    // ---------------------------------------------------------------- errors at the handler

    static class CallbackThrows {
        @RegisterExtension
        final AsyncioExtension asyncio = new AsyncioExtension();

        @Test
        void test() {
            asyncio.run(() -> {
                asyncio.loop().callSoon(() -> {
                    throw new IllegalStateException("boom in a callback");
                });
                sleep(0);
            });
        }
    }

    @Test
    void callbackThatThrowsFailsTheTestWithItsException() {
        Throwable failure = InnerTests.failureOf(CallbackThrows.class);

        assertThat(failure).isInstanceOf(AssertionError.class)
                .hasMessageStartingWith("1 error reached the event loop's exception handler:")
                .hasMessageContaining("Exception in callback")
                .hasMessageContaining("java.lang.IllegalStateException: boom in a callback");
        assertThat(failure.getCause()).isInstanceOf(IllegalStateException.class).hasMessage("boom in a callback");
    }

    static class NeverRetrievesATaskException {
        @RegisterExtension
        final AsyncioExtension asyncio = new AsyncioExtension();

        @Test
        void test() {
            asyncio.run(() -> {
                createTask(() -> {
                    throw new UnsupportedOperationException("nobody reads me");
                }, "doomed");
                sleep(1);
            });
        }
    }

    @Test
    void failedTaskNobodyAwaitedFailsTheTestOnceCollected() {
        Throwable failure = InnerTests.failureOf(NeverRetrievesATaskException.class);

        assertThat(failure).isInstanceOf(AssertionError.class)
                .hasMessageContaining("Task exception was never retrieved (Task 'doomed')")
                .hasMessageContaining("java.lang.UnsupportedOperationException: nobody reads me");
        assertThat(failure.getCause()).isInstanceOf(UnsupportedOperationException.class);
    }

    static class SwallowsItsCancellation {
        @RegisterExtension
        final AsyncioExtension asyncio = new AsyncioExtension();

        @Test
        void test() {
            asyncio.run(() -> {
                var t = createTask(() -> {
                    try {
                        sleep(10);
                    } catch (CancelledError e) {
                        // swallowed: the task finishes normally
                    }
                }, "stubborn");
                sleep(0);
                t.cancel();
                t.await();
            });
        }
    }

    @Test
    void taskThatSwallowsItsCancellationIsReportedInDebugMode() {
        Throwable failure = InnerTests.failureOf(SwallowsItsCancellation.class);

        assertThat(failure).hasMessageContaining("Task stubborn was cancelled but finished normally");
    }

    // ---------------------------------------------------------------- loops

    static class LeavesALoopOpen {
        @RegisterExtension
        final AsyncioExtension asyncio = new AsyncioExtension();

        @Test
        void test() {
            EventLoop other = asyncio.newEventLoop();
            other.runUntilComplete(() -> sleep(1));
        }
    }

    @Test
    void loopTheTestMadeAndDidNotCloseFailsTheTest() {
        Throwable failure = InnerTests.failureOf(LeavesALoopOpen.class);

        assertThat(failure).isInstanceOf(AssertionError.class)
                .hasMessageStartingWith("event loop <EventLoop #")
                .hasMessageContaining("(made by newEventLoop()) was not closed");
    }

    static class LeavesALoopRunning {
        @RegisterExtension
        final AsyncioExtension asyncio = new AsyncioExtension();

        @Test
        void test() {
            EventLoop other = asyncio.newEventLoop();
            Thread.ofPlatform().name("other-loop").start(other::runForever);
            String answer = runCoroutineThreadsafe(() -> "running", other).await();
            events.add(answer);
        }
    }

    @Test
    void loopStillRunningAfterTheTestFailsItAndIsStoppedAndClosed() {
        events.clear();

        Throwable failure = InnerTests.failureOf(LeavesALoopRunning.class);

        assertThat(events).containsExactly("running");
        assertThat(failure).isInstanceOf(AssertionError.class)
                .hasMessageContaining("was still running when the test ended")
                .hasMessageContaining("was not closed");
    }

    static class ClosesWhatItOpens {
        @RegisterExtension
        final AsyncioExtension asyncio = new AsyncioExtension();

        @Test
        void test() {
            try (EventLoop other = asyncio.newEventLoop()) {
                other.runUntilComplete(() -> sleep(1));
            }
            asyncio.run(() -> {
                var t = createTask(() -> sleep(5));
                t.cancel();
                assertThatThrownBy(t::await).isInstanceOf(CancelledError.class);
            });
        }
    }

    @Test
    void testThatClosesItsLoopsAndCancelsItsTasksPasses() {
        assertThat(InnerTests.passed(ClosesWhatItOpens.class)).isEqualTo(1);
    }
}
