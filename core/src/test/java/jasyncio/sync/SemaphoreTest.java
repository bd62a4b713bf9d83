package jasyncio.sync;

import static jasyncio.Asyncio.createTask;
import static jasyncio.Asyncio.gather;
import static jasyncio.Asyncio.sleep;
import static jasyncio.Asyncio.taskGroup;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;

import jasyncio.Asyncio;
import jasyncio.CancelledError;
import jasyncio.ReturnExceptions;
import jasyncio.Task;
import jasyncio.internal.SelectorLoop;
import jasyncio.internal.VirtualClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.Timeout.ThreadMode;

/** {@link Semaphore} and {@link BoundedSemaphore}, re-expressed from CPython's test_locks.py (SemaphoreTests). */
@Timeout(value = 10, threadMode = ThreadMode.SEPARATE_THREAD)
class SemaphoreTest {
    private final SelectorLoop loop = new SelectorLoop(new VirtualClock());
    private final List<String> events = new ArrayList<>();

    @AfterEach
    void closeLoop() {
        loop.close();
    }

    private Task<Void> acquirer(Semaphore sem, String name) {
        return createTask(() -> {
            sem.acquire();
            events.add(name);
        });
    }

    @Test
    void aSemaphoreWithNoPermitsIsLocked() {
        assertThat(new Semaphore(0).locked()).isTrue();
        assertThat(new Semaphore().locked()).isFalse();
        assertThat(new Semaphore().value()).isEqualTo(1);
    }

    @Test
    void aNegativeInitialValueIsRefused() {
        assertThatThrownBy(() -> new Semaphore(-1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Semaphore initial value must be >= 0");
        assertThatThrownBy(() -> new BoundedSemaphore(-1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void releaseGrantsPermitsToWaitersInOrderAndNewcomersQueueBehindThem() {
        loop.runUntilComplete(() -> {
            Semaphore sem = new Semaphore(3);
            sem.acquire();
            sem.acquire();
            assertThat(sem.locked()).isFalse();

            Task<Void> t1 = acquirer(sem, "c1");
            Task<Void> t2 = acquirer(sem, "c2");
            Task<Void> t3 = acquirer(sem, "c3");
            sleep(0);
            assertThat(events).containsExactly("c1");
            assertThat(sem.locked()).isTrue();
            assertThat(sem.waiterCount()).isEqualTo(2);
            assertThat(sem.value()).isZero();

            Task<Void> t4 = acquirer(sem, "c4");
            sem.release();
            sem.release();
            assertThat(sem.value()).isZero(); // both permits went to the two waiters

            sleep(0);
            assertThat(sem.value()).isZero();
            assertThat(events).containsExactly("c1", "c2", "c3");
            assertThat(sem.locked()).isTrue();
            assertThat(sem.waiterCount()).isEqualTo(1);
            assertThat(List.of(t1, t2, t3)).allMatch(Task::isDone);
            assertThat(t4.isDone()).isFalse();

            sem.release();
            t4.await();
            assertThat(events).containsExactly("c1", "c2", "c3", "c4");
        });
    }

    @Test
    void cancelWhileWaitingTakesNoPermitAndLeavesNoWaiter() {
        loop.runUntilComplete(() -> {
            Semaphore sem = new Semaphore();
            sem.acquire();
            Task<Held> acquire = createTask(sem::acquire);
            loop.callSoon(() -> acquire.cancel());
            assertThatThrownBy(acquire::await).isInstanceOf(CancelledError.class);
            assertThat(sem.waiterCount()).isZero();
            assertThat(sem.value()).isZero();
            sem.release();
            assertThat(sem.value()).isEqualTo(1);
        });
    }

    @Test
    void waitersCancelledBeforeBeingWokenAreSkippedByRelease() {
        // test_acquire_cancel_before_awoken
        loop.runUntilComplete(() -> {
            Semaphore sem = new Semaphore(0);
            Task<Void> t1 = acquirer(sem, "t1");
            Task<Void> t2 = acquirer(sem, "t2");
            Task<Void> t3 = acquirer(sem, "t3");
            Task<Void> t4 = acquirer(sem, "t4");
            sleep(0);

            t1.cancel();
            t2.cancel();
            sem.release();
            sleep(0);
            sleep(0);
            assertThat(t3.isDone()).isTrue();
            assertThat(t4.isDone()).isFalse();
            assertThat(events).containsExactly("t3");

            t3.cancel(); // already done: no effect
            t4.cancel();
            sleep(0);
            assertThat(t4.isCancelled()).isTrue();
            assertThat(sem.value()).isZero();
            assertThat(sem.waiterCount()).isZero();
        });
    }

    @Test
    void aCancelledFirstWaiterDoesNotStrandTheSecond() {
        // test_acquire_hang
        loop.runUntilComplete(() -> {
            Semaphore sem = new Semaphore(0);
            Task<Void> t1 = acquirer(sem, "t1");
            Task<Void> t2 = acquirer(sem, "t2");
            sleep(0);
            t1.cancel();
            sem.release();
            sleep(0);
            sleep(0);
            assertThat(sem.locked()).isTrue();
            assertThat(t2.isDone()).isTrue();
            assertThat(events).containsExactly("t2");
        });
    }

    @Test
    void aWaiterCancelledAfterBeingGrantedAPermitPassesItToTheNext() {
        loop.runUntilComplete(() -> {
            Semaphore sem = new Semaphore(0);
            Task<Void> t1 = acquirer(sem, "t1");
            Task<Void> t2 = acquirer(sem, "t2");
            sleep(0);
            sem.release(); // granted to t1...
            assertThat(sem.value()).isZero();
            t1.cancel();   // ...which is cancelled before it resumes
            t2.await();
            assertThatThrownBy(t1::await).isInstanceOf(CancelledError.class);
            assertThat(events).containsExactly("t2");
            assertThat(sem.value()).isZero();
            assertThat(sem.waiterCount()).isZero();
        });
    }

    @Test
    void aPermitGivenBackByACancelledWaiterCanBeAcquiredAgain() {
        // test_acquire_no_hang
        loop.runUntilComplete(() -> {
            Semaphore sem = new Semaphore(1);
            Task<Void>[] t2 = new Task[1];
            Task<Void> t1 = createTask(() -> {
                try (var _ = sem.acquire()) {
                    sleep(0);
                }
                t2[0].cancel(); // t2 was just granted the permit and has not resumed
            });
            t2[0] = createTask(() -> {
                try (var _ = sem.acquire()) {
                    events.add("t2 acquired");
                }
            });
            t1.await();
            assertThatThrownBy(t2[0]::await).isInstanceOf(CancelledError.class);
            assertThat(events).isEmpty();
            Asyncio.waitFor(sem::acquire, 1.0);
            assertThat(sem.value()).isZero();
        });
    }

    @Test
    void aBoundedSemaphoreRefusesToBeReleasedAboveItsInitialValue() {
        BoundedSemaphore sem = new BoundedSemaphore();
        assertThatThrownBy(sem::release)
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("BoundedSemaphore released too many times");
        assertThat(sem.value()).isEqualTo(1);
    }

    @Test
    void aBoundedSemaphoreCountsAPermitGrantedToAWokenWaiterAsTaken() {
        loop.runUntilComplete(() -> {
            BoundedSemaphore sem = new BoundedSemaphore(1);
            sem.acquire();
            Task<Void> w = acquirer(sem, "w");
            sleep(0);
            sem.release(); // the permit goes to w
            sem.release(); // w's permit, released on its behalf before it resumed
            assertThatThrownBy(sem::release).hasMessage("BoundedSemaphore released too many times");
            w.await();
            assertThat(sem.value()).isEqualTo(1);
        });
    }

    @Test
    void anUnboundedSemaphoreMayBeReleasedAboveItsInitialValue() {
        Semaphore sem = new Semaphore(1);
        sem.release();
        assertThat(sem.value()).isEqualTo(2);
    }

    @Test
    void releaseWithoutWaitersUnlocks() {
        loop.runUntilComplete(() -> {
            Semaphore sem = new Semaphore();
            sem.acquire();
            assertThat(sem.locked()).isTrue();
            sem.release();
            assertThat(sem.locked()).isFalse();
        });
    }

    @Test
    void tasksTakeTurnsInFifoOrderRoundAfterRound() {
        // test_acquire_fifo_order
        loop.runUntilComplete(() -> {
            Semaphore sem = new Semaphore(1);
            taskGroup(tg -> {
                for (String tag : List.of("c1", "c2", "c3")) {
                    tg.createTask(() -> {
                        for (int round = 1; round <= 2; round++) {
                            sem.acquire();
                            events.add(tag + "_" + round);
                            sleep(0.01);
                            sem.release();
                        }
                        return null;
                    });
                }
            });
        });
        assertThat(events).containsExactly("c1_1", "c2_1", "c3_1", "c1_2", "c2_2", "c3_2");
    }

    @Test
    void aTaskReleasingAndReacquiringGoesBehindTheWaitersAlreadyWoken() {
        // test_acquire_fifo_order_2
        loop.runUntilComplete(() -> {
            Semaphore sem = new Semaphore(1);
            Task<Void> t1 = acquirer(sem, "1");
            Task<Void> t2 = createTask(() -> {
                sem.acquire();
                events.add("2");
                sem.release();
                sem.acquire();
                events.add("4");
            });
            Task<Void> t3 = acquirer(sem, "3");
            sleep(0);
            sem.release();
            sem.release();
            gather(t1, t2, t3);
        });
        assertThat(events).containsExactly("1", "2", "3", "4");
    }

    @Test
    void aWaiterCancelledBeforeAnyReleaseIsSkipped() {
        // test_acquire_fifo_order_3
        loop.runUntilComplete(() -> {
            Semaphore sem = new Semaphore(0);
            Task<Void> t1 = acquirer(sem, "1");
            Task<Void> t2 = acquirer(sem, "2");
            Task<Void> t3 = acquirer(sem, "3");
            sleep(0);
            t1.cancel();
            sleep(0);
            sem.release();
            sem.release();
            gather(ReturnExceptions.YES, t1, t2, t3);
            assertThat(t1.isCancelled()).isTrue();
        });
        assertThat(events).containsExactly("2", "3");
    }

    @Test
    void aSuccessfulAcquireWakesEveryWaiterTheFreePermitsAllow() {
        // test_acquire_fifo_order_4: permits released while a woken waiter has not resumed
        // stay free (FIFO keeps newcomers waiting); when it resumes it hands them on.
        loop.runUntilComplete(() -> {
            Semaphore sem = new Semaphore(0);
            List<Task<Void>> t4 = new ArrayList<>();
            Task<Void> t1 = createTask(() -> {
                assertThat(sem.value()).isZero();
                sem.acquire();
                assertThat(sem.value()).isZero(); // the two free permits went to c2 and c3
                t4.add(createTask(() -> {
                    events.add("4");
                }));
                events.add("1");
            });
            Task<Void> t2 = createTask(() -> {
                sem.release();
                sem.release();
                sem.release();
                assertThat(sem.value()).isEqualTo(2);
                assertThat(sem.locked()).isTrue(); // c1 has not resumed yet
                sem.acquire();
                events.add("2");
            });
            Task<Void> t3 = createTask(() -> {
                sem.acquire();
                assertThat(sem.locked()).isTrue();
                events.add("3");
            });
            sleep(0);
            assertThat(sem.value()).isEqualTo(2);
            assertThat(sem.waiterCount()).isEqualTo(3);
            sleep(0);
            gather(t1, t2, t3, t4.getFirst());
        });
        assertThat(events).containsExactly("1", "2", "3", "4");
    }

    @Test
    void tryWithResourcesGivesThePermitBackOnEveryPath() {
        loop.runUntilComplete(() -> {
            Semaphore sem = new Semaphore(2);
            assertThatThrownBy(() -> {
                try (var _ = sem.acquire()) {
                    assertThat(sem.value()).isEqualTo(1);
                    throw new IllegalArgumentException("boom");
                }
            }).hasMessage("boom");
            assertThat(sem.value()).isEqualTo(2);

            Task<Void> holder = createTask(() -> {
                try (var _ = sem.acquire()) {
                    sleep(3600);
                }
            });
            sleep(0);
            assertThat(sem.value()).isEqualTo(1);
            holder.cancel();
            assertThatThrownBy(holder::await).isInstanceOf(CancelledError.class);
            assertThat(sem.value()).isEqualTo(2);
        });
    }

    @Test
    void toStringShowsTheStateTheValueAndTheWaiters() {
        loop.runUntilComplete(() -> {
            Semaphore sem = new Semaphore();
            assertThat(sem).hasToString("<Semaphore [unlocked, value:1]>");
            sem.acquire();
            assertThat(sem).hasToString("<Semaphore [locked]>");
            Task<Void> w = acquirer(sem, "w");
            sleep(0);
            assertThat(sem).hasToString("<Semaphore [locked, waiters:1]>");
            sem.release();
            w.await();
            assertThat(new BoundedSemaphore(2)).hasToString("<BoundedSemaphore [unlocked, value:2]>");
        });
    }
}
