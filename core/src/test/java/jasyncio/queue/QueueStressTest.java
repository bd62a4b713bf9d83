package jasyncio.queue;

import static jasyncio.Asyncio.createTask;
import static jasyncio.Asyncio.runCoroutineThreadsafe;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;

import jasyncio.Asyncio;
import jasyncio.CancelledError;
import jasyncio.EventLoop;
import jasyncio.Task;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.Timeout.ThreadMode;

/**
 * Thousands of producer and consumer tasks on two loops, plus a plain producer and consumer
 * thread, through one small bounded queue, while a thread cancels some of the tasks at random
 * moments. Every item that a put accepted is delivered exactly once, nothing else is delivered,
 * and join() returns (so no wake-up was lost and no item granted twice). Run with
 * {@code -Dgroups=stress}.
 */
@Tag("stress")
@Timeout(value = 120, threadMode = ThreadMode.SEPARATE_THREAD)
class QueueStressTest {
    private static final int PRODUCERS_PER_LOOP = 1000;
    private static final int CONSUMERS_PER_LOOP = 500;
    private static final int ITEMS_PER_PRODUCER = 10;
    private static final int THREAD_ITEMS = 2000;
    private static final int MAXSIZE = 16;

    private final EventLoop[] loops = {Asyncio.newEventLoop(), Asyncio.newEventLoop()};
    private final Thread[] loopThreads = new Thread[2];

    @AfterEach
    void stopLoops() throws InterruptedException {
        for (EventLoop l : loops) l.stop();
        for (Thread t : loopThreads) {
            if (t != null) t.join();
        }
        for (EventLoop l : loops) l.close();
    }

    @Test
    void everyAcceptedItemIsDeliveredExactlyOnceWhileTasksAreCancelledAtRandom() throws Exception {
        for (int i = 0; i < 2; i++) {
            loopThreads[i] = Thread.ofPlatform().name("stress-loop-" + i).start(loops[i]::runForever);
        }
        int taskItems = 2 * PRODUCERS_PER_LOOP * ITEMS_PER_PRODUCER;
        int totalItems = taskItems + THREAD_ITEMS;
        Queue<Integer> q = new Queue<>(MAXSIZE);
        AtomicIntegerArray accepted = new AtomicIntegerArray(totalItems);
        AtomicIntegerArray delivered = new AtomicIntegerArray(totalItems);
        AtomicInteger shutDownSeen = new AtomicInteger();

        Runnable consume = () -> {
            while (true) {
                int item;
                try {
                    item = q.get();
                } catch (QueueShutDown e) {
                    shutDownSeen.incrementAndGet();
                    return;
                }
                delivered.incrementAndGet(item);
                q.taskDone();
            }
        };

        List<Task<?>> producers = new ArrayList<>();
        List<Task<?>> consumers = new ArrayList<>();
        List<Task<?>> cancellable = new ArrayList<>();
        for (int l = 0; l < 2; l++) {
            int loopIndex = l;
            List<List<Task<?>>> made = runCoroutineThreadsafe(() -> {
                List<Task<?>> ps = new ArrayList<>();
                List<Task<?>> cs = new ArrayList<>();
                for (int i = 0; i < Math.max(PRODUCERS_PER_LOOP, CONSUMERS_PER_LOOP); i++) {
                    if (i < CONSUMERS_PER_LOOP) cs.add(createTask(consume::run));
                    if (i < PRODUCERS_PER_LOOP) {
                        int first = (loopIndex * PRODUCERS_PER_LOOP + i) * ITEMS_PER_PRODUCER;
                        ps.add(createTask(() -> {
                            for (int k = first; k < first + ITEMS_PER_PRODUCER; k++) {
                                q.put(k);
                                accepted.incrementAndGet(k);
                            }
                        }));
                    }
                }
                return List.of(ps, cs);
            }, loops[l]).await();
            producers.addAll(made.get(0));
            consumers.addAll(made.get(1));
            for (int i = 0; i < made.get(0).size(); i += 7) cancellable.add(made.get(0).get(i));
            for (int i = 0; i < made.get(1).size(); i += 5) cancellable.add(made.get(1).get(i));
        }
        Thread threadProducer = Thread.ofPlatform().name("stress-producer").start(() -> {
            for (int k = taskItems; k < totalItems; k++) {
                q.put(k);
                accepted.incrementAndGet(k);
            }
        });
        Thread threadConsumer = Thread.ofPlatform().name("stress-consumer").start(consume);

        // Cancel a seventh of the producers and a fifth of the consumers at random moments.
        Random random = new Random(42);
        Collections.shuffle(cancellable, random);
        for (Task<?> t : cancellable) {
            for (int spin = random.nextInt(20_000); spin > 0; spin--) Thread.onSpinWait();
            t.cancel("stress");
        }

        int producersCancelled = awaitAll(producers);
        threadProducer.join();
        q.join(); // every accepted item was taken and marked done
        q.shutdown();
        int consumersCancelled = awaitAll(consumers);
        threadConsumer.join();

        int acceptedCount = 0;
        for (int k = 0; k < totalItems; k++) {
            assertThat(delivered.get(k)).as("deliveries of item %d", k).isEqualTo(accepted.get(k));
            assertThat(accepted.get(k)).as("puts of item %d", k).isLessThanOrEqualTo(1);
            acceptedCount += accepted.get(k);
        }
        assertThat(acceptedCount).isGreaterThan(taskItems / 2);
        assertThat(q).hasToString("<Queue maxsize=16 shutdown>");
        assertThat(shutDownSeen.get()).isEqualTo(consumers.size() - consumersCancelled + 1);
        System.out.printf("queue stress: %d items accepted of %d; %d producers and %d consumers cancelled%n",
                acceptedCount, totalItems, producersCancelled, consumersCancelled);
    }

    /** Awaits every task; returns how many ended cancelled (any other failure fails the test). */
    private static int awaitAll(List<Task<?>> tasks) {
        int cancelled = 0;
        for (Task<?> t : tasks) {
            try {
                t.await();
            } catch (CancelledError e) {
                cancelled++;
            }
        }
        return cancelled;
    }
}
