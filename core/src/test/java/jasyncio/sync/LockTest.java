package jasyncio.sync;

import static jasyncio.Asyncio.createTask;
import static jasyncio.Asyncio.currentTask;
import static jasyncio.Asyncio.sleep;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;

import jasyncio.CancelledError;
import jasyncio.Future;
import jasyncio.Task;
import jasyncio.internal.SelectorLoop;
import jasyncio.internal.VirtualClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.Timeout.ThreadMode;

/**
 * {@link Lock}, re-expressed from CPython's test_locks.py (LockTests): FIFO hand-over, cancellation
 * before and after being woken, the release errors, and try-with-resources as {@code async with}.
 * {@code sleep(0)} lets every ready task run one step, like the tests' {@code await asyncio.sleep(0)}.
 */
@Timeout(value = 10, threadMode = ThreadMode.SEPARATE_THREAD)
class LockTest {
    private final SelectorLoop loop = new SelectorLoop(new VirtualClock());
    private final List<String> events = new ArrayList<>();

    @AfterEach
    void closeLoop() {
        loop.close();
    }

    private Task<Void> acquirer(Lock lock, String name) {
        return createTask(() -> {
            lock.acquire();
            events.add(name);
        });
    }

    private static void assertCancelled(Future<?> f) {
        assertThatThrownBy(f::await).isInstanceOf(CancelledError.class);
        assertThat(f.isCancelled()).isTrue();
    }

    @Test
    void waitersAcquireInTheOrderTheyStartedWaitingOnePerRelease() {
        loop.runUntilComplete(() -> {
            Lock lock = new Lock();
            lock.acquire();
            Task<Void> t1 = acquirer(lock, "c1");
            Task<Void> t2 = acquirer(lock, "c2");
            sleep(0);
            assertThat(events).isEmpty();

            lock.release();
            sleep(0);
            assertThat(events).containsExactly("c1");
            sleep(0);
            assertThat(events).containsExactly("c1");

            Task<Void> t3 = acquirer(lock, "c3");
            lock.release(); // c2 is woken; c3 starts meanwhile but must not overtake it
            sleep(0);
            assertThat(events).containsExactly("c1", "c2");

            lock.release();
            sleep(0);
            assertThat(events).containsExactly("c1", "c2", "c3");
            assertThat(List.of(t1, t2, t3)).allMatch(Task::isDone);
            assertThat(lock.locked()).isTrue();
        });
    }

    @Test
    void acquireOfAFreeLockReturnsAtOnceAndReleaseFreesIt() {
        loop.runUntilComplete(() -> {
            Lock lock = new Lock();
            assertThat(lock.locked()).isFalse();
            lock.acquire();
            assertThat(lock.locked()).isTrue();
            lock.release();
            assertThat(lock.locked()).isFalse();
        });
    }

    @Test
    void cancelWhileWaitingOnLockAcquiresNothingAndLeavesNoWaiter() {
        loop.runUntilComplete(() -> {
            Lock lock = new Lock();
            lock.acquire();
            Task<Held> task = createTask(lock::acquire);
            loop.callSoon(() -> task.cancel());
            assertCancelled(task);
            assertThat(lock.waiterCount()).isZero();
            lock.release();
            assertThat(lock.locked()).isFalse();
        });
    }

    @Test
    void aWaiterCancelledJustAsTheLockIsReleasedPassesItsTurnToTheNext() {
        // test_cancel_race: A holds the lock, B and C wait; B is cancelled as A releases.
        loop.runUntilComplete(() -> {
            Lock lock = new Lock();
            Future<Void> blockA = loop.createFuture();
            Task<Void> ta = createTask(() -> {
                try (var _ = lock.acquire()) {
                    blockA.await();
                }
            });
            sleep(0);
            assertThat(lock.locked()).isTrue();
            Task<Void> tb = acquirer(lock, "B");
            sleep(0);
            assertThat(lock.waiterCount()).isEqualTo(1);
            Task<Void> tc = acquirer(lock, "C");
            sleep(0);
            assertThat(lock.waiterCount()).isEqualTo(2);

            blockA.setResult(null);
            tb.cancel();
            sleep(0);
            assertThat(lock.locked()).isFalse(); // C is woken but has not resumed yet
            assertThat(ta.isDone()).isTrue();
            assertThat(tb.isCancelled()).isTrue();
            tc.await();
            assertThat(events).containsExactly("C");
            assertThat(lock.locked()).isTrue();
        });
    }

    @Test
    void cancellingTheFirstWaiterAndReleasingGrantsTheLockOnlyOnce() {
        // test_cancel_release_race (bpo-32734): two waiters must not both get the lock.
        loop.runUntilComplete(() -> {
            Lock lock = new Lock();
            lock.acquire();
            Task<Void> t1 = acquirer(lock, "t1");
            Task<Void> t2 = acquirer(lock, "t2");
            Task<Void> t3 = acquirer(lock, "t3");
            sleep(0);

            loop.callSoon(() -> {
                t1.cancel();
                lock.release();
            });
            assertCancelled(t1);
            assertThat(events).containsExactly("t2");
            assertThat(t2.isDone()).isTrue();
            assertThat(t3.isDone()).isFalse();

            t3.cancel();
            sleep(0);
            assertThat(t3.isCancelled()).isTrue();
            assertThat(events).containsExactly("t2");
            assertThat(lock.waiterCount()).isZero();
        });
    }

    @Test
    void aNewcomerMayTakeTheLockWhenEveryWaiterInLineIsCancelled() {
        // test_finished_waiter_cancelled
        loop.runUntilComplete(() -> {
            Lock lock = new Lock();
            lock.acquire();
            Task<Void> tb = acquirer(lock, "B");
            sleep(0);
            assertThat(lock.waiterCount()).isEqualTo(1);

            Task<Void> tc = acquirer(lock, "C"); // starts after B's cancel and the release
            tb.cancel();
            lock.release();
            sleep(0);
            assertThat(lock.locked()).isTrue();
            assertThat(tb.isCancelled()).isTrue();
            tc.await();
            assertThat(events).containsExactly("C");
        });
    }

    @Test
    void aWaiterCancelledAfterBeingWokenButBeforeResumingHandsTheLockToTheNext() {
        loop.runUntilComplete(() -> {
            Lock lock = new Lock();
            lock.acquire();
            Task<Void> tb = acquirer(lock, "B");
            Task<Void> tc = acquirer(lock, "C");
            sleep(0);

            lock.release(); // B is woken...
            tb.cancel();    // ...and cancelled before it resumes
            sleep(0);
            assertCancelled(tb);
            tc.await();
            assertThat(events).containsExactly("C");
            assertThat(lock.locked()).isTrue();
            assertThat(lock.waiterCount()).isZero();
        });
    }

    @Test
    void aTaskCancelledBeforeItStartsWaitingLeavesTheLockAndTheLineUntouched() {
        loop.runUntilComplete(() -> {
            Lock lock = new Lock();
            lock.acquire();
            Task<Void> waiter = acquirer(lock, "waiter");
            Task<Void> selfCancelled = createTask(() -> {
                currentTask().cancel(); // pending when acquire() is reached
                lock.acquire();
                events.add("self-cancelled acquired");
            });
            sleep(0);
            assertCancelled(selfCancelled);
            lock.release();
            waiter.await();
            assertThat(events).containsExactly("waiter");
            assertThat(lock.waiterCount()).isZero();
        });
    }

    @Test
    void releaseOfAnUnlockedLockFailsWithAsyncioMessage() {
        Lock lock = new Lock();
        assertThatThrownBy(lock::release)
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("Lock is not acquired.");
    }

    @Test
    void anotherTaskMayReleaseTheLockBecauseNobodyOwnsIt() {
        loop.runUntilComplete(() -> {
            Lock lock = new Lock();
            createTask(() -> {
                lock.acquire();
            }).await();
            assertThat(lock.locked()).isTrue();
            lock.release();
            assertThat(lock.locked()).isFalse();
        });
    }

    @Test
    void theLockIsNotReentrantAcquiringItTwiceWaitsForARelease() {
        loop.runUntilComplete(() -> {
            Lock lock = new Lock();
            Task<Void> twice = createTask(() -> {
                lock.acquire();
                events.add("first");
                lock.acquire();
                events.add("second");
            });
            sleep(0);
            sleep(0);
            assertThat(events).containsExactly("first");
            assertThat(twice.isDone()).isFalse();
            lock.release();
            twice.await();
            assertThat(events).containsExactly("first", "second");
        });
    }

    @Test
    void tryWithResourcesReleasesTheLockWhenTheBodyThrows() {
        loop.runUntilComplete(() -> {
            Lock lock = new Lock();
            assertThatThrownBy(() -> {
                try (var _ = lock.acquire()) {
                    assertThat(lock.locked()).isTrue();
                    throw new IllegalArgumentException("boom");
                }
            }).hasMessage("boom");
            assertThat(lock.locked()).isFalse();
        });
    }

    @Test
    void tryWithResourcesReleasesTheLockWhenTheTaskIsCancelledInside() {
        loop.runUntilComplete(() -> {
            Lock lock = new Lock();
            Task<Void> holder = createTask(() -> {
                try (var _ = lock.acquire()) {
                    events.add("inside");
                    sleep(3600);
                    events.add("not reached");
                }
            });
            sleep(0);
            assertThat(lock.locked()).isTrue();
            holder.cancel();
            assertCancelled(holder);
            assertThat(events).containsExactly("inside");
            assertThat(lock.locked()).isFalse();
        });
    }

    @Test
    void waitingInALoopCallbackIsRefusedButAFreeLockIsTaken() {
        Lock lock = new Lock();
        List<Object> seen = new ArrayList<>();
        loop.callSoon(() -> {
            lock.acquire();
            seen.add(lock.locked());
            try {
                lock.acquire();
            } catch (IllegalStateException e) {
                seen.add(e.getMessage());
            }
        });
        loop.runUntilComplete(() -> sleep(0));
        assertThat(seen).hasSize(2);
        assertThat(seen.get(0)).isEqualTo(true);
        assertThat((String) seen.get(1)).startsWith("Lock.acquire() was called from a callback");
        assertThat(lock.waiterCount()).isZero();
    }

    @Test
    void toStringShowsTheStateAndTheWaitersLikeAsyncioRepr() {
        loop.runUntilComplete(() -> {
            Lock lock = new Lock();
            assertThat(lock).hasToString("<Lock [unlocked]>");
            lock.acquire();
            assertThat(lock).hasToString("<Lock [locked]>");
            Task<Void> waiter = acquirer(lock, "w");
            sleep(0);
            assertThat(lock).hasToString("<Lock [locked, waiters:1]>");
            waiter.cancel();
            sleep(0);
        });
    }
}
