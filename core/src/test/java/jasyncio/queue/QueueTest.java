package jasyncio.queue;

import static jasyncio.Asyncio.createTask;
import static jasyncio.Asyncio.gather;
import static jasyncio.Asyncio.sleep;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import jasyncio.Task;
import jasyncio.internal.SelectorLoop;
import jasyncio.internal.VirtualClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.Timeout.ThreadMode;

/**
 * Queue basics re-expressed from CPython's test_queues.py (QueueBasicTests, QueueGetTests,
 * QueuePutTests, the join tests): order, maxsize, waiting getters and putters, the nowait errors,
 * taskDone/join and the printed form.
 */
@Timeout(value = 10, threadMode = ThreadMode.SEPARATE_THREAD) // a lost wake-up fails instead of hanging
class QueueTest {
    private final SelectorLoop loop = new SelectorLoop(new VirtualClock());
    private final List<String> events = new ArrayList<>();

    @AfterEach
    void closeLoop() {
        loop.close();
    }

    @Test
    void getReturnsItemsInTheOrderTheyWerePut() {
        List<Integer> got = loop.runUntilComplete(() -> {
            Queue<Integer> q = new Queue<>();
            for (int i : new int[] {1, 3, 2}) q.put(i);
            return List.of(q.get(), q.get(), q.get());
        });

        assertThat(got).containsExactly(1, 3, 2);
    }

    @Test
    void emptyFullAndQsizeFollowTheItems() {
        loop.runUntilComplete(() -> {
            Queue<Integer> q = new Queue<>(2);
            assertThat(q.empty()).isTrue();
            assertThat(q.full()).isFalse();
            q.put(1);
            assertThat(q.empty()).isFalse();
            assertThat(q.full()).isFalse();
            q.put(2);
            assertThat(q.full()).isTrue();
            assertThat(q.qsize()).isEqualTo(2);
            assertThat(q.get()).isEqualTo(1);
            assertThat(q.full()).isFalse();
            assertThat(q.qsize()).isEqualTo(1);
        });
    }

    @Test
    void aQueueWithMaxsizeZeroOrLessIsUnboundedAndNeverFull() {
        for (int maxsize : new int[] {0, -1}) {
            Queue<Integer> q = new Queue<>(maxsize);
            for (int i = 0; i < 1000; i++) q.putNowait(i);
            assertThat(q.full()).isFalse();
            assertThat(q.qsize()).isEqualTo(1000);
            assertThat(q.maxsize()).isEqualTo(maxsize);
        }
        assertThat(new Queue<>().maxsize()).isZero();
    }

    @Test
    void putWaitsWhileTheQueueHoldsMaxsizeItems() {
        // test_maxsize: the putter blocks after two items and resumes once one is taken.
        loop.runUntilComplete(() -> {
            Queue<Integer> q = new Queue<>(2);
            List<Integer> put = new ArrayList<>();
            Task<Boolean> putter = createTask(() -> {
                for (int i = 0; i < 3; i++) {
                    q.put(i);
                    put.add(i);
                }
                return true;
            });
            sleep(0);
            sleep(0);
            assertThat(put).containsExactly(0, 1);
            assertThat(putter.isDone()).isFalse();

            assertThat(q.get()).isEqualTo(0);
            sleep(0);
            assertThat(put).containsExactly(0, 1, 2);
            assertThat(q.get()).isEqualTo(1);
            assertThat(q.get()).isEqualTo(2);
            assertThat(putter.isDone()).isTrue();
            assertThat(putter.result()).isTrue();
        });
    }

    @Test
    void getWaitsUntilAnItemIsPut() {
        double[] gotAt = new double[1];
        int got = loop.runUntilComplete(() -> {
            Queue<Integer> q = new Queue<>();
            loop.callLater(10, () -> q.putNowait(7));
            int item = q.get();
            gotAt[0] = loop.time();
            return item;
        });

        assertThat(got).isEqualTo(7);
        assertThat(gotAt[0]).isGreaterThanOrEqualTo(10);
    }

    @Test
    void putWaitsUntilAGetFreesASlot() {
        // test_blocking_put_wait
        loop.runUntilComplete(() -> {
            Queue<Integer> q = new Queue<>(1);
            loop.callLater(10, () -> events.add("took " + q.getNowait()));
            q.put(1);
            q.put(2);
            events.add("second put done at " + (int) loop.time());
            assertThat(q.getNowait()).isEqualTo(2);
        });

        assertThat(events).containsExactly("took 1", "second put done at 10");
    }

    @Test
    void getNowaitOnAnEmptyQueueThrowsQueueEmpty() {
        Queue<Integer> q = new Queue<>();
        assertThatThrownBy(q::getNowait).isInstanceOf(QueueEmpty.class).hasMessage("the queue is empty");
        q.putNowait(1);
        assertThat(q.getNowait()).isEqualTo(1);
    }

    @Test
    void putNowaitOnAFullQueueThrowsQueueFullAndPutsNothing() {
        Queue<Integer> q = new Queue<>(1);
        q.putNowait(1);
        assertThatThrownBy(() -> q.putNowait(2)).isInstanceOf(QueueFull.class)
                .hasMessage("the queue is full (maxsize=1)");
        assertThat(q.qsize()).isEqualTo(1);
        assertThat(q.getNowait()).isEqualTo(1);
    }

    @Test
    void aGetWakesTheFirstWaitingPutter() {
        // test_get_with_waiting_putters
        List<String> got = loop.runUntilComplete(() -> {
            Queue<String> q = new Queue<>(1);
            createTask(() -> q.put("a"));
            createTask(() -> q.put("b"));
            return List.of(q.get(), q.get());
        });

        assertThat(got).containsExactly("a", "b");
    }

    @Test
    void aPutHandsTheItemToAWaitingGetter() {
        // test_put_with_waiting_getters
        String got = loop.runUntilComplete(() -> {
            Queue<String> q = new Queue<>();
            Task<String> getter = createTask(q::get);
            sleep(0);
            q.put("a");
            return getter.await();
        });

        assertThat(got).isEqualTo("a");
    }

    @Test
    void waitingGettersAreServedInTheOrderTheyStartedWaiting() {
        List<String> got = loop.runUntilComplete(() -> {
            Queue<Integer> q = new Queue<>();
            List<Task<String>> getters = new ArrayList<>();
            for (String name : new String[] {"g1", "g2", "g3"}) {
                getters.add(createTask(() -> name + " got " + q.get()));
            }
            sleep(0);
            for (int i = 1; i <= 3; i++) q.putNowait(i);
            return gather(getters);
        });

        assertThat(got).containsExactly("g1 got 1", "g2 got 2", "g3 got 3");
    }

    @Test
    void blockedPuttersResumeInTheOrderTheyBlocked() {
        loop.runUntilComplete(() -> {
            Queue<String> q = new Queue<>(1);
            q.put("first");
            List<Task<?>> putters = new ArrayList<>();
            for (String item : new String[] {"p1", "p2", "p3", "p4"}) {
                putters.add(createTask(() -> {
                    q.put(item);
                    events.add(item + " put");
                }));
            }
            sleep(0);
            assertThat(q.toString()).contains("putters[4]");
            for (int i = 0; i < 5; i++) events.add("got " + q.get());
            gather(putters);
        });

        assertThat(events).containsExactly(
                "got first", "p1 put", "got p1", "p2 put", "got p2", "p3 put", "got p3", "p4 put", "got p4");
    }

    @Test
    void aProducerAndAConsumerThroughAOneSlotQueueBothFinish() {
        // test_why_are_getters_waiting
        List<Integer> consumed = new ArrayList<>();
        loop.runUntilComplete(() -> {
            Queue<Integer> q = new Queue<>(1);
            Task<Void> producer = createTask(() -> {
                for (int i = 0; i < 5; i++) q.put(i);
            });
            Task<Void> consumer = createTask(() -> {
                for (int i = 0; i < 5; i++) consumed.add(q.get());
            });
            gather(producer, consumer);
        });

        assertThat(consumed).containsExactly(0, 1, 2, 3, 4);
    }

    @Test
    void puttersWaitingOnAFullQueueAllGetInWhenAGetterDrainsIt() {
        // test_why_are_putters_waiting: a getter drains with getNowait; every putter still gets in.
        loop.runUntilComplete(() -> {
            Queue<Integer> q = new Queue<>(2);
            Task<Void> getter = createTask(() -> {
                sleep(0);
                int n = q.qsize();
                for (int i = 0; i < n; i++) events.add("took " + q.getNowait());
            });
            List<Task<?>> putters = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                int item = i;
                putters.add(createTask(() -> q.put(item)));
            }
            getter.await();
            gather(putters);
            assertThat(q.qsize()).isEqualTo(2);
            assertThat(List.of(q.getNowait(), q.getNowait())).containsExactly(2, 3);
        });

        assertThat(events).containsExactly("took 0", "took 1");
    }

    @Test
    void nullItemsAreQueuedLikeAnyOther() {
        Queue<String> q = new Queue<>();
        q.putNowait(null);
        q.putNowait("x");
        assertThat(q.qsize()).isEqualTo(2);
        assertThat(q.getNowait()).isNull();
        assertThat(q.getNowait()).isEqualTo("x");
    }

    @Test
    void manyItemsSurviveTheBufferGrowingAndWrappingAround() {
        Queue<Integer> q = new Queue<>();
        List<Integer> got = new ArrayList<>();
        for (int round = 0; round < 50; round++) {
            for (int i = 0; i < 7; i++) q.putNowait(round * 7 + i);
            for (int i = 0; i < 5; i++) got.add(q.getNowait());
        }
        while (!q.empty()) got.add(q.getNowait());

        assertThat(got).isEqualTo(java.util.stream.IntStream.range(0, 350).boxed().toList());
    }

    @Test
    void toStringShowsMaxsizeItemsWaitersUnfinishedTasksAndShutdown() {
        loop.runUntilComplete(() -> {
            Queue<Integer> q = new Queue<>();
            assertThat(q).hasToString("<Queue maxsize=0>");
            Task<Integer> getter = createTask(q::get);
            sleep(0);
            assertThat(q).hasToString("<Queue maxsize=0 getters[1]>");
            q.putNowait(0);
            assertThat(getter.await()).isZero();
            assertThat(q).hasToString("<Queue maxsize=0 tasks=1>");

            Queue<Integer> bounded = new Queue<>(1);
            bounded.putNowait(1);
            Task<Void> putter = createTask(() -> bounded.put(2));
            sleep(0);
            assertThat(bounded).hasToString("<Queue maxsize=1 queue=[1] putters[1] tasks=1>");
            bounded.getNowait();
            putter.await();
            bounded.shutdown();
            assertThat(bounded).hasToString("<Queue maxsize=1 queue=[2] tasks=2 shutdown>");
        });

        assertThat(new LifoQueue<>(3)).hasToString("<LifoQueue maxsize=3>");
        assertThat(new PriorityQueue<>()).hasToString("<PriorityQueue maxsize=0>");
    }

    // ---------------------------------------------------------------- taskDone / join

    @Test
    void taskDoneCalledMoreTimesThanItemsWerePutFails() {
        Queue<Integer> q = new Queue<>();
        assertThatThrownBy(q::taskDone).isInstanceOf(IllegalStateException.class)
                .hasMessage("taskDone() called too many times");
        q.putNowait(1);
        q.getNowait();
        q.taskDone();
        assertThatThrownBy(q::taskDone).hasMessage("taskDone() called too many times");
    }

    @Test
    void joinReturnsOnceEveryItemIsMarkedDoneByTheWorkers() {
        // test_task_done: two workers sum 100 items; join returns when all are processed.
        for (Queue<Integer> q : Arrays.<Queue<Integer>>asList(new Queue<>(), new LifoQueue<>(), new PriorityQueue<>())) {
            int[] sum = new int[1];
            loop.runUntilComplete(() -> {
                for (int i = 0; i < 100; i++) q.putNowait(i);
                List<Task<?>> workers = new ArrayList<>();
                for (int w = 0; w < 2; w++) {
                    workers.add(createTask(() -> {
                        while (true) {
                            int item = q.get();
                            if (item < 0) return;
                            sum[0] += item;
                            sleep(0);
                            q.taskDone();
                        }
                    }));
                }
                q.join();
                assertThat(sum[0]).isEqualTo(4950);
                for (int w = 0; w < 2; w++) q.putNowait(-1);
                gather(workers);
            });
        }
    }

    @Test
    void joinOnAQueueWithNothingPendingReturnsAtOnce() {
        loop.runUntilComplete(() -> {
            Queue<Integer> q = new Queue<>();
            q.join();
            q.join();
            q.putNowait(1);
            q.getNowait();
            q.taskDone();
            q.join();
        });
    }

    @Test
    void joinWaitsForTheLastTaskDoneAndReleasesEveryJoiner() {
        loop.runUntilComplete(() -> {
            Queue<String> q = new Queue<>();
            q.putNowait("a");
            q.putNowait("b");
            List<Task<?>> joiners = new ArrayList<>();
            for (String name : new String[] {"j1", "j2"}) {
                joiners.add(createTask(() -> {
                    q.join();
                    events.add(name + " joined");
                }));
            }
            sleep(0);
            events.add("got " + q.getNowait());
            q.taskDone();
            sleep(0);
            events.add("got " + q.getNowait());
            q.taskDone();
            events.add("all done");
            gather(joiners);
        });

        assertThat(events).containsExactly("got a", "got b", "all done", "j1 joined", "j2 joined");
    }
}
