package jasyncio;

import static jasyncio.Asyncio.createTask;
import static jasyncio.Asyncio.runCoroutineThreadsafe;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.DisabledIf;

/** Futures and tasks shared between loops and plain threads (DESIGN §3). */
@Timeout(20)
class CrossThreadTest {
    private EventLoop loopA;
    private EventLoop loopB;
    private Thread threadA;
    private Thread threadB;

    private void startLoops() {
        loopA = Asyncio.newEventLoop();
        loopB = Asyncio.newEventLoop();
        threadA = Thread.ofPlatform().name("loop-A").start(loopA::runForever);
        threadB = Thread.ofPlatform().name("loop-B").start(loopB::runForever);
    }

    @AfterEach
    void stopLoops() throws InterruptedException {
        for (EventLoop l : new EventLoop[] {loopA, loopB}) {
            if (l != null) l.stop();
        }
        if (threadA != null) threadA.join();
        if (threadB != null) threadB.join();
        if (loopA != null) loopA.close();
        if (loopB != null) loopB.close();
    }

    @Test
    void aFutureOfOneLoopIsAwaitedByATaskOfAnotherAndCompletedByAPlainThread() throws Exception {
        startLoops();
        Future<String> onA = loopA.createFuture();
        Future<String> seenOnB = runCoroutineThreadsafe(() -> onA.await() + " seen on B", loopB);
        Thread.ofPlatform().start(() -> onA.setResult("done")).join();
        assertThat(seenOnB.await()).isEqualTo("done seen on B");
    }

    @Test
    @DisabledIf(value = "jasyncio.internal.CarrierBinding#singleCarrier",
            disabledReason = "the loop thread is the caller's only in the default mode (SingleCarrierTest checks the single-carrier mode's)")
    void doneCallbacksRunOnTheFuturesOwnLoopWhoeverCompletesIt() throws Exception {
        startLoops();
        Future<Integer> onA = loopA.createFuture();
        CompletableFuture<String> callbackThread = new CompletableFuture<>();
        onA.addDoneCallback(f -> callbackThread.complete(Thread.currentThread().getName()));
        runCoroutineThreadsafe(() -> {
            onA.setResult(1); // completed by a task of loop B
            return null;
        }, loopB).await();
        assertThat(callbackThread.get()).isEqualTo("loop-A");
    }

    @Test
    void aPlainThreadAwaitsATaskResultAndItsException() {
        startLoops();
        Future<Integer> ok = runCoroutineThreadsafe(() -> {
            Asyncio.sleep(0.01);
            return 7;
        }, loopA);
        assertThat(ok.await()).isEqualTo(7);
        Future<Integer> bad = runCoroutineThreadsafe(() -> {
            throw new IllegalArgumentException("bad input");
        }, loopA);
        assertThatThrownBy(bad::await).isInstanceOf(IllegalArgumentException.class).hasMessage("bad input");
    }

    @Test
    void tasksOfTwoLoopsPingPongThroughFutures() {
        startLoops();
        int rounds = 1000;
        Future<Integer> result = runCoroutineThreadsafe(() -> {
            int total = 0;
            for (int i = 0; i < rounds; i++) {
                int n = i;
                total += runCoroutineThreadsafe(() -> n * 2, loopB).await();
            }
            return total;
        }, loopA);
        assertThat(result.await()).isEqualTo(rounds * (rounds - 1));
    }

    @Test
    void cancellingTheThreadsafeFutureCancelsTheTask() throws Exception {
        startLoops();
        CountDownLatch started = new CountDownLatch(1);
        AtomicReference<Throwable> seen = new AtomicReference<>();
        Future<Void> f = runCoroutineThreadsafe(() -> {
            started.countDown();
            try {
                Asyncio.sleep(3600);
            } catch (CancelledError e) {
                seen.set(e);
                throw e;
            }
        }, loopA);
        started.await();
        f.cancel();
        assertThatThrownBy(f::await).isInstanceOf(CancelledError.class);
        runCoroutineThreadsafe(() -> Asyncio.sleep(0.01), loopA).await(); // let the task run its handler
        assertThat(seen.get()).isInstanceOf(CancelledError.class);
    }

    @Test
    void awaitFromALoopCallbackFailsWithAMessageNamingTheFix() {
        try (EventLoop loop = Asyncio.newEventLoop()) {
            Future<String> pending = loop.createFuture();
            AtomicReference<Throwable> failure = new AtomicReference<>();
            loop.callSoon(() -> {
                try {
                    pending.await();
                } catch (Throwable t) {
                    failure.set(t);
                }
                loop.stop();
            });
            loop.runForever();
            assertThat(failure.get()).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("callback must not block")
                    .hasMessageContaining("addDoneCallback")
                    .hasMessageContaining("createTask");
        }
    }

    @Test
    void awaitingAFutureFromATaskSuspendsOnlyThatTask() {
        try (EventLoop loop = Asyncio.newEventLoop()) {
            StringBuilder order = new StringBuilder();
            loop.runUntilComplete(() -> {
                Future<String> f = loop.createFuture();
                Task<String> waiter = createTask(() -> {
                    order.append("w");
                    return f.await();
                });
                Asyncio.sleep(0);
                order.append("m");
                f.setResult("x");
                assertThat(waiter.await()).isEqualTo("x");
                return null;
            });
            assertThat(order).hasToString("wm");
        }
    }
}
