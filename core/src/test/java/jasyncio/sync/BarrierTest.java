package jasyncio.sync;

import static jasyncio.Asyncio.createTask;
import static jasyncio.Asyncio.gather;
import static jasyncio.Asyncio.sleep;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.IntStream;

import jasyncio.Asyncio;
import jasyncio.CancelledError;
import jasyncio.Coroutine;
import jasyncio.ReturnExceptions;
import jasyncio.Task;
import jasyncio.internal.SelectorLoop;
import jasyncio.internal.VirtualClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.Timeout.ThreadMode;

/** {@link Barrier}, re-expressed from CPython's test_locks.py (BarrierTests). */
@Timeout(value = 10, threadMode = ThreadMode.SEPARATE_THREAD)
class BarrierTest {
    private static final int N = 5;
    private final SelectorLoop loop = new SelectorLoop(new VirtualClock());
    private final List<String> events = Collections.synchronizedList(new ArrayList<>());

    @AfterEach
    void closeLoop() {
        loop.close();
    }

    private static <T> List<Task<T>> makeTasks(int n, Coroutine<T> coro) {
        List<Task<T>> tasks = new ArrayList<>();
        for (int i = 0; i < n; i++) tasks.add(createTask(coro));
        return tasks;
    }

    private static <T> List<T> gatherTasks(int n, Coroutine<T> coro) {
        return gather(makeTasks(n, coro));
    }

    private static long count(List<String> list, String value) {
        return list.stream().filter(value::equals).count();
    }

    @Test
    void aBarrierNeedsAtLeastOneParty() {
        assertThatThrownBy(() -> new Barrier(0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("parties must be >= 1");
        assertThatThrownBy(() -> new Barrier(-4)).isInstanceOf(IllegalArgumentException.class);
        assertThat(new Barrier(N).parties()).isEqualTo(N);
    }

    @Test
    void toStringFollowsTheStatesFillingDrainingResettingBroken() {
        loop.runUntilComplete(() -> {
            Barrier barrier = new Barrier(N);
            assertThat(barrier).hasToString("<Barrier [filling, waiters:0/5]>");
            List<Task<Integer>> waiters = new ArrayList<>();
            waiters.addAll(makeTasks(2, barrier::await));
            sleep(0);
            assertThat(barrier).hasToString("<Barrier [filling, waiters:2/5]>");

            waiters.addAll(makeTasks(barrier.parties() - barrier.nWaiting(), barrier::await));
            sleep(0);
            assertThat(barrier).hasToString("<Barrier [draining, waiters:0/5]>");

            waiters.addAll(makeTasks(2, barrier::await));
            sleep(0);
            barrier.reset();
            assertThat(barrier).hasToString("<Barrier [resetting, waiters:0/5]>");

            waiters.addAll(makeTasks(2, barrier::await));
            sleep(0);
            barrier.abort();
            assertThat(barrier).hasToString("<Barrier [broken]>");
            assertThat(barrier.isBroken()).isTrue();
            gather(ReturnExceptions.YES, waiters);
        });
    }

    @Test
    void everyPartyGetsADistinctArrivalIndex() {
        loop.runUntilComplete(() -> {
            Barrier barrier = new Barrier(3);
            List<Integer> indices = gatherTasks(3, barrier::await);
            assertThat(indices).containsExactlyInAnyOrder(0, 1, 2);
            assertThat(barrier.nWaiting()).isZero();
            assertThat(barrier.isBroken()).isFalse();
        });
    }

    @Test
    void aOnePartyBarrierPassesAtOnceEveryTime() {
        loop.runUntilComplete(() -> {
            Barrier barrier = new Barrier(1);
            assertThat(barrier.await()).isZero();
            Task<Integer> t1 = createTask(barrier::await);
            sleep(0);
            assertThat(barrier.nWaiting()).isZero();
            Task<Integer> t2 = createTask(barrier::await);
            sleep(0);
            assertThat(t1.result()).isZero();
            assertThat(t2.result()).isZero();
            assertThat(barrier.isBroken()).isFalse();
        });
    }

    @Test
    void nWaitingCountsPartiesAsTheyArrive() {
        loop.runUntilComplete(() -> {
            Barrier barrier = new Barrier(3);
            Task<Integer> t1 = createTask(barrier::await);
            sleep(0);
            assertThat(barrier.nWaiting()).isEqualTo(1);
            Task<Integer> t2 = createTask(barrier::await);
            sleep(0);
            assertThat(barrier.nWaiting()).isEqualTo(2);
            Task<Integer> t3 = createTask(barrier::await);
            gather(t1, t2, t3);
            assertThat(barrier.nWaiting()).isZero();
            assertThat(barrier.isBroken()).isFalse();
        });
    }

    @Test
    void theSamePartiesPassTheBarrierTwiceAndGetIndicesBothTimes() {
        loop.runUntilComplete(() -> {
            Barrier barrier = new Barrier(N);
            List<Integer> second = gatherTasks(N, () -> {
                barrier.await();
                events.add("first");
                int i = barrier.await();
                events.add("second");
                return i;
            });
            assertThat(count(events, "first")).isEqualTo(N);
            assertThat(count(events, "second")).isEqualTo(N);
            assertThat(second).containsExactlyInAnyOrderElementsOf(IntStream.range(0, N).boxed().toList());
            assertThat(barrier.nWaiting()).isZero();
            assertThat(barrier.isBroken()).isFalse();
        });
    }

    @Test
    void thePartiesLeavingSeeDrainingUntilTheLastOneLeaves() {
        loop.runUntilComplete(() -> {
            Barrier barrier = new Barrier(N);
            gatherTasks(N, () -> {
                barrier.await();
                events.add(barrier.toString().contains("draining") ? "draining" : "not draining");
                return null;
            });
            List<String> expected = new ArrayList<>(Collections.nCopies(N - 1, "draining"));
            expected.add("not draining"); // the last one out turned the barrier back to filling
            assertThat(events).containsExactlyElementsOf(expected);
            assertThat(barrier.nWaiting()).isZero();
            assertThat(barrier.isBroken()).isFalse();
        });
    }

    @Test
    void partiesArrivingWhileTheBarrierDrainsWaitForTheNextRound() {
        // test_blocking_tasks_while_draining
        loop.runUntilComplete(() -> {
            int rewait = 2;
            Barrier barrier = new Barrier(N);
            Barrier others = new Barrier(N - rewait);
            int[] rewaitLeft = {rewait};
            gatherTasks(N, () -> {
                barrier.await();
                if (rewaitLeft[0] > 0) {
                    rewaitLeft[0]--;
                    barrier.await(); // arrives while the first round drains
                } else {
                    others.await();  // N - rewait parties meet here after draining ended
                    barrier.await();
                }
                return null;
            });
            assertThat(barrier.nWaiting()).isZero();
            assertThat(others.nWaiting()).isZero();
        });
    }

    @Test
    void aPartyCancelledWhileFillingLeavesTheBarrier() {
        loop.runUntilComplete(() -> {
            Barrier barrier = new Barrier(3);
            Coroutine<Void> coro = () -> {
                barrier.await();
                events.add("passed");
                return null;
            };
            Task<Void> t1 = createTask(coro);
            sleep(0);
            assertThat(barrier.nWaiting()).isEqualTo(1);
            Task<Void> t2 = createTask(coro);
            sleep(0);
            assertThat(barrier.nWaiting()).isEqualTo(2);

            t1.cancel();
            sleep(0);
            assertThat(barrier.nWaiting()).isEqualTo(1);
            assertThatThrownBy(t1::await).isInstanceOf(CancelledError.class);
            assertThat(t1.isCancelled()).isTrue();

            Task<Void> t3 = createTask(coro);
            sleep(0);
            assertThat(barrier.nWaiting()).isEqualTo(2);
            Task<Void> t4 = createTask(coro);
            gather(t2, t3, t4);
            assertThat(events).hasSize(3);
            assertThat(barrier.nWaiting()).isZero();
            assertThat(barrier.isBroken()).isFalse();
        });
    }

    @Test
    void aPartyCancelledWhileBlockedByDrainingNeverEntersTheRound() {
        loop.runUntilComplete(() -> {
            Barrier barrier = new Barrier(2);
            Task<Integer> a = createTask(barrier::await);
            Task<Integer> b = createTask(barrier::await); // releases a; the round drains
            Task<Integer> late = createTask(barrier::await); // must wait for the drain
            sleep(0);
            assertThat(barrier.count()).isEqualTo(1); // a has not left yet, late is outside
            late.cancel();
            gather(a, b);
            assertThatThrownBy(late::await).isInstanceOf(CancelledError.class);
            assertThat(barrier.count()).isZero();
            assertThat(barrier).hasToString("<Barrier [filling, waiters:0/2]>");
        });
    }

    @Test
    void resetOfAnEmptyBarrierLeavesItFilling() {
        loop.runUntilComplete(() -> {
            Barrier barrier = new Barrier(1);
            barrier.reset();
            assertThat(barrier.nWaiting()).isZero();
            assertThat(barrier.isBroken()).isFalse();
            assertThat(barrier).hasToString("<Barrier [filling, waiters:0/1]>");
        });
    }

    @Test
    void resetBreaksTheWaitOfEveryPartyInside() {
        loop.runUntilComplete(() -> {
            Barrier barrier = new Barrier(N);
            List<Task<Void>> tasks = makeTasks(N - 1, () -> {
                try {
                    barrier.await();
                } catch (BrokenBarrierError e) {
                    events.add(e.getMessage());
                }
                return null;
            });
            sleep(0);
            createTask(barrier::reset);
            gather(tasks);
            assertThat(events).hasSize(N - 1).containsOnly("Abort or reset of barrier");
            assertThat(barrier.nWaiting()).isZero();
            assertThat(barrier.toString()).doesNotContain("resetting");
            assertThat(barrier.isBroken()).isFalse();
        });
    }

    @Test
    void resetWhileSomePartiesHaveNotLeftYetBreaksTheirWait() {
        // test_reset_barrier_when_tasks_half_draining
        loop.runUntilComplete(() -> {
            Barrier barrier = new Barrier(N);
            int restOfTasks = N / 2;
            gatherTasks(N, () -> {
                try {
                    barrier.await();
                } catch (BrokenBarrierError e) {
                    events.add("broken");
                    return null;
                }
                if (barrier.count() == restOfTasks) barrier.reset();
                return null;
            });
            // The parties woken for the drain but not yet out see the reset, as in asyncio.
            assertThat(events).containsExactlyElementsOf(Collections.nCopies(restOfTasks, "broken"));
            assertThat(barrier.nWaiting()).isZero();
            assertThat(barrier.toString()).doesNotContain("resetting");
            assertThat(barrier.isBroken()).isFalse();
        });
    }

    @Test
    void resetWhileDrainingBreaksThePartiesStillInsideWhoThenMeetWithTheOthers() {
        // test_reset_barrier_when_tasks_half_draining_half_blocking
        loop.runUntilComplete(() -> {
            Barrier barrier = new Barrier(N);
            int blocking = N / 2;
            int[] passed = {0};
            gatherTasks(N, () -> {
                try {
                    barrier.await();
                } catch (BrokenBarrierError e) {
                    events.add("broken while waiting");
                    barrier.await();
                    return null;
                }
                passed[0]++;
                if (passed[0] > blocking) {
                    barrier.reset();
                    barrier.await();
                } else {
                    try {
                        barrier.await();
                    } catch (BrokenBarrierError e) {
                        events.add("broken in second round");
                    }
                }
                return null;
            });
            // The reset catches the parties of the first round that had not left yet; they and
            // the early second-round arrivals (held back while resetting) then meet in full.
            assertThat(events).containsExactlyElementsOf(Collections.nCopies(blocking, "broken while waiting"));
            assertThat(barrier.nWaiting()).isZero();
            assertThat(barrier.isBroken()).isFalse();
        });
    }

    @Test
    void partiesBrokenByResetCanMeetAgainWithANewcomer() {
        // test_reset_barrier_while_tasks_waiting_and_waiting_again
        loop.runUntilComplete(() -> {
            Barrier barrier = new Barrier(N);
            List<Task<Void>> tasks = makeTasks(N - 1, () -> {
                try {
                    barrier.await();
                } catch (BrokenBarrierError e) {
                    events.add("broken");
                } finally {
                    barrier.await();
                    events.add("passed");
                }
                return null;
            });
            createTask(barrier::reset);
            sleep(0);
            createTask(() -> {
                barrier.await();
                events.add("passed");
            });
            gather(tasks);
            assertThat(barrier.isBroken()).isFalse();
            assertThat(count(events, "broken")).isEqualTo(N - 1);
            sleep(0);
            assertThat(count(events, "passed")).isEqualTo(N);
            assertThat(barrier.nWaiting()).isZero();
        });
    }

    @Test
    void resetByTheLastPartyToLeaveDoesNotBreakTheNextRound() {
        // test_reset_barrier_while_tasks_draining
        loop.runUntilComplete(() -> {
            Barrier barrier = new Barrier(N);
            int[] left = {0};
            gatherTasks(N, () -> {
                barrier.await();
                left[0]++;
                if (left[0] == N) {
                    barrier.reset(); // nobody inside: back to filling, others waiting are unaffected
                    barrier.await();
                } else {
                    try {
                        barrier.await();
                        events.add("second round");
                    } catch (RuntimeException e) {
                        events.add("unexpected " + e);
                    }
                }
                barrier.await();
                events.add("third round");
                return null;
            });
            assertThat(barrier.isBroken()).isFalse();
            assertThat(count(events, "second round")).isEqualTo(N - 1);
            assertThat(count(events, "third round")).isEqualTo(N);
            assertThat(events).allMatch(e -> !e.startsWith("unexpected"));
            assertThat(barrier.nWaiting()).isZero();
        });
    }

    @Test
    void abortBreaksTheBarrier() {
        loop.runUntilComplete(() -> {
            Barrier barrier = new Barrier(1);
            barrier.abort();
            assertThat(barrier.nWaiting()).isZero();
            assertThat(barrier.isBroken()).isTrue();
            assertThatThrownBy(barrier::await)
                    .isInstanceOf(BrokenBarrierError.class)
                    .hasMessage("Barrier aborted");
        });
    }

    @Test
    void abortBreaksBothTheWaitersAndTheLaterArrivals() {
        // test_abort_barrier_when_tasks_half_draining_half_blocking
        loop.runUntilComplete(() -> {
            Barrier barrier = new Barrier(N);
            int blocking = N / 2;
            int[] passed = {0};
            gatherTasks(N, () -> {
                try {
                    barrier.await();
                } catch (BrokenBarrierError e) {
                    events.add("first wait: " + e.getMessage());
                    return null;
                }
                passed[0]++;
                if (passed[0] > blocking) {
                    barrier.abort();
                } else {
                    try {
                        barrier.await();
                    } catch (BrokenBarrierError e) {
                        events.add("second wait: " + e.getMessage());
                    }
                }
                return null;
            });
            assertThat(barrier.isBroken()).isTrue();
            // Not yet out of the first round: "Abort or reset of barrier"; arrived for the
            // second round while it drained: "Barrier aborted".
            assertThat(count(events, "first wait: Abort or reset of barrier")).isEqualTo(blocking);
            assertThat(count(events, "second wait: Barrier aborted")).isEqualTo(N - blocking - 1);
            assertThat(events).hasSize(N - 1);
            assertThat(barrier.nWaiting()).isZero();
        });
    }

    @Test
    void aPartyThatFailsInsideAbortsAndEveryoneElseSeesTheBarrierBroken() {
        // test_abort_barrier_when_exception
        loop.runUntilComplete(() -> {
            Barrier barrier = new Barrier(N);
            gatherTasks(N, () -> {
                try {
                    int i = barrier.await();
                    if (i == N / 2) throw new IllegalStateException("failure inside");
                    barrier.await();
                    events.add("passed");
                } catch (BrokenBarrierError e) {
                    events.add("broken");
                } catch (IllegalStateException e) {
                    barrier.abort();
                }
                return null;
            });
            assertThat(barrier.isBroken()).isTrue();
            assertThat(count(events, "passed")).isZero();
            assertThat(count(events, "broken")).isEqualTo(N - 1);
            assertThat(barrier.nWaiting()).isZero();
        });
    }

    @Test
    void anAbortedBarrierWorksAgainAfterReset() {
        // test_abort_barrier_when_exception_then_resetting
        loop.runUntilComplete(() -> {
            Barrier barrier1 = new Barrier(N);
            Barrier barrier2 = new Barrier(N);
            gatherTasks(N, () -> {
                try {
                    int i = barrier1.await();
                    if (i == N / 2) throw new IllegalStateException("failure inside");
                    barrier1.await();
                    events.add("passed");
                } catch (BrokenBarrierError e) {
                    events.add("broken");
                } catch (IllegalStateException e) {
                    barrier1.abort();
                }
                // Everyone leaves barrier1 before the reset, and nobody enters before it.
                int i = barrier2.await();
                if (i == N / 2) barrier1.reset();
                barrier2.await();
                barrier1.await();
                events.add("after reset");
                return null;
            });
            assertThat(barrier1.isBroken()).isFalse();
            assertThat(count(events, "passed")).isZero();
            assertThat(count(events, "broken")).isEqualTo(N - 1);
            assertThat(count(events, "after reset")).isEqualTo(N);
            assertThat(barrier1.nWaiting()).isZero();
        });
    }

    @Test
    void aTimeoutAroundAwaitLeavesTheBarrierAsItWas() {
        loop.runUntilComplete(() -> {
            Barrier barrier = new Barrier(2);
            assertThatThrownBy(() -> Asyncio.waitFor(barrier::await, 1.0))
                    .isInstanceOf(jasyncio.TimeoutError.class);
            assertThat(barrier.nWaiting()).isZero();
            Task<Integer> a = createTask(barrier::await);
            sleep(0);
            assertThat(barrier.await()).isEqualTo(1);
            assertThat(a.await()).isZero();
        });
    }
}
