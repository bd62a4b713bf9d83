package jasyncio.queue;

import static jasyncio.Asyncio.runCoroutineThreadsafe;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.IntStream;

import jasyncio.Asyncio;
import jasyncio.CancelledError;
import jasyncio.EventLoop;
import jasyncio.Future;
import jasyncio.internal.SelectorLoop;
import jasyncio.internal.VirtualClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.Timeout.ThreadMode;

/**
 * One queue shared by tasks of different loops and by plain threads: hand-offs in both
 * directions, blocking waits in plain threads (ended by interrupts), and the refusal to wait in a
 * loop callback.
 */
@Timeout(value = 20, threadMode = ThreadMode.SEPARATE_THREAD)
class QueueCrossThreadTest {
    private static final List<Integer> ITEMS = IntStream.range(0, 200).boxed().toList();

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

    /** Spins until the queue's printed form shows {@code part} (a caller has started waiting). */
    private static void awaitState(Queue<?> q, String part) {
        while (!q.toString().contains(part)) Thread.onSpinWait();
    }

    @Test
    void aTaskOnOneLoopReceivesInOrderWhatATaskOnAnotherLoopPutsThroughAOneSlotQueue() {
        startLoops();
        Queue<Integer> q = new Queue<>(1);
        Future<List<Integer>> consumer = runCoroutineThreadsafe(() -> {
            List<Integer> got = new ArrayList<>();
            for (int i = 0; i < ITEMS.size(); i++) got.add(q.get());
            return got;
        }, loopB);
        Future<Void> producer = runCoroutineThreadsafe(() -> {
            for (int item : ITEMS) q.put(item);
        }, loopA);

        producer.await();
        assertThat(consumer.await()).isEqualTo(ITEMS);
        assertThat(q).hasToString("<Queue maxsize=1 tasks=200>");
    }

    @Test
    void aPlainThreadFeedsATaskAndATaskFeedsAPlainThread() throws Exception {
        startLoops();
        Queue<Integer> toTask = new Queue<>(1);
        Queue<Integer> toThread = new Queue<>(1);
        // The task on loop A forwards every item, doubled, from one queue to the other.
        Future<Void> relay = runCoroutineThreadsafe(() -> {
            for (int i = 0; i < ITEMS.size(); i++) toThread.put(toTask.get() * 2);
        }, loopA);
        List<Integer> got = new ArrayList<>();
        Thread reader = Thread.ofPlatform().start(() -> {
            for (int i = 0; i < ITEMS.size(); i++) got.add(toThread.get());
        });
        for (int item : ITEMS) toTask.put(item); // this test thread blocks while the slot is full

        reader.join();
        relay.await();
        assertThat(got).isEqualTo(ITEMS.stream().map(i -> i * 2).toList());
    }

    @Test
    void plainThreadsHandItemsOverWithoutAnyLoop() throws Exception {
        Queue<Integer> q = new Queue<>(1);
        List<Integer> got = new ArrayList<>();
        Thread consumer = Thread.ofVirtual().start(() -> {
            for (int i = 0; i < ITEMS.size(); i++) {
                got.add(q.get());
                q.taskDone();
            }
        });
        for (int item : ITEMS) q.put(item);
        q.join();
        consumer.join();

        assertThat(got).isEqualTo(ITEMS);
    }

    @Test
    void interruptingAPlainThreadWaitingInGetEndsItWithCancelledErrorAndTakesNothing() throws Exception {
        Queue<String> q = new Queue<>();
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        AtomicReference<Boolean> stillInterrupted = new AtomicReference<>();
        Thread getter = Thread.ofPlatform().start(() -> {
            try {
                q.get();
            } catch (Throwable e) {
                thrown.set(e);
                stillInterrupted.set(Thread.currentThread().isInterrupted());
            }
        });
        awaitState(q, "getters[1]");
        getter.interrupt();
        getter.join();

        assertThat(thrown.get()).isInstanceOf(CancelledError.class)
                .hasMessage("the thread waiting on the queue was interrupted");
        assertThat(stillInterrupted.get()).isTrue();
        assertThat(q).hasToString("<Queue maxsize=0>");
        q.putNowait("kept");
        assertThat(q.getNowait()).isEqualTo("kept");
    }

    @Test
    void interruptingAPlainThreadWaitingInPutEndsItAndPutsNothing() throws Exception {
        Queue<String> q = new Queue<>(1);
        q.putNowait("a");
        CompletableFuture<Throwable> thrown = new CompletableFuture<>();
        Thread putter = Thread.ofVirtual().start(() -> {
            try {
                q.put("b");
                thrown.complete(null);
            } catch (Throwable e) {
                thrown.complete(e);
            }
        });
        awaitState(q, "putters[1]");
        putter.interrupt();
        putter.join();

        assertThat(thrown.get()).isInstanceOf(CancelledError.class);
        assertThat(q).hasToString("<Queue maxsize=1 queue=[a] tasks=1>");
    }

    @Test
    void aPlainThreadWaitingInJoinResumesWhenATaskMarksTheLastItemDone() throws Exception {
        startLoops();
        Queue<Integer> q = new Queue<>();
        for (int i = 0; i < 100; i++) q.putNowait(i);
        Future<Integer> worker = runCoroutineThreadsafe(() -> {
            int sum = 0;
            for (int i = 0; i < 100; i++) {
                sum += q.get();
                Asyncio.sleep(0);
                q.taskDone();
            }
            return sum;
        }, loopB);

        q.join();
        assertThat(q).hasToString("<Queue maxsize=0>");
        assertThat(worker.await()).isEqualTo(4950);
    }

    @Test
    void aShutdownFromAPlainThreadWakesGettersOnALoopAndInAThread() throws Exception {
        startLoops();
        Queue<String> q = new Queue<>();
        Future<String> onLoop = runCoroutineThreadsafe(q::get, loopA);
        CompletableFuture<Throwable> inThread = new CompletableFuture<>();
        Thread.ofPlatform().start(() -> {
            try {
                q.get();
            } catch (Throwable e) {
                inThread.complete(e);
            }
        });
        awaitState(q, "getters[2]");
        q.shutdown();

        assertThatThrownBy(onLoop::await).isInstanceOf(QueueShutDown.class);
        assertThat(inThread.get()).isInstanceOf(QueueShutDown.class);
    }

    @Test
    void aLoopCallbackMayPutAndGetWithoutWaitingButIsRefusedAWait() {
        SelectorLoop loop = new SelectorLoop(new VirtualClock());
        try {
            List<String> seen = loop.runUntilComplete(() -> {
                Queue<String> q = new Queue<>(1);
                Future<List<String>> done = loop.createFuture();
                loop.callSoon(() -> {
                    List<String> s = new ArrayList<>();
                    q.put("a"); // room: no wait needed
                    s.add("got " + q.get()); // an item: no wait needed
                    try {
                        q.get();
                    } catch (IllegalStateException e) {
                        s.add(e.getMessage());
                    }
                    q.putNowait("b");
                    try {
                        q.put("c");
                    } catch (IllegalStateException e) {
                        s.add(e.getMessage());
                    }
                    s.add(q.toString());
                    done.setResult(s);
                });
                return done.await();
            });

            assertThat(seen).hasSize(4);
            assertThat(seen.get(0)).isEqualTo("got a");
            assertThat(seen.get(1)).startsWith("Queue.get() was called from a callback running on the event loop thread")
                    .contains("a callback must not block its loop");
            assertThat(seen.get(2)).startsWith("Queue.put() was called from a callback");
            assertThat(seen.get(3)).isEqualTo("<Queue maxsize=1 queue=[b] tasks=2>");
        } finally {
            loop.close();
        }
    }
}
