package jasyncio.sync;

import static jasyncio.Asyncio.createTask;
import static jasyncio.Asyncio.sleep;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;

import jasyncio.Asyncio;
import jasyncio.CancelledError;
import jasyncio.Task;
import jasyncio.TimeoutError;
import jasyncio.internal.SelectorLoop;
import jasyncio.internal.VirtualClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.Timeout.ThreadMode;

/** {@link Condition}, re-expressed from CPython's test_locks.py (ConditionTests). */
@Timeout(value = 10, threadMode = ThreadMode.SEPARATE_THREAD)
class ConditionTest {
    private final SelectorLoop loop = new SelectorLoop(new VirtualClock());
    private final List<String> events = new ArrayList<>();

    @AfterEach
    void closeLoop() {
        loop.close();
    }

    /** Acquires, waits once, records {@code name}, and keeps the lock. */
    private Task<Void> waiterKeepingTheLock(Condition cond, String name) {
        return createTask(() -> {
            cond.acquire();
            cond.await();
            events.add(name);
        });
    }

    /** Acquires, waits once, records {@code name}, and releases. */
    private Task<Void> waiterReleasing(Condition cond, String name) {
        return createTask(() -> {
            try (var _ = cond.acquire()) {
                cond.await();
                events.add(name);
            }
        });
    }

    @Test
    void aSignalledWaiterReturnsOnlyOnceItHasTheLockBack() {
        loop.runUntilComplete(() -> {
            Condition cond = new Condition();
            Task<Void> t1 = waiterKeepingTheLock(cond, "c1");
            Task<Void> t2 = waiterKeepingTheLock(cond, "c2");
            Task<Void> t3 = waiterKeepingTheLock(cond, "c3");
            sleep(0);
            assertThat(events).isEmpty();
            assertThat(cond.locked()).isFalse();

            cond.acquire();
            cond.signal();
            sleep(0);
            assertThat(events).isEmpty();
            assertThat(cond.locked()).isTrue();

            cond.release();
            sleep(0);
            assertThat(events).containsExactly("c1");
            assertThat(cond.locked()).isTrue(); // c1 keeps it

            cond.signal(2);
            sleep(0);
            assertThat(events).containsExactly("c1");
            assertThat(cond.locked()).isTrue();

            cond.release(); // c1's hold: the lock is not owner-bound
            sleep(0);
            assertThat(events).containsExactly("c1", "c2");
            assertThat(cond.locked()).isTrue();

            cond.release();
            sleep(0);
            assertThat(events).containsExactly("c1", "c2", "c3");
            assertThat(cond.locked()).isTrue();
            assertThat(List.of(t1, t2, t3)).allMatch(Task::isDone);
        });
    }

    @Test
    void cancelWhileWaitingRaisesOnlyAfterTheLockIsReacquired() {
        loop.runUntilComplete(() -> {
            Condition cond = new Condition();
            cond.acquire();
            Task<Void> w = createTask(cond::await);
            loop.callSoon(() -> w.cancel());
            assertThatThrownBy(w::await).isInstanceOf(CancelledError.class);
            assertThat(cond.waiterCount()).isZero();
            assertThat(cond.locked()).isTrue();
        });
    }

    @Test
    void cancelWhileReacquiringAContestedLockStillEndsWithTheLockHeld() {
        // test_wait_cancel_contested
        loop.runUntilComplete(() -> {
            Condition cond = new Condition();
            cond.acquire();
            Task<Void> w = createTask(cond::await);
            sleep(0);
            assertThat(cond.locked()).isFalse();

            cond.acquire();
            cond.signal();
            loop.callSoon(() -> w.cancel());
            loop.callSoon(cond::release);
            try {
                w.await();
            } catch (CancelledError e) {
                // allowed: asyncio may or may not deliver it
            }
            assertThat(cond.locked()).isTrue();
            assertThat(cond.lock().waiterCount()).isZero();
        });
    }

    @Test
    void aWaiterCancelledWhileWaitingForTheLockAfterItsSignalEndsCancelled() {
        // test_wait_cancel_after_notify (bpo-32841)
        loop.runUntilComplete(() -> {
            Condition cond = new Condition();
            Task<Void> w = createTask(() -> {
                try (var _ = cond.acquire()) {
                    events.add("waited");
                    cond.await();
                    events.add("not reached");
                }
            });
            sleep(0); // start waiting

            cond.acquire();
            cond.signal();
            sleep(0); // w gets to the lock's line
            w.cancel();
            sleep(0); // w sees the cancel and lines up again for the lock
            cond.release();
            sleep(0); // w takes the lock, raises, and its try-with-resources releases it

            assertThat(w.isCancelled()).isTrue();
            assertThat(events).containsExactly("waited");
            assertThat(cond.locked()).isFalse();
        });
    }

    @Test
    void aWaiterCancelledAfterBeingSignalledPassesTheSignalToTheNextWaiter() {
        loop.runUntilComplete(() -> {
            Condition cond = new Condition();
            Task<Void> t1 = waiterReleasing(cond, "c1");
            Task<Void> t2 = waiterReleasing(cond, "c2");
            sleep(0);

            cond.acquire();
            cond.signal(); // c1 is signalled...
            t1.cancel();   // ...and cancelled before it resumes
            cond.release();
            t2.await();
            assertThatThrownBy(t1::await).isInstanceOf(CancelledError.class);
            assertThat(events).containsExactly("c2");
            assertThat(cond.locked()).isFalse();
            assertThat(cond.waiterCount()).isZero();
        });
    }

    @Test
    void awaitWithoutTheLockFailsWithAsyncioMessage() {
        loop.runUntilComplete(() -> {
            Condition cond = new Condition();
            assertThatThrownBy(cond::await)
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessage("cannot wait on un-acquired lock");
        });
    }

    @Test
    void waitForRechecksThePredicateAfterEverySignal() {
        boolean[] ready = {false};
        loop.runUntilComplete(() -> {
            Condition cond = new Condition();
            Task<Void> t = createTask(() -> {
                cond.acquire();
                cond.waitFor(() -> ready[0]);
                events.add("c1");
                cond.release();
            });
            sleep(0);
            assertThat(events).isEmpty();

            cond.acquire();
            cond.signal();
            cond.release();
            sleep(0);
            assertThat(events).isEmpty(); // woke, predicate still false, waits again

            ready[0] = true;
            cond.acquire();
            cond.signal();
            cond.release();
            sleep(0);
            assertThat(events).containsExactly("c1");
            assertThat(t.isDone()).isTrue();
        });
    }

    @Test
    void waitForWithATruePredicateNeedsNoLockButAFalseOneDoes() {
        loop.runUntilComplete(() -> {
            Condition cond = new Condition();
            cond.waitFor(() -> true);
            assertThatThrownBy(() -> cond.waitFor(() -> false))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessage("cannot wait on un-acquired lock");
        });
    }

    @Test
    void signalWakesAtMostNWaitersInFifoOrder() {
        loop.runUntilComplete(() -> {
            Condition cond = new Condition();
            Task<Void> t1 = waiterReleasing(cond, "c1");
            Task<Void> t2 = waiterReleasing(cond, "c2");
            Task<Void> t3 = waiterReleasing(cond, "c3");
            sleep(0);
            assertThat(events).isEmpty();

            cond.acquire();
            cond.signal(1);
            cond.release();
            sleep(0);
            assertThat(events).containsExactly("c1");

            cond.acquire();
            cond.signal(1);
            cond.signal(2048); // counts only waiters not already signalled
            cond.release();
            sleep(0);
            assertThat(events).containsExactly("c1", "c2", "c3");
            assertThat(List.of(t1, t2, t3)).allMatch(Task::isDone);
        });
    }

    @Test
    void signalOneWakesOnlyTheOldestWaiter() {
        loop.runUntilComplete(() -> {
            Condition cond = new Condition();
            waiterReleasing(cond, "c1");
            Task<Void> t2 = waiterReleasing(cond, "c2");
            sleep(0);
            cond.acquire();
            cond.signal();
            cond.release();
            sleep(0);
            sleep(0);
            assertThat(events).containsExactly("c1");
            assertThat(t2.isDone()).isFalse();
            assertThat(cond.waiterCount()).isEqualTo(1);
            t2.cancel();
            sleep(0);
        });
    }

    @Test
    void signalAllWakesEveryWaiter() {
        loop.runUntilComplete(() -> {
            Condition cond = new Condition();
            Task<Void> t1 = waiterReleasing(cond, "c1");
            Task<Void> t2 = waiterReleasing(cond, "c2");
            sleep(0);
            cond.acquire();
            cond.signalAll();
            cond.release();
            sleep(0);
            assertThat(events).containsExactly("c1", "c2");
            assertThat(List.of(t1, t2)).allMatch(Task::isDone);
        });
    }

    @Test
    void signalWithoutTheLockFailsWithAsyncioMessage() {
        Condition cond = new Condition();
        assertThatThrownBy(cond::signal)
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("cannot notify on un-acquired lock");
        assertThatThrownBy(cond::signalAll)
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("cannot notify on un-acquired lock");
    }

    @Test
    void tryWithResourcesHoldsTheLockForTheBlock() {
        loop.runUntilComplete(() -> {
            Condition cond = new Condition();
            assertThat(cond.locked()).isFalse();
            try (var _ = cond.acquire()) {
                assertThat(cond.locked()).isTrue();
            }
            assertThat(cond.locked()).isFalse();
        });
    }

    @Test
    void aConditionOnAnExplicitLockSharesItsStateBothWays() {
        loop.runUntilComplete(() -> {
            Lock lock = new Lock();
            Condition cond = new Condition(lock);
            assertThat(cond.lock()).isSameAs(lock);
            try (var _ = cond.acquire()) {
                assertThat(lock.locked()).isTrue();
                assertThat(cond.locked()).isTrue();
            }
            assertThat(lock.locked()).isFalse();
            try (var _ = lock.acquire()) {
                assertThat(cond.locked()).isTrue();
            }
            assertThat(cond.locked()).isFalse();
        });
    }

    @Test
    void twoConditionsSharingALockAreSignalledSeparately() {
        loop.runUntilComplete(() -> {
            Lock lock = new Lock();
            Condition notEmpty = new Condition(lock);
            Condition notFull = new Condition(lock);
            Task<Void> a = waiterReleasing(notEmpty, "notEmpty");
            Task<Void> b = waiterReleasing(notFull, "notFull");
            sleep(0);
            try (var _ = lock.acquire()) {
                notFull.signalAll();
            }
            b.await();
            sleep(0);
            assertThat(events).containsExactly("notFull");
            assertThat(a.isDone()).isFalse();
            try (var _ = lock.acquire()) {
                notEmpty.signal();
            }
            a.await();
            assertThat(events).containsExactly("notFull", "notEmpty");
        });
    }

    @Test
    void aTimeoutAroundAwaitEndsWithTimeoutErrorAndTheLockHeld() {
        // test_timeout_in_block
        loop.runUntilComplete(() -> {
            Condition cond = new Condition();
            try (var _ = cond.acquire()) {
                assertThatThrownBy(() -> Asyncio.waitFor(() -> {
                    cond.await();
                    return null;
                }, 0.5)).isInstanceOf(TimeoutError.class);
                assertThat(cond.locked()).isTrue();
            }
            assertThat(cond.locked()).isFalse();
        });
    }

    @Test
    void toStringShowsTheLockStateAndTheWaiters() {
        loop.runUntilComplete(() -> {
            Condition cond = new Condition();
            assertThat(cond).hasToString("<Condition [unlocked]>");
            Task<Void> w = waiterReleasing(cond, "w");
            sleep(0);
            assertThat(cond).hasToString("<Condition [unlocked, waiters:1]>");
            cond.acquire();
            assertThat(cond).hasToString("<Condition [locked, waiters:1]>");
            cond.signal();
            cond.release();
            w.await();
            assertThat(cond).hasToString("<Condition [unlocked]>");
        });
    }
}
