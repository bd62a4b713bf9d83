package jasyncio;

import static jasyncio.Asyncio.createTask;
import static jasyncio.Asyncio.currentTask;
import static jasyncio.Asyncio.sleep;
import static jasyncio.Asyncio.timeout;
import static jasyncio.Asyncio.timeoutAt;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import jasyncio.internal.SelectorLoop;
import jasyncio.internal.VirtualClock;

/**
 * {@code asyncio.timeout} / {@code timeout_at} semantics, re-expressed from CPython's
 * test_timeouts.py, on a virtual clock so every deadline is exact and instant.
 */
@org.junit.jupiter.api.Timeout(10)
class TimeoutTest {
    private final VirtualClock clock = new VirtualClock();
    private final SelectorLoop loop = new SelectorLoop(clock);

    @AfterEach
    void closeLoop() {
        loop.close();
    }

    @Test
    void expiringTimeoutRaisesTimeoutErrorCausedByTheCancellation() {
        Timeout[] cm = new Timeout[1];
        Throwable thrown = loop.runUntilComplete(() -> catchThrowable(() -> {
            cm[0] = Timeout.after(0.01);
            cm[0].run(() -> sleep(10));
        }));
        assertThat(thrown).isInstanceOf(TimeoutError.class).hasCauseInstanceOf(CancelledError.class);
        assertThat(cm[0].expired()).isTrue();
    }

    @Test
    void timeoutFiresAtItsDeadlineOnTheLoopClock() {
        double[] at = new double[1];
        loop.runUntilComplete(() -> {
            assertThatThrownBy(() -> timeout(2.5, () -> sleep(3600))).isInstanceOf(TimeoutError.class);
            at[0] = loop.time();
        });
        assertThat(at[0]).isEqualTo(2.5);
    }

    @Test
    void bodyThatSeesTheCancellationInsideTheBlockStillEndsInTimeoutError() {
        List<String> events = new ArrayList<>();
        loop.runUntilComplete(() -> {
            assertThatThrownBy(() -> timeout(0.01, () -> {
                try {
                    sleep(10);
                } catch (CancelledError e) {
                    events.add("body saw CancelledError");
                    throw e;
                }
            })).isInstanceOf(TimeoutError.class);
        });
        assertThat(events).containsExactly("body saw CancelledError");
    }

    @Test
    void timeoutAtExpiresAtTheGivenLoopTimeAndReportsItsDeadline() {
        loop.runUntilComplete(() -> {
            double deadline = loop.time() + 0.01;
            Timeout cm = Timeout.at(deadline);
            assertThatThrownBy(() -> cm.run(() -> sleep(10))).isInstanceOf(TimeoutError.class);
            assertThat(cm.expired()).isTrue();
            assertThat(cm.when()).isEqualTo(deadline);
        });
    }

    @Test
    void staticTimeoutAtReturnsTheBodysValueWhenInTime() {
        String v = loop.runUntilComplete(() -> timeoutAt(loop.time() + 5, () -> sleep(1, "in time")));
        assertThat(v).isEqualTo("in time");
    }

    @Test
    void bodyThatFinishesInTimeReturnsItsValueAndTheTimeoutDidNotExpire() {
        loop.runUntilComplete(() -> {
            Timeout cm = Timeout.after(10);
            String v = cm.run(() -> sleep(0.01, "done"));
            assertThat(v).isEqualTo("done");
            assertThat(cm.expired()).isFalse();
            assertThat(cm.when()).isGreaterThan(loop.time());
            assertThat(currentTask().cancelling()).isZero();
        });
    }

    @Test
    void durationOverloadBehavesLikeSeconds() {
        loop.runUntilComplete(() -> {
            assertThat(timeout(Duration.ofSeconds(2), () -> sleep(1, "ok"))).isEqualTo("ok");
            assertThatThrownBy(() -> timeout(Duration.ofMillis(500), () -> sleep(1)))
                    .isInstanceOf(TimeoutError.class);
            assertThat(loop.time()).isEqualTo(1.5);
        });
    }

    @Test
    void infiniteTimeoutNeverExpires() {
        loop.runUntilComplete(() -> {
            Timeout cm = Timeout.after(Double.POSITIVE_INFINITY);
            cm.run(() -> sleep(1_000_000));
            assertThat(cm.expired()).isFalse();
            assertThat(cm.when()).isEqualTo(Double.POSITIVE_INFINITY);
        });
    }

    @Test
    void zeroTimeoutExpiresAtOnceEvenAroundASleepOfZero() {
        loop.runUntilComplete(() -> {
            double t0 = loop.time();
            Timeout cm = Timeout.after(0);
            assertThatThrownBy(() -> cm.run(() -> sleep(0))).isInstanceOf(TimeoutError.class);
            assertThat(cm.expired()).isTrue();
            assertThat(cm.when()).isEqualTo(t0);
            assertThat(loop.time()).isEqualTo(t0);
        });
    }

    @Test
    void deadlineAlreadyInThePastExpiresAtTheFirstSuspension() {
        List<String> events = new ArrayList<>();
        loop.runUntilComplete(() -> {
            clock.advance(20_000_000_000L);
            Timeout cm = Timeout.after(-11);
            assertThatThrownBy(() -> cm.run(() -> {
                events.add("body runs");
                sleep(0);
                events.add("not reached");
            })).isInstanceOf(TimeoutError.class);
            assertThat(cm.expired()).isTrue();
            assertThat(cm.when()).isEqualTo(9.0);
        });
        assertThat(events).containsExactly("body runs");
    }

    @Test
    void foreignExceptionPassesThroughUnchangedAndTheTimeoutDidNotExpire() {
        loop.runUntilComplete(() -> {
            Timeout cm = Timeout.after(0.01);
            assertThatThrownBy(() -> cm.run(() -> {
                throw new IllegalArgumentException("boom");
            })).isInstanceOf(IllegalArgumentException.class).hasMessage("boom");
            assertThat(cm.expired()).isFalse();
        });
    }

    @Test
    void checkedExceptionFromTheBodyArrivesWrapped() {
        loop.runUntilComplete(() -> {
            assertThatThrownBy(() -> timeout(1, () -> {
                throw new java.io.IOException("disk");
            })).isInstanceOf(java.util.concurrent.CompletionException.class)
                    .hasCauseInstanceOf(java.io.IOException.class);
        });
    }

    @Test
    void exceptionRaisedWhileHandlingTheTimeoutCancellationWinsOverTimeoutError() {
        loop.runUntilComplete(() -> {
            assertThatThrownBy(() -> timeout(0.01, () -> {
                try {
                    sleep(1);
                } finally {
                    throw new ArithmeticException("/ by zero");
                }
            })).isInstanceOf(ArithmeticException.class);
        });
    }

    @Test
    void foreignCancellationInsideAnUnexpiredTimeoutStaysACancellation() {
        Timeout[] cm = new Timeout[1];
        Task<Void> t = loop.createTask(() -> {
            cm[0] = Timeout.after(10);
            cm[0].run(() -> {
                currentTask().cancel();
                sleep(10);
            });
        });
        assertThatThrownBy(() -> loop.runUntilComplete(t)).isInstanceOf(CancelledError.class);
        assertThat(cm[0].expired()).isFalse();
        assertThat(t.isCancelled()).isTrue();
    }

    @Test
    void taskWhoseTimeoutExpiredIsNotItselfCancelled() {
        Task<String> outer = loop.createTask(() -> {
            assertThatThrownBy(() -> timeout(0.001, () -> sleep(10))).isInstanceOf(TimeoutError.class);
            return "finished";
        });
        assertThat(loop.runUntilComplete(outer)).isEqualTo("finished");
        assertThat(outer.isCancelled()).isFalse();
        assertThat(outer.cancelling()).isZero();
    }

    @Test
    void innerTimeoutExpiringFirstRaisesInsideAndTheOuterBlockContinues() {
        List<String> events = new ArrayList<>();
        String v = loop.runUntilComplete(() -> {
            Timeout outer = Timeout.after(10);
            Timeout inner = Timeout.after(1);
            String r = outer.run(() -> {
                try {
                    inner.run(() -> sleep(5));
                } catch (TimeoutError e) {
                    events.add("inner TimeoutError at " + loop.time());
                }
                sleep(5);
                events.add("outer body done at " + loop.time());
                return "outer value";
            });
            assertThat(inner.expired()).isTrue();
            assertThat(outer.expired()).isFalse();
            assertThat(currentTask().cancelling()).isZero();
            return r;
        });
        assertThat(v).isEqualTo("outer value");
        assertThat(events).containsExactly("inner TimeoutError at 1.0", "outer body done at 6.0");
    }

    @Test
    void outerTimeoutExpiringInsideTheInnerComesFromTheOuterWhileTheInnerPropagatesCancellation() {
        List<String> events = new ArrayList<>();
        loop.runUntilComplete(() -> {
            Timeout outer = Timeout.after(1);
            Timeout inner = Timeout.after(10);
            Throwable thrown = catchThrowable(() -> outer.run(() -> {
                try {
                    inner.run(() -> sleep(100));
                } catch (Throwable e) {
                    events.add("inner block ended with " + e.getClass().getSimpleName());
                    throw e;
                }
            }));
            events.add("outer raised " + thrown.getClass().getSimpleName() + " at " + loop.time());
            assertThat(thrown).hasCauseInstanceOf(CancelledError.class);
            assertThat(outer.expired()).isTrue();
            assertThat(inner.expired()).isFalse();
            assertThat(currentTask().cancelling()).isZero();
        });
        assertThat(events).containsExactly("inner block ended with CancelledError",
                "outer raised TimeoutError at 1.0");
    }

    @Test
    void nestedTimeoutsWithTheSameDeadlineRaiseOnlyFromTheOutermost() {
        List<String> events = new ArrayList<>();
        loop.runUntilComplete(() -> {
            double deadline = loop.time() + 0.01;
            Timeout cm1 = Timeout.at(deadline);
            Timeout cm2 = Timeout.at(deadline);
            assertThatThrownBy(() -> cm1.run(() -> {
                try {
                    cm2.run(() -> sleep(10));
                } catch (CancelledError e) {
                    events.add("inner propagated CancelledError");
                    throw e;
                }
            })).isInstanceOf(TimeoutError.class);
            assertThat(cm1.expired()).isTrue();
            assertThat(cm2.expired()).isTrue();
        });
        assertThat(events).containsExactly("inner propagated CancelledError");
    }

    @Test
    void loopBusyPastBothDeadlinesMakesTheOuterTimeoutTheOneThatRaises() {
        // Both timers fire in the same iteration: two cancel requests are pending when the inner
        // block exits, so only the outer one converts the cancellation (as asyncio does).
        List<String> events = new ArrayList<>();
        loop.runUntilComplete(() -> {
            double t0 = loop.time();
            Throwable outer = catchThrowable(() -> timeout(0.1, () -> {
                Throwable inner = catchThrowable(() -> timeout(0.01, () -> {
                    clock.advance(100_000_000L); // the loop is busy for 0.1 s: both deadlines pass
                    sleep(1);
                }));
                events.add("inner raised " + inner.getClass().getSimpleName());
                throw (RuntimeException) inner;
            }));
            events.add("outer raised " + outer.getClass().getSimpleName());
            assertThat(loop.time() - t0).isLessThan(1.0);
        });
        assertThat(events).containsExactly("inner raised CancelledError", "outer raised TimeoutError");
    }

    @Test
    void rescheduleMovesTheDeadlineEarlier() {
        loop.runUntilComplete(() -> {
            Timeout cm = Timeout.after(100);
            assertThatThrownBy(() -> cm.run(() -> {
                cm.reschedule(loop.time() + 2);
                sleep(50);
            })).isInstanceOf(TimeoutError.class);
            assertThat(loop.time()).isEqualTo(2.0);
            assertThat(cm.when()).isEqualTo(2.0);
        });
    }

    @Test
    void rescheduleMovesTheDeadlineLater() {
        loop.runUntilComplete(() -> {
            Timeout cm = Timeout.after(1);
            String v = cm.run(() -> {
                cm.reschedule(loop.time() + 10);
                return sleep(5, "survived");
            });
            assertThat(v).isEqualTo("survived");
            assertThat(cm.expired()).isFalse();
            assertThat(loop.time()).isEqualTo(5.0);
        });
    }

    @Test
    void rescheduleToInfinityDisablesTheTimeout() {
        loop.runUntilComplete(() -> {
            Timeout cm = Timeout.after(1);
            cm.run(() -> {
                cm.reschedule(Double.POSITIVE_INFINITY);
                assertThat(cm.when()).isEqualTo(Double.POSITIVE_INFINITY);
                sleep(1000);
            });
            assertThat(cm.expired()).isFalse();
            assertThat(loop.time()).isEqualTo(1000.0);
        });
    }

    @Test
    void rescheduleIntoThePastExpiresAtTheNextSuspension() {
        loop.runUntilComplete(() -> {
            clock.advance(5_000_000_000L);
            Timeout cm = Timeout.after(100);
            assertThatThrownBy(() -> cm.run(() -> {
                cm.reschedule(1);
                sleep(0);
            })).isInstanceOf(TimeoutError.class);
            assertThat(cm.expired()).isTrue();
            assertThat(loop.time()).isEqualTo(5.0);
        });
    }

    @Test
    void rescheduleFromAnotherTaskAffectsTheRunningBlock() {
        Future<Timeout> entered = loop.createFuture();
        Task<Void> worker = loop.createTask(() -> {
            Timeout cm = Timeout.at(10);
            cm.run(() -> {
                entered.setResult(cm);
                sleep(50);
            });
        });
        loop.runUntilComplete(() -> {
            Timeout cm = entered.await();
            assertThat(cm.when()).isEqualTo(10.0);
            cm.reschedule(30);
            assertThat(cm.when()).isEqualTo(30.0);
            cm.reschedule(Double.POSITIVE_INFINITY);
            worker.cancel();
            assertThatThrownBy(worker::await).isInstanceOf(CancelledError.class);
            assertThat(cm.expired()).isFalse();
        });
    }

    @Test
    void rescheduleBeforeEnteringOrAfterFinishingIsRefused() {
        loop.runUntilComplete(() -> {
            Timeout fresh = Timeout.after(0.01);
            assertThatThrownBy(() -> fresh.reschedule(1))
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("has not been entered");
            fresh.run(() -> {});
            assertThatThrownBy(() -> fresh.reschedule(1))
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("finished");
        });
    }

    @Test
    void rescheduleOfAnExpiredTimeoutIsRefused() {
        loop.runUntilComplete(() -> {
            Timeout cm = Timeout.after(0.01);
            assertThatThrownBy(() -> cm.run(() -> sleep(1))).isInstanceOf(TimeoutError.class);
            assertThatThrownBy(() -> cm.reschedule(1))
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("expired");
        });
    }

    @Test
    void aTimeoutCannotBeEnteredTwice() {
        loop.runUntilComplete(() -> {
            Timeout cm = Timeout.after(1);
            cm.run(() -> assertThatThrownBy(() -> cm.run(() -> {}))
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("has already been entered"));
            assertThatThrownBy(() -> cm.run(() -> {}))
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("has already been entered");
        });
    }

    @Test
    void timeoutOutsideAnyLoopIsRefused() {
        assertThatThrownBy(() -> timeout(1, () -> "x")).isInstanceOf(IllegalStateException.class);
        Timeout cm = Timeout.at(1);
        assertThatThrownBy(() -> cm.run(() -> "x"))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("inside a task");
        assertThatThrownBy(() -> cm.reschedule(2))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("has not been entered");
    }

    @Test
    void timeoutInALoopCallbackIsRefusedBecauseThereIsNoTask() {
        Future<Throwable> seen = loop.createFuture();
        loop.callSoon(() -> seen.setResult(catchThrowable(() -> Timeout.after(1).run(() -> "x"))));
        Throwable thrown = loop.runUntilComplete(seen);
        assertThat(thrown).isInstanceOf(IllegalStateException.class).hasMessageContaining("inside a task");
    }

    @Test
    void bodyThatSwallowsTheCancellationFinishesNormally() {
        loop.runUntilComplete(() -> {
            Timeout cm = Timeout.after(1);
            String v = cm.run(() -> {
                try {
                    sleep(10);
                } catch (CancelledError e) {
                    return "swallowed";
                }
                return "slept";
            });
            assertThat(v).isEqualTo("swallowed");
            assertThat(cm.expired()).isTrue();
            assertThat(currentTask().cancelling()).isZero();
            sleep(1); // no cancellation is left pending
        });
    }

    @Test
    void expiredTimeoutRestoresTheCancellingCountSeenAtEntry() {
        loop.runUntilComplete(() -> {
            Task<?> me = currentTask();
            me.cancel();
            try {
                sleep(1);
            } catch (CancelledError e) {
                // refused, without uncancel(): cancelling() stays 1
            }
            assertThat(me.cancelling()).isEqualTo(1);
            assertThatThrownBy(() -> timeout(0, () -> sleep(1))).isInstanceOf(TimeoutError.class);
            assertThat(me.cancelling()).isEqualTo(1);
            me.uncancel();
        });
    }

    @Test
    void cancelInsideATimeoutAfterAnEarlierRefusedCancellationStaysACancellation() {
        loop.runUntilComplete(() -> {
            Task<?> me = currentTask();
            me.cancel();
            try {
                sleep(1);
            } catch (CancelledError e) {
                // refused
            }
            assertThatThrownBy(() -> timeout(1.0, () -> {
                me.cancel();
                sleep(2);
            })).isInstanceOf(CancelledError.class);
            assertThat(me.cancelling()).isEqualTo(2);
            me.uncancel();
            me.uncancel();
        });
    }

    @Test
    void nestedTimeoutInAFinallyBlockOfAnExpiredOneRaisesItsOwnTimeoutError() {
        List<String> events = new ArrayList<>();
        loop.runUntilComplete(() -> {
            assertThatThrownBy(() -> timeout(0.01, () -> {
                try {
                    sleep(1);
                } finally {
                    Throwable inner = catchThrowable(() -> timeout(0.01, () -> sleep(10)));
                    events.add("cleanup timeout: " + inner.getClass().getSimpleName());
                }
            })).isInstanceOf(TimeoutError.class);
        });
        assertThat(events).containsExactly("cleanup timeout: TimeoutError");
    }

    @Test
    void timeoutAroundATaskGroupCancelsTheChildrenAndRaisesTimeoutError() {
        List<String> events = new ArrayList<>();
        loop.runUntilComplete(() -> {
            assertThatThrownBy(() -> timeout(1, () -> Asyncio.taskGroup(tg -> {
                tg.createTask(() -> {
                    try {
                        sleep(10);
                    } catch (CancelledError e) {
                        events.add("child cancelled at " + loop.time());
                        throw e;
                    }
                });
                sleep(10);
            }))).isInstanceOf(TimeoutError.class);
            assertThat(currentTask().cancelling()).isZero();
        });
        assertThat(events).containsExactly("child cancelled at 1.0");
    }

    @Test
    void toStringNamesTheStateLikeAsyncio() {
        loop.runUntilComplete(() -> {
            Timeout active = Timeout.after(10);
            active.run(() -> assertThat(active.toString()).matches("<Timeout \\[active] when=\\d+\\.\\d*>"));
            assertThat(active.toString()).startsWith("<Timeout [finished]");
            Timeout expired = Timeout.after(0.01);
            assertThatThrownBy(() -> expired.run(() -> sleep(10))).isInstanceOf(TimeoutError.class);
            assertThat(expired.toString()).startsWith("<Timeout [expired]");
        });
    }

    @Test
    void timeoutOfOneTaskDoesNotDisturbAnotherTask() {
        List<String> events = new ArrayList<>();
        loop.runUntilComplete(() -> {
            Task<Void> other = createTask(() -> {
                sleep(3);
                events.add("other woke at " + loop.time());
            });
            assertThatThrownBy(() -> timeout(1, () -> sleep(5))).isInstanceOf(TimeoutError.class);
            events.add("timed out at " + loop.time());
            other.await();
        });
        assertThat(events).containsExactly("timed out at 1.0", "other woke at 3.0");
    }
}
