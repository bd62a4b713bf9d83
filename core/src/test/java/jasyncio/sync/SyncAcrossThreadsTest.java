package jasyncio.sync;

import static jasyncio.Asyncio.runCoroutineThreadsafe;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

import jasyncio.Asyncio;
import jasyncio.CancelledError;
import jasyncio.EventLoop;
import jasyncio.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.Timeout.ThreadMode;

/**
 * The primitives shared by tasks of two loops and plain threads. Where a thread must be waiting
 * before the next step, the test polls the primitive's waiter count (a state, not a delay).
 */
@Timeout(value = 10, threadMode = ThreadMode.SEPARATE_THREAD)
class SyncAcrossThreadsTest {
    private EventLoop loopA;
    private EventLoop loopB;
    private Thread threadA;
    private Thread threadB;
    private final List<String> events = Collections.synchronizedList(new ArrayList<>());

    @BeforeEach
    void startLoops() {
        loopA = Asyncio.newEventLoop();
        loopB = Asyncio.newEventLoop();
        threadA = Thread.ofPlatform().name("loop-A").start(loopA::runForever);
        threadB = Thread.ofPlatform().name("loop-B").start(loopB::runForever);
    }

    @AfterEach
    void stopLoops() throws InterruptedException {
        loopA.callSoonThreadsafe(loopA::stop);
        loopB.callSoonThreadsafe(loopB::stop);
        threadA.join();
        threadB.join();
        loopA.close();
        loopB.close();
    }

    /** Polls until {@code state} holds: for waiting until another thread has reached a wait. */
    private static void until(BooleanSupplier state) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (!state.getAsBoolean()) {
            if (System.nanoTime() > deadline) throw new AssertionError("state not reached within 5 s");
            Thread.sleep(1);
        }
    }

    private static Thread thread(String name, Runnable body) {
        return Thread.ofPlatform().name(name).start(body);
    }

    @Test
    void aPlainThreadWaitsForALockTakenOnOneLoopAndReleasedOnAnother() throws Exception {
        Lock lock = new Lock();
        runCoroutineThreadsafe(() -> lock.acquire(), loopA).await();
        Thread waiter = thread("waiter", () -> {
            try (var _ = lock.acquire()) {
                events.add("thread acquired");
            }
        });
        until(() -> lock.waiterCount() == 1);
        runCoroutineThreadsafe(() -> {
            lock.release();
            return null;
        }, loopB).await();
        waiter.join();
        assertThat(events).containsExactly("thread acquired");
        assertThat(lock.locked()).isFalse();
    }

    @Test
    void anInterruptedThreadAcquiresNothingKeepsItsInterruptAndTheNextWaiterGetsTheLock() throws Exception {
        Lock lock = new Lock();
        lock.acquire(); // the test thread is a plain thread too
        Thread first = thread("first", () -> {
            try {
                lock.acquire();
                events.add("first acquired");
            } catch (CancelledError e) {
                events.add("first: " + e.getMessage() + ", interrupted=" + Thread.currentThread().isInterrupted());
            }
        });
        until(() -> lock.waiterCount() == 1);
        Future<Void> second = runCoroutineThreadsafe(() -> {
            lock.acquire();
            events.add("task on B acquired");
            return null;
        }, loopB);
        until(() -> lock.waiterCount() == 2);

        first.interrupt();
        first.join();
        assertThat(lock.waiterCount()).isEqualTo(1);
        lock.release();
        second.await();
        assertThat(events).containsExactly(
                "first: the thread waiting in Lock.acquire() was interrupted, interrupted=true",
                "task on B acquired");
        assertThat(lock.locked()).isTrue();
    }

    @Test
    void cancellingAWaitingTaskFromAPlainThreadLeavesTheLockUntouched() throws Exception {
        Lock lock = new Lock();
        lock.acquire();
        Future<Void> waiting = runCoroutineThreadsafe(() -> {
            lock.acquire();
            events.add("acquired");
            return null;
        }, loopA);
        until(() -> lock.waiterCount() == 1);
        waiting.cancel();
        assertThatThrownBy(waiting::await).isInstanceOf(CancelledError.class);
        until(() -> lock.waiterCount() == 0);
        assertThat(lock.locked()).isTrue();
        lock.release();
        assertThat(lock.locked()).isFalse();
        assertThat(events).isEmpty();
    }

    @Test
    void anEventSetByAPlainThreadWakesTasksOfBothLoopsAndAThread() throws Exception {
        Event ev = new Event();
        Future<String> onA = runCoroutineThreadsafe(() -> {
            ev.await();
            return "A";
        }, loopA);
        Future<String> onB = runCoroutineThreadsafe(() -> {
            ev.await();
            return "B";
        }, loopB);
        Thread waiter = thread("waiter", () -> {
            ev.await();
            events.add("thread");
        });
        until(() -> ev.waiterCount() == 3);
        thread("setter", ev::set).join();
        assertThat(onA.await()).isEqualTo("A");
        assertThat(onB.await()).isEqualTo("B");
        waiter.join();
        assertThat(events).containsExactly("thread");
        assertThat(ev.waiterCount()).isZero();
    }

    @Test
    void conditionWaitersOnTwoLoopsAreWokenBySignalAllFromAPlainThread() throws Exception {
        Condition cond = new Condition();
        AtomicInteger items = new AtomicInteger();
        Future<Integer> onA = runCoroutineThreadsafe(() -> {
            try (var _ = cond.acquire()) {
                cond.waitFor(() -> items.get() > 0);
                return items.get();
            }
        }, loopA);
        Future<Integer> onB = runCoroutineThreadsafe(() -> {
            try (var _ = cond.acquire()) {
                cond.waitFor(() -> items.get() > 0);
                return items.get();
            }
        }, loopB);
        until(() -> cond.waiterCount() == 2);
        try (var _ = cond.acquire()) {
            items.set(3);
            cond.signalAll();
        }
        assertThat(onA.await()).isEqualTo(3);
        assertThat(onB.await()).isEqualTo(3);
        assertThat(cond.locked()).isFalse();
    }

    @Test
    void anInterruptedThreadInConditionAwaitKeepsItsPlaceInLineForTheLockBeforeItThrows() throws Exception {
        Condition cond = new Condition();
        Thread waiter = thread("waiter", () -> {
            cond.acquire();
            try {
                cond.await();
                events.add("returned");
            } catch (CancelledError e) {
                events.add("cancelled, locked=" + cond.locked()
                        + ", interrupted=" + Thread.currentThread().isInterrupted());
            } finally {
                cond.release();
            }
        });
        until(() -> cond.waiterCount() == 1);
        cond.acquire(); // the interrupted waiter must now wait for the lock
        waiter.interrupt();
        until(() -> cond.lock().waiterCount() == 1);
        // A later arrival lines up behind it (a waiter retrying on its still-set interrupt would
        // keep leaving and re-joining the line, behind this one).
        Future<Void> later = runCoroutineThreadsafe(() -> {
            try (var _ = cond.acquire()) {
                events.add("later task");
            }
            return null;
        }, loopA);
        until(() -> cond.lock().waiterCount() == 2);
        assertThat(events).isEmpty();
        cond.release();
        waiter.join();
        later.await();
        assertThat(events).containsExactly("cancelled, locked=true, interrupted=true", "later task");
        assertThat(cond.locked()).isFalse();
    }

    @Test
    void aSemaphoreIsSharedFairlyByTasksOfTwoLoopsAndAThread() throws Exception {
        Semaphore sem = new Semaphore(0);
        List<Future<Void>> tasks = new ArrayList<>();
        tasks.add(runCoroutineThreadsafe(() -> {
            sem.acquire();
            events.add("A");
            return null;
        }, loopA));
        until(() -> sem.waiterCount() == 1);
        Thread waiter = thread("waiter", () -> {
            sem.acquire();
            events.add("thread");
        });
        until(() -> sem.waiterCount() == 2);
        tasks.add(runCoroutineThreadsafe(() -> {
            sem.acquire();
            events.add("B");
            return null;
        }, loopB));
        until(() -> sem.waiterCount() == 3);

        sem.release();
        tasks.getFirst().await();
        assertThat(events).containsExactly("A");
        sem.release();
        waiter.join();
        assertThat(events).containsExactly("A", "thread");
        sem.release();
        tasks.getLast().await();
        assertThat(events).containsExactly("A", "thread", "B");
        assertThat(sem.value()).isZero();
    }

    @Test
    void barrierPartiesFromTwoLoopsAndAThreadPassTogether() throws Exception {
        Barrier barrier = new Barrier(3);
        Future<Integer> onA = runCoroutineThreadsafe(barrier::await, loopA);
        Future<Integer> onB = runCoroutineThreadsafe(barrier::await, loopB);
        until(() -> barrier.nWaiting() == 2);
        int mine = barrier.await();
        assertThat(List.of(onA.await(), onB.await(), mine)).containsExactlyInAnyOrder(0, 1, 2);
        assertThat(mine).isEqualTo(2);
        assertThat(barrier.nWaiting()).isZero();
    }

    @Test
    void aThreadWaitingAtABarrierSeesAnAbortFromALoop() throws Exception {
        Barrier barrier = new Barrier(2);
        Thread waiter = thread("waiter", () -> {
            try {
                barrier.await();
            } catch (BrokenBarrierError e) {
                events.add(e.getMessage());
            }
        });
        until(() -> barrier.nWaiting() == 1);
        runCoroutineThreadsafe(() -> {
            barrier.abort();
            return null;
        }, loopA).await();
        waiter.join();
        assertThat(events).containsExactly("Abort or reset of barrier");
        assertThat(barrier.isBroken()).isTrue();
    }
}
