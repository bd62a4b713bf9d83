package jasyncio;

import static jasyncio.Asyncio.createTask;
import static jasyncio.Asyncio.currentTask;
import static jasyncio.Asyncio.sleep;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;

import jasyncio.internal.SelectorLoop;
import jasyncio.internal.VirtualClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Cancelling a task at every point of its life, re-expressed from CPython's test_tasks.py
 * (test_cancel*, test_cancelling, test_uncancel*). Where asyncio's behaviour is subtle (which
 * message wins, whether an awaiter ignoring the cancel keeps its result) the expectation was
 * checked by running the same program on Python 3.11's asyncio.
 */
class TaskCancellationTest {
    private final SelectorLoop loop = new SelectorLoop(new VirtualClock());
    private final List<String> events = new ArrayList<>();

    @AfterEach
    void closeLoop() {
        loop.close();
    }

    /** Awaits {@code t} and returns the message of the CancelledError it raises. */
    private static String cancelMessageOf(Future<?> t) {
        try {
            t.await();
        } catch (CancelledError e) {
            return "CancelledError(" + e.getMessage() + ")";
        }
        throw new AssertionError("expected " + t + " to raise CancelledError");
    }

    // ------------------------------------------------------------ before start

    @Test
    void taskCancelledBeforeItStartsNeverRunsItsBody() {
        String seen = loop.runUntilComplete(() -> {
            Task<?> t = createTask(() -> events.add("body ran"));
            assertThat(t.cancel()).isTrue();
            assertThat(t.isDone()).isFalse(); // asyncio: done only once its first step has run
            return cancelMessageOf(t);
        });

        assertThat(seen).isEqualTo("CancelledError(null)");
        assertThat(events).isEmpty();
    }

    @Test
    void taskCancelledBeforeStartEndsCancelledWithTheLastMessage() {
        // asyncio: cancel('m1'), cancel('m2') before start -> ('m2',)
        loop.runUntilComplete(() -> {
            Task<?> t = createTask(() -> events.add("body ran"));
            assertThat(t.cancel("m1")).isTrue();
            assertThat(t.cancel("m2")).isTrue();
            assertThat(t.cancelling()).isEqualTo(2);
            assertThat(cancelMessageOf(t)).isEqualTo("CancelledError(m2)");
            assertThat(t.isCancelled()).isTrue();
        });

        assertThat(events).isEmpty();
    }

    // ------------------------------------------------------------ while suspended

    @Test
    void cancelWhileSleepingRaisesCancelledErrorAtTheSleepAndRunsFinally() {
        Task<Void> t = loop.createTask(() -> {
            try {
                events.add("sleeping");
                sleep(3600);
                events.add("woke");
            } finally {
                events.add("finally");
            }
        });
        loop.callLater(1, () -> t.cancel("stop"));

        assertThatThrownBy(() -> loop.runUntilComplete(t))
                .isInstanceOf(CancelledError.class)
                .hasMessage("stop");
        assertThat(events).containsExactly("sleeping", "finally");
        assertThat(t.isCancelled()).isTrue();
        assertThat(loop.time()).isEqualTo(1.0); // the one-hour timer did not hold the loop
    }

    @Test
    void cancelWhileAwaitingAFutureCancelsThatFutureWithTheMessage() {
        loop.runUntilComplete(() -> {
            Future<String> fut = loop.createFuture();
            Task<String> t = createTask(fut::await);
            sleep(0);

            assertThat(t.cancel("msgF")).isTrue();

            assertThat(fut.isCancelled()).isTrue();
            assertThatThrownBy(fut::result).hasMessage("msgF");
            assertThat(cancelMessageOf(t)).isEqualTo("CancelledError(msgF)");
            assertThat(t.isCancelled()).isTrue();
        });
    }

    @Test
    void cancelWhileAwaitingATaskCancelsThatTaskToo() {
        loop.runUntilComplete(() -> {
            Task<String> inner = createTask(() -> {
                try {
                    sleep(10);
                    return "inner done";
                } catch (CancelledError e) {
                    events.add("inner cancelled: " + e.getMessage());
                    throw e;
                }
            });
            Task<String> outer = createTask(inner::await);
            sleep(0);

            outer.cancel("from test");

            assertThat(cancelMessageOf(outer)).isEqualTo("CancelledError(from test)");
            assertThat(inner.isCancelled()).isTrue();
            assertThat(outer.isCancelled()).isTrue();
        });

        assertThat(events).containsExactly("inner cancelled: from test");
        assertThat(loop.time()).isZero();
    }

    @Test
    void outerTaskKeepsTheValueOfAnInnerTaskThatRefusedTheCancel() {
        // asyncio: 'outer ignoring', 42, cancelled() False, cancelling() 1
        loop.runUntilComplete(() -> {
            Task<Integer> outer = createTask(() -> createTask(() -> {
                try {
                    sleep(10);
                    return 0;
                } catch (CancelledError e) {
                    return 42;
                }
            }).await());
            sleep(0);
            sleep(0);

            outer.cancel("x");

            assertThat(outer.await()).isEqualTo(42);
            assertThat(outer.isCancelled()).isFalse();
            assertThat(outer.cancelling()).isEqualTo(1);
        });
    }

    @Test
    void awaiterOfACancelledTaskSeesItsMessageWithoutBeingCancelledItself() {
        // asyncio: ('aw', ('inner-msg',), False, 0)
        loop.runUntilComplete(() -> {
            Task<Void> sleeper = createTask(() -> sleep(10));
            Task<String> awaiter = createTask(() -> {
                String m = cancelMessageOf(sleeper);
                return m + " cancelled=" + currentTask().isCancelled() + " cancelling=" + currentTask().cancelling();
            });
            sleep(0);

            sleeper.cancel("inner-msg");

            assertThat(awaiter.await()).isEqualTo("CancelledError(inner-msg) cancelled=false cancelling=0");
        });
    }

    @Test
    void cancelTwiceWhileSuspendedCountsTwoRequestsAndTheFirstMessageWins() {
        // asyncio: cancel('m1') True, cancel('m2') True, cancelling() 2; the task sees ('m1',)
        loop.runUntilComplete(() -> {
            Task<String> t = createTask(() -> {
                try {
                    sleep(10);
                    return "slept";
                } catch (CancelledError e) {
                    return "caught " + e.getMessage();
                }
            });
            sleep(0);

            assertThat(t.cancel("m1")).isTrue();
            assertThat(t.cancel("m2")).isTrue();
            assertThat(t.cancelling()).isEqualTo(2);

            assertThat(t.await()).isEqualTo("caught m1");
            assertThat(t.isCancelled()).isFalse();
            assertThat(t.cancelling()).isEqualTo(2);
        });
    }

    @Test
    void cancelFromACallbackWhileTheTaskSleeps() {
        Task<Void> t = loop.createTask(() -> sleep(10));
        loop.callLater(2, () -> events.add("cancel returned " + t.cancel()));

        assertThatThrownBy(() -> loop.runUntilComplete(t)).isInstanceOf(CancelledError.class);
        assertThat(events).containsExactly("cancel returned true");
        assertThat(loop.time()).isEqualTo(2.0);
    }

    @Test
    void cancelAfterTheAwaitedFutureFinishedButBeforeTheTaskResumedStillCancels() {
        // asyncio: cancel('late') -> True; the task sees ('late',) although the future has a result
        loop.runUntilComplete(() -> {
            Future<Integer> fut = loop.createFuture();
            Task<String> t = createTask(() -> {
                try {
                    return "got " + fut.await();
                } catch (CancelledError e) {
                    return "cancelled " + e.getMessage();
                }
            });
            sleep(0);
            fut.setResult(1);

            assertThat(t.cancel("late")).isTrue();

            assertThat(t.await()).isEqualTo("cancelled late");
            assertThat(fut.result()).isEqualTo(1);
        });
    }

    @Test
    void uncancelBeforeStartLetsTheTaskRun() {
        // Python 3.13 semantics (3.11 would still cancel it): uncancel() to zero drops the request.
        loop.runUntilComplete(() -> {
            Task<String> t = createTask(() -> sleep(0, "ran"));
            t.cancel();
            assertThat(t.uncancel()).isZero();

            assertThat(t.await()).isEqualTo("ran");
            assertThat(t.isCancelled()).isFalse();
        });
    }

    // ------------------------------------------------------------ after done

    @Test
    void cancelAfterDoneReturnsFalseAndCountsNothing() {
        Task<String> t = loop.createTask(() -> "done");
        loop.runUntilComplete(t);

        assertThat(t.cancel()).isFalse();
        assertThat(t.cancel("late")).isFalse();
        assertThat(t.cancelling()).isZero();
        assertThat(t.isCancelled()).isFalse();
        assertThat(t.result()).isEqualTo("done");
    }

    @Test
    void cancelOfACancelledTaskReturnsFalse() {
        Task<Void> t = loop.createTask(() -> sleep(10));
        loop.callSoon(() -> t.cancel());
        assertThatThrownBy(() -> loop.runUntilComplete(t)).isInstanceOf(CancelledError.class);

        assertThat(t.cancel()).isFalse();
        assertThat(t.cancelling()).isEqualTo(1);
    }

    // ------------------------------------------------------------ refusing

    @Test
    void taskThatCatchesCancelledErrorAndReturnsFinishesNormally() {
        Task<String> t = loop.createTask(() -> {
            try {
                sleep(10);
                return "slept";
            } catch (CancelledError e) {
                events.add("caught " + e.getMessage());
            }
            sleep(5); // the cancellation was delivered once: later suspensions are normal
            return "carried on";
        });
        loop.callLater(1, () -> t.cancel("please"));

        assertThat(loop.runUntilComplete(t)).isEqualTo("carried on");
        assertThat(t.isCancelled()).isFalse();
        assertThat(t.cancelling()).isEqualTo(1);
        assertThat(events).containsExactly("caught please");
        assertThat(loop.time()).isEqualTo(6.0);
    }

    @Test
    void cleanupAfterCancelMaySuspendBeforeTheTaskEndsCancelled() {
        Task<Void> t = loop.createTask(() -> {
            try {
                sleep(10);
            } catch (CancelledError e) {
                sleep(3);
                events.add("cleaned up at " + loop.time());
                throw e;
            }
        });
        loop.callLater(1, t::cancel);

        assertThatThrownBy(() -> loop.runUntilComplete(t)).isInstanceOf(CancelledError.class);
        assertThat(events).containsExactly("cleaned up at 4.0");
        assertThat(t.isCancelled()).isTrue();
    }

    @Test
    void taskEndingWithAnotherExceptionAfterCancelFailsRatherThanCancels() {
        IllegalStateException cleanupFailure = new IllegalStateException("cleanup failed");
        Task<Void> t = loop.createTask(() -> {
            try {
                sleep(10);
            } catch (CancelledError e) {
                throw cleanupFailure;
            }
        });
        loop.callSoon(t::cancel);

        assertThatThrownBy(() -> loop.runUntilComplete(t)).isSameAs(cleanupFailure);
        assertThat(t.isCancelled()).isFalse();
        assertThat(t.exception()).isSameAs(cleanupFailure);
    }

    // ------------------------------------------------------------ cancelling() and uncancel()

    @Test
    void cancellingCountsRequestsAndUncancelWithdrawsThem() {
        loop.runUntilComplete(() -> {
            Task<String> t = createTask(() -> {
                try {
                    sleep(10);
                } catch (CancelledError e) {
                    return "uncancel -> " + currentTask().uncancel();
                }
                return "not cancelled";
            });
            sleep(0);
            assertThat(t.cancelling()).isZero();

            t.cancel();
            assertThat(t.cancelling()).isEqualTo(1);

            assertThat(t.await()).isEqualTo("uncancel -> 0");
            assertThat(t.cancelling()).isZero();
            assertThat(t.uncancel()).isZero(); // never below zero
            assertThat(t.cancelling()).isZero();
        });
    }

    @Test
    void uncancelToZeroDropsACancelTheTaskHasNotSeenYet() {
        // Python 3.13: uncancel() reaching zero also clears _must_cancel.
        String r = loop.runUntilComplete(() -> {
            Task<?> me = currentTask();
            assertThat(me.cancel("self")).isTrue();
            assertThat(me.uncancel()).isZero();
            sleep(0);
            sleep(1);
            return "survived";
        });

        assertThat(r).isEqualTo("survived");
    }

    @Test
    void uncancelAboveZeroKeepsThePendingCancel() {
        Task<Void> t = loop.createTask(() -> {
            Task<?> me = currentTask();
            me.cancel("first");
            me.cancel("second");
            assertThat(me.uncancel()).isEqualTo(1);
            events.add("before suspension");
            sleep(0);
            events.add("after suspension");
        });

        assertThatThrownBy(() -> loop.runUntilComplete(t)).isInstanceOf(CancelledError.class);
        assertThat(events).containsExactly("before suspension");
        assertThat(t.cancelling()).isEqualTo(1);
    }

    @Test
    void taskCanBeCancelledAgainAfterItUncancelled() {
        // asyncio: twice 2, cancelling() 0
        Task<Integer> t = loop.createTask(() -> {
            int refused = 0;
            for (int i = 0; i < 2; i++) {
                try {
                    sleep(10);
                } catch (CancelledError e) {
                    refused++;
                    currentTask().uncancel();
                }
            }
            return refused;
        });
        loop.callLater(1, t::cancel);
        loop.callLater(2, t::cancel);

        assertThat(loop.runUntilComplete(t)).isEqualTo(2);
        assertThat(t.cancelling()).isZero();
        assertThat(loop.time()).isEqualTo(2.0);
    }

    @Test
    void taskRaisingCancelledErrorOnItsOwnEndsCancelledWithoutARequest() {
        // asyncio: raiser ('own',) cancelled() True cancelling() 0
        Task<Void> t = loop.createTask(() -> {
            sleep(0);
            throw new CancelledError("own");
        });

        assertThatThrownBy(() -> loop.runUntilComplete(t)).isInstanceOf(CancelledError.class).hasMessage("own");
        assertThat(t.isCancelled()).isTrue();
        assertThat(t.cancelling()).isZero();
    }

    // ------------------------------------------------------------ self-cancellation

    @Test
    void taskCancellingItselfSeesCancelledErrorAtItsNextSuspension() {
        Task<Void> t = loop.createTask(() -> {
            assertThat(currentTask().cancel("me")).isTrue();
            events.add("still running");
            try {
                sleep(0);
                events.add("not reached");
            } catch (CancelledError e) {
                events.add("cancelled: " + e.getMessage());
                throw e;
            }
        });

        assertThatThrownBy(() -> loop.runUntilComplete(t)).isInstanceOf(CancelledError.class).hasMessage("me");
        assertThat(events).containsExactly("still running", "cancelled: me");
    }

    @Test
    void taskCancellingItselfAndReturningWithoutSuspendingEndsCancelled() {
        // asyncio: selfcancel ('me',) cancelled() True
        Task<Integer> t = loop.createTask(() -> {
            currentTask().cancel("me");
            return 1;
        });

        assertThatThrownBy(() -> loop.runUntilComplete(t)).isInstanceOf(CancelledError.class).hasMessage("me");
        assertThat(t.isCancelled()).isTrue();
    }

    @Test
    void awaitingADoneFutureIsNotASuspensionSoAPendingCancelWaitsForTheNextOne() {
        // asyncio: selfc2 [3, ('me2',)]
        List<Object> out = loop.runUntilComplete(() -> {
            Future<Integer> f = loop.createFuture();
            f.setResult(3);
            currentTask().cancel("me2");
            List<Object> seen = new ArrayList<>();
            seen.add(f.await());
            try {
                sleep(0);
            } catch (CancelledError e) {
                seen.add(e.getMessage());
            }
            return seen;
        });

        assertThat(out).containsExactly(3, "me2");
    }

    // ------------------------------------------------------------ debug mode

    @Test
    void debugModeReportsATaskThatSwallowedItsCancellation() {
        List<String> reports = new ArrayList<>();
        loop.setDebug(true);
        loop.setExceptionHandler((l, ctx) -> reports.add(ctx.message()));
        Task<String> t = loop.createTask(() -> {
            try {
                sleep(10);
            } catch (CancelledError e) {
                return "swallowed";
            }
            return "slept";
        }, "swallower");
        loop.callSoon(t::cancel);

        assertThat(loop.runUntilComplete(t)).isEqualTo("swallowed");
        assertThat(reports).singleElement().asString()
                .contains("swallower").contains("was cancelled but finished normally");
    }

    @Test
    void debugModeDoesNotReportATaskThatUncancelled() {
        List<String> reports = new ArrayList<>();
        loop.setDebug(true);
        loop.setExceptionHandler((l, ctx) -> reports.add(ctx.message()));
        Task<String> t = loop.createTask(() -> {
            try {
                sleep(10);
            } catch (CancelledError e) {
                currentTask().uncancel();
                return "refused on purpose";
            }
            return "slept";
        });
        loop.callSoon(t::cancel);

        assertThat(loop.runUntilComplete(t)).isEqualTo("refused on purpose");
        assertThat(reports).isEmpty();
    }
}
