package jasyncio;

import static jasyncio.Asyncio.createTask;
import static jasyncio.Asyncio.shield;
import static jasyncio.Asyncio.sleep;
import static jasyncio.Asyncio.waitFor;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import jasyncio.internal.SelectorLoop;
import jasyncio.internal.VirtualClock;

/**
 * {@code asyncio.wait_for} (3.12+ semantics: a {@code timeout} block around the await),
 * re-expressed from CPython's test_waitfor.py on a virtual clock.
 */
@Timeout(10)
class WaitForTest {
    private static final double EPSILON = 0.0001;

    private final SelectorLoop loop = new SelectorLoop(new VirtualClock());

    @AfterEach
    void closeLoop() {
        loop.close();
    }

    @Test
    void returnsTheResultOfATaskThatFinishesInTime() {
        loop.runUntilComplete(() -> {
            Task<String> t = createTask(() -> sleep(0.5, "done"));
            assertThat(waitFor(t, 1)).isEqualTo("done");
            assertThat(loop.time()).isEqualTo(0.5);
        });
    }

    @Test
    void returnsTheResultOfAFutureCompletedByATimerBeforeTheDeadline() {
        loop.runUntilComplete(() -> {
            Future<String> fut = loop.createFuture();
            loop.callLater(0.1, () -> fut.setResult("ok"));
            assertThat(waitFor(fut, 0.2)).isEqualTo("ok");
        });
    }

    @Test
    void runsACoroutineWithATimeLimit() {
        loop.runUntilComplete(() -> {
            assertThat(waitFor(() -> sleep(1, "coro"), 2)).isEqualTo("coro");
            assertThatThrownBy(() -> waitFor(() -> sleep(5, "late"), 2)).isInstanceOf(TimeoutError.class);
            assertThat(loop.time()).isEqualTo(3.0);
        });
    }

    @Test
    void durationOverloadsBehaveLikeSeconds() {
        loop.runUntilComplete(() -> {
            Task<String> t = createTask(() -> sleep(0.5, "done"));
            assertThat(waitFor(t, Duration.ofSeconds(1))).isEqualTo("done");
            assertThatThrownBy(() -> waitFor(() -> sleep(5, "late"), Duration.ofMillis(250)))
                    .isInstanceOf(TimeoutError.class);
            assertThat(loop.time()).isEqualTo(0.75);
        });
    }

    @Test
    void infiniteTimeoutWaitsAsLongAsItTakes() {
        loop.runUntilComplete(() -> {
            assertThat(waitFor(() -> "done", Double.POSITIVE_INFINITY)).isEqualTo("done");
            Task<String> t = createTask(() -> sleep(10_000, "eventually"));
            assertThat(waitFor(t, Double.POSITIVE_INFINITY)).isEqualTo("eventually");
        });
    }

    @Test
    void timeoutCancelsTheTaskRunsItsCleanupAndRaisesTimeoutError() {
        List<String> events = new ArrayList<>();
        loop.runUntilComplete(() -> {
            Task<String> fut = createTask(() -> {
                events.add("running");
                try {
                    sleep(10);
                } finally {
                    events.add("cleanup");
                }
                return "done";
            });
            double t0 = loop.time();
            Throwable thrown = catchThrowable(() -> waitFor(fut, 0.1));
            assertThat(thrown).isInstanceOf(TimeoutError.class).hasCauseInstanceOf(CancelledError.class);
            assertThat(fut.isCancelled()).isTrue();
            assertThat(loop.time() - t0).isEqualTo(0.1);
        });
        assertThat(events).containsExactly("running", "cleanup");
    }

    @Test
    void timeoutCancelsAPlainFuture() {
        loop.runUntilComplete(() -> {
            Future<String> fut = loop.createFuture();
            assertThatThrownBy(() -> waitFor(fut, 0.1))
                    .isInstanceOf(TimeoutError.class).hasCauseInstanceOf(CancelledError.class);
            assertThat(fut.isCancelled()).isTrue();
        });
    }

    @Test
    void zeroTimeoutOnADoneFutureReturnsItsResultWithoutWaiting() {
        loop.runUntilComplete(() -> {
            Future<String> fut = loop.createFuture();
            fut.setResult("done");
            assertThat(waitFor(fut, 0)).isEqualTo("done");
            assertThat(waitFor(fut, -1)).isEqualTo("done");
            assertThat(fut.isDone()).isTrue();
            assertThat(loop.time()).isZero();
        });
    }

    @Test
    void zeroTimeoutOnAFailedFutureRethrowsItsException() {
        loop.runUntilComplete(() -> {
            Future<String> fut = loop.createFuture();
            fut.setException(new IllegalStateException("failed"));
            assertThatThrownBy(() -> waitFor(fut, 0)).isInstanceOf(IllegalStateException.class).hasMessage("failed");
        });
    }

    @Test
    void zeroOrNegativeTimeoutCancelsARunningTaskAndWaitsForItsCleanup() {
        for (double timeout : new double[] {0, -1}) {
            List<String> events = new ArrayList<>();
            loop.runUntilComplete(() -> {
                Future<Void> started = loop.createFuture();
                Task<String> fut = createTask(() -> {
                    events.add("running");
                    started.setResult(null);
                    try {
                        sleep(10);
                    } finally {
                        events.add("stopped");
                    }
                    return "done";
                });
                started.await();
                double t0 = loop.time();
                assertThatThrownBy(() -> waitFor(fut, timeout))
                        .isInstanceOf(TimeoutError.class).hasCauseInstanceOf(CancelledError.class);
                assertThat(fut.isCancelled()).isTrue();
                assertThat(loop.time()).isEqualTo(t0);
            });
            assertThat(events).as("timeout " + timeout).containsExactly("running", "stopped");
        }
    }

    @Test
    void zeroTimeoutNeverStartsACoroutine() {
        boolean[] started = {false};
        loop.runUntilComplete(() -> {
            assertThatThrownBy(() -> waitFor(() -> {
                started[0] = true;
                return "ran";
            }, 0)).isInstanceOf(TimeoutError.class);
            sleep(1);
        });
        assertThat(started[0]).isFalse();
    }

    @Test
    void coroutineThatCatchesTheCancellationAndReturnsAValueWins() {
        loop.runUntilComplete(() -> {
            int res = waitFor(() -> {
                try {
                    sleep(10);
                } catch (CancelledError e) {
                    return 42;
                }
                return 0;
            }, 0.1);
            assertThat(res).isEqualTo(42);
            assertThat(Asyncio.currentTask().cancelling()).isZero();
        });
    }

    @Test
    void taskThatIgnoresTheCancellationIsWaitedForAndItsValueReturned() {
        loop.runUntilComplete(() -> {
            Task<Integer> inner = createTask(() -> {
                try {
                    sleep(1);
                } catch (CancelledError e) {
                    sleep(0.3);
                }
                return 42;
            });
            assertThat(waitFor(inner, 0.1)).isEqualTo(42);
            assertThat(loop.time()).isEqualTo(0.4);
            assertThat(inner.isCancelled()).isFalse();
        });
    }

    @Test
    void coroutineThatIgnoresCancellationRunsToItsEndWhenTheWaiterIsCancelled() {
        boolean[] exited = {false};
        loop.runUntilComplete(() -> {
            Task<Void> waiter = createTask(() -> {
                waitFor(() -> {
                    double exitAt = loop.time() + 0.2;
                    while (loop.time() < exitAt) {
                        try {
                            sleep(exitAt - loop.time());
                        } catch (CancelledError e) {
                            // refuse
                        }
                    }
                    exited[0] = true;
                    return null;
                }, 0.4);
            });
            sleep(0);
            waiter.cancel();
            Asyncio.wait(List.of(waiter));
        });
        assertThat(exited[0]).isTrue();
    }

    @Test
    void timeoutWaitsForTheTaskToFinishCancellingThenRaises() {
        List<String> events = new ArrayList<>();
        loop.runUntilComplete(() -> {
            Task<Void> inner = createTask(() -> {
                try {
                    sleep(10);
                } catch (CancelledError e) {
                    sleep(EPSILON);
                    throw e;
                } finally {
                    events.add("inner done");
                }
            });
            Throwable thrown = catchThrowable(() -> waitFor(inner, EPSILON));
            events.add("waitFor raised " + thrown.getClass().getSimpleName());
            assertThat(thrown).hasCauseInstanceOf(CancelledError.class);
        });
        assertThat(events).containsExactly("inner done", "waitFor raised TimeoutError");
    }

    @Test
    void zeroTimeoutAlsoWaitsForTheTaskToFinishCancelling() {
        List<String> events = new ArrayList<>();
        loop.runUntilComplete(() -> {
            Task<Void> inner = createTask(() -> {
                try {
                    sleep(10);
                } catch (CancelledError e) {
                    sleep(EPSILON);
                    throw e;
                } finally {
                    events.add("inner done");
                }
            });
            sleep(EPSILON);
            Throwable thrown = catchThrowable(() -> waitFor(inner, 0));
            events.add("waitFor raised " + thrown.getClass().getSimpleName());
            assertThat(thrown).hasCauseInstanceOf(CancelledError.class);
        });
        assertThat(events).containsExactly("inner done", "waitFor raised TimeoutError");
    }

    @Test
    void exceptionRaisedDuringTheCancellationReplacesTheTimeout() {
        loop.runUntilComplete(() -> {
            Task<Void> inner = createTask(() -> {
                try {
                    sleep(0.2);
                } finally {
                    throw new UnsupportedOperationException("FooException");
                }
            });
            assertThatThrownBy(() -> waitFor(inner, EPSILON))
                    .isInstanceOf(UnsupportedOperationException.class).hasMessage("FooException");
        });
    }

    @Test
    void cancellingTheWaiterCancelsTheAwaitedTask() {
        for (double timeout : new double[] {Double.POSITIVE_INFINITY, 60.0}) {
            loop.runUntilComplete(() -> {
                Task<Void> blocked = createTask(() -> {
                    loop.createFuture().await(); // never completed
                });
                Task<Void> waiter = createTask(() -> {
                    waitFor(blocked, timeout);
                });
                loop.callSoon(waiter::cancel);
                assertThatThrownBy(waiter::await).isInstanceOf(CancelledError.class);
                assertThat(blocked.isCancelled()).as("timeout " + timeout).isTrue();
            });
        }
    }

    @Test
    void cancellingTheWaiterAfterTheAwaitedTaskFinishedStillCancelsTheWaiter() {
        boolean[] reachedEnd = {false};
        loop.runUntilComplete(() -> {
            Task<String> inner = createTask(() -> "done");
            Task<Void> waiter = createTask(() -> {
                waitFor(inner, 100);
                sleep(1);
                reachedEnd[0] = true;
            });
            assertThat(waiter.isDone()).isFalse();
            sleep(0);
            waiter.cancel();
            assertThatThrownBy(waiter::await).isInstanceOf(CancelledError.class);
            assertThat(inner.await()).isEqualTo("done");
        });
        assertThat(reachedEnd[0]).isFalse();
    }

    @Test
    void timeoutOnAShieldCancelsOnlyTheShield() {
        loop.runUntilComplete(() -> {
            Task<String> task = createTask(() -> sleep(0.1, "done"));
            assertThatThrownBy(() -> waitFor(shield(task), 0.01)).isInstanceOf(TimeoutError.class);
            assertThat(task.isDone()).isFalse();
            assertThat(task.isCancelled()).isFalse();
            assertThat(task.await()).isEqualTo("done");
        });
    }

    @Test
    void zeroTimeoutOnAShieldLeavesTheShieldedTaskRunning() {
        loop.runUntilComplete(() -> {
            Task<String> task = createTask(() -> sleep(0.01, "done"));
            Future<String> shielded = shield(task);
            assertThatThrownBy(() -> waitFor(shielded, 0)).isInstanceOf(TimeoutError.class);
            assertThat(task.isDone()).isFalse();
            assertThat(shielded.isCancelled()).isTrue();
            sleep(0.1);
            assertThat(task.result()).isEqualTo("done");
        });
    }

    @Test
    void infiniteTimeoutOnAShieldWaitsForTheTask() {
        loop.runUntilComplete(() -> {
            Task<String> task = createTask(() -> sleep(0.1, "done"));
            assertThat(waitFor(shield(task), Double.POSITIVE_INFINITY)).isEqualTo("done");
            assertThat(task.isDone()).isTrue();
        });
    }

    @Test
    void waiterIsNotCancelledByItsOwnTimeout() {
        loop.runUntilComplete(() -> {
            Task<String> waiter = createTask(() -> {
                assertThatThrownBy(() -> waitFor(() -> sleep(10, "late"), 0.1)).isInstanceOf(TimeoutError.class);
                sleep(1); // no cancellation left over
                return "finished";
            });
            assertThat(waiter.await()).isEqualTo("finished");
            assertThat(waiter.cancelling()).isZero();
        });
    }
}
