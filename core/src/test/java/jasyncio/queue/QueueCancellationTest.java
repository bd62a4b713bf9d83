package jasyncio.queue;

import static jasyncio.Asyncio.createTask;
import static jasyncio.Asyncio.sleep;
import static jasyncio.Asyncio.waitFor;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import jasyncio.CancelledError;
import jasyncio.Task;
import jasyncio.TimeoutError;
import jasyncio.internal.SelectorLoop;
import jasyncio.internal.VirtualClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.Timeout.ThreadMode;

/**
 * Cancelling getters, putters and joiners at every interesting moment (waiting; woken but not yet
 * resumed; woken by a shutdown), re-expressed from CPython's test_queues.py (test_*cancel*) and
 * the wake-the-next-waiter logic of queues.py: a cancelled caller takes nothing and loses
 * nothing.
 */
@Timeout(value = 10, threadMode = ThreadMode.SEPARATE_THREAD) // a lost wake-up fails instead of hanging
class QueueCancellationTest {
    private final SelectorLoop loop = new SelectorLoop(new VirtualClock());
    private final List<String> events = new ArrayList<>();

    @AfterEach
    void closeLoop() {
        loop.close();
    }

    private static void assertCancelled(Task<?> t) {
        assertThatThrownBy(t::await).isInstanceOf(CancelledError.class);
        assertThat(t.isCancelled()).isTrue();
    }

    // ---------------------------------------------------------------- getters

    @Test
    void aGetterCancelledWhileWaitingIsSkippedAndTheNextGetterReceivesTheItem() {
        // test_get_cancelled_race
        String got = loop.runUntilComplete(() -> {
            Queue<String> q = new Queue<>();
            Task<String> t1 = createTask(q::get);
            Task<String> t2 = createTask(q::get);
            sleep(0);
            t1.cancel();
            sleep(0);
            assertThat(t1.isDone()).isTrue();
            q.put("a");
            return t2.await();
        });

        assertThat(got).isEqualTo("a");
    }

    @Test
    void aGetterCancelledWhileWaitingLeavesNoWaiterBehind() {
        loop.runUntilComplete(() -> {
            Queue<String> q = new Queue<>();
            Task<String> getter = createTask(q::get);
            sleep(0);
            assertThat(q.toString()).contains("getters[1]");
            getter.cancel("stop");
            assertThatThrownBy(getter::await).isInstanceOf(CancelledError.class).hasMessage("stop");
            assertThat(q).hasToString("<Queue maxsize=0>");
            q.putNowait("kept");
            assertThat(q.qsize()).isEqualTo(1);
        });
    }

    @Test
    void aGetTimedOutByWaitForLeavesNoWaiterBehind() {
        // test_cancelled_getters_not_being_held_in_self_getters
        loop.runUntilComplete(() -> {
            Queue<String> q = new Queue<>(5);
            assertThatThrownBy(() -> waitFor(q::get, 0.1)).isInstanceOf(TimeoutError.class);
            assertThat(q).hasToString("<Queue maxsize=5>");
        });
    }

    @Test
    void aGetterCancelledAfterItsItemArrivedLeavesTheItemInTheQueue() {
        // test_get_cancel_drop_one_pending_reader: if the retry gets 2, item 1 was dropped.
        int got = loop.runUntilComplete(() -> {
            Queue<Integer> q = new Queue<>();
            Task<Integer> reader = createTask(q::get);
            sleep(0);
            q.putNowait(1); // wakes the reader; it has not resumed yet
            q.putNowait(2);
            reader.cancel();
            assertCancelled(reader);
            assertThat(q.qsize()).isEqualTo(2);
            return createTask(q::get).await();
        });

        assertThat(got).isEqualTo(1);
    }

    @Test
    void aGetterCancelledAfterBeingWokenPassesTheWakeUpToTheNextGetter() {
        // test_get_cancel_drop_many_pending_readers
        loop.runUntilComplete(() -> {
            Queue<Integer> q = new Queue<>();
            Task<Integer> reader1 = createTask(q::get);
            Task<Integer> reader2 = createTask(q::get);
            Task<Integer> reader3 = createTask(q::get);
            sleep(0);
            q.putNowait(1); // wakes reader1
            q.putNowait(2); // wakes reader2
            reader1.cancel();
            assertCancelled(reader1);
            // reader1's wake-up went to reader3, which would otherwise wait forever.
            assertThat(Set.of(reader2.await(), reader3.await())).containsExactlyInAnyOrder(1, 2);
            assertThat(q.empty()).isTrue();
            assertThat(q).hasToString("<Queue maxsize=0 tasks=2>");
        });
    }

    @Test
    void aGetterWokenByAnItemThatSomeoneElseTookWaitsAgain() {
        // As in asyncio, a woken getter re-checks the queue: a getNowait in between wins.
        loop.runUntilComplete(() -> {
            Queue<String> q = new Queue<>();
            Task<String> getter = createTask(() -> {
                String item = q.get();
                events.add("getter got " + item);
                return item;
            });
            sleep(0);
            q.putNowait("a");
            events.add("main took " + q.getNowait());
            sleep(0);
            assertThat(getter.isDone()).isFalse();
            assertThat(q.toString()).contains("getters[1]");
            q.putNowait("b");
            getter.await();
        });

        assertThat(events).containsExactly("main took a", "getter got b");
    }

    // ---------------------------------------------------------------- putters

    @Test
    void aPutterCancelledWhileWaitingPutsNothingAndLeavesNoWaiterBehind() {
        // test_cancelled_puts_not_being_held_in_self_putters
        loop.runUntilComplete(() -> {
            Queue<Integer> q = new Queue<>(1);
            q.putNowait(1);
            Task<Void> putter = createTask(() -> q.put(2));
            sleep(0);
            assertThat(q.toString()).contains("putters[1]");
            putter.cancel();
            assertCancelled(putter);
            assertThat(q).hasToString("<Queue maxsize=1 queue=[1] tasks=1>");
        });
    }

    @Test
    void aPutterCancelledAfterAGetFreedItsSlotPutsNothing() {
        // test_put_cancel_drop and test_cancelled_put_silence_value_error_exception: the get
        // already removed the putter's waiter; the cancel still wins and nothing is put.
        loop.runUntilComplete(() -> {
            Queue<Integer> q = new Queue<>(1);
            q.putNowait(1);
            Task<Void> writer = createTask(() -> q.put(2));
            sleep(0);
            assertThat(q.getNowait()).isEqualTo(1); // wakes the writer
            writer.cancel();
            assertCancelled(writer);
            assertThat(q.qsize()).isZero();

            createTask(() -> q.put(2)).await();
            assertThat(q.getNowait()).isEqualTo(2);
            assertThat(q.qsize()).isZero();
        });
    }

    @Test
    void aPutterCancelledAfterBeingWokenPassesTheFreeSlotToTheNextPutter() {
        loop.runUntilComplete(() -> {
            Queue<String> q = new Queue<>(1);
            q.putNowait("first");
            Task<Void> p1 = createTask(() -> q.put("p1"));
            Task<Void> p2 = createTask(() -> q.put("p2"));
            sleep(0);
            q.getNowait(); // wakes p1
            p1.cancel();
            assertCancelled(p1);
            p2.await(); // would wait forever if p1 had kept the wake-up
            assertThat(q.getNowait()).isEqualTo("p2");
        });
    }

    @Test
    void aCancelledPutterAmongWaitingPuttersIsSkipped() {
        // test_put_cancelled_race
        loop.runUntilComplete(() -> {
            Queue<String> q = new Queue<>(1);
            Task<Void> putA = createTask(() -> q.put("a"));
            Task<Void> putB = createTask(() -> q.put("b"));
            Task<Void> putC = createTask(() -> q.put("X"));
            sleep(0);
            assertThat(putA.isDone()).isTrue();
            assertThat(putB.isDone()).isFalse();
            putC.cancel();
            sleep(0);
            assertThat(putC.isDone()).isTrue();
            assertThat(q.getNowait()).isEqualTo("a");
            sleep(0);
            assertThat(q.getNowait()).isEqualTo("b");
            putB.await();
            assertThat(q.empty()).isTrue();
        });
    }

    @Test
    void aPutWhoseTaskIsCancelledBeforeWaitingCompletesWhenThereIsRoom() {
        // test_put_cancelled: put on an unbounded queue never suspends, so a get completes it.
        loop.runUntilComplete(() -> {
            Queue<Integer> q = new Queue<>();
            Task<Boolean> t = createTask(() -> {
                q.put(1);
                return true;
            });
            assertThat(q.get()).isEqualTo(1);
            assertThat(t.isDone()).isTrue();
            assertThat(t.result()).isTrue();
        });
    }

    // ---------------------------------------------------------------- joiners and shutdown

    @Test
    void aCancelledJoinerLeavesTheOtherJoinersWaiting() {
        loop.runUntilComplete(() -> {
            Queue<String> q = new Queue<>();
            q.putNowait("x");
            Task<Void> j1 = createTask(q::join);
            Task<Void> j2 = createTask(() -> {
                q.join();
                events.add("j2 joined");
            });
            sleep(0);
            j1.cancel();
            assertCancelled(j1);
            assertThat(j2.isDone()).isFalse();
            q.getNowait();
            q.taskDone();
            j2.await();
        });

        assertThat(events).containsExactly("j2 joined");
    }

    @Test
    void aGetterCancelledAfterShutdownWokeItEndsCancelledAndTheOthersSeeQueueShutDown() {
        loop.runUntilComplete(() -> {
            Queue<String> q = new Queue<>();
            Task<String> g1 = createTask(q::get);
            Task<String> g2 = createTask(q::get);
            sleep(0);
            q.shutdown();
            g1.cancel();
            assertCancelled(g1);
            assertThatThrownBy(g2::await).isInstanceOf(QueueShutDown.class);
        });
    }

    @Test
    void aPutterWokenByAGetThatTheQueueShutsDownBeforeItResumesPutsNothing() {
        // queues.py: the woken putter re-checks; a shut-down queue refuses its item.
        loop.runUntilComplete(() -> {
            Queue<String> q = new Queue<>(1);
            q.putNowait("a");
            Task<Void> putter = createTask(() -> q.put("b"));
            sleep(0);
            assertThat(q.getNowait()).isEqualTo("a"); // wakes the putter
            q.shutdown();
            assertThatThrownBy(putter::await).isInstanceOf(QueueShutDown.class);
            assertThat(q.qsize()).isZero();
        });
    }

    @Test
    void cancellingEveryOtherWaitingGetterLosesNoItem() {
        loop.runUntilComplete(() -> {
            Queue<Integer> q = new Queue<>();
            List<Task<Integer>> getters = new ArrayList<>();
            for (int i = 0; i < 10; i++) getters.add(createTask(q::get));
            sleep(0);
            for (int i = 0; i < 5; i++) q.putNowait(i); // wakes getters 0..4
            for (int i = 0; i < 10; i += 2) getters.get(i).cancel(); // 0, 2, 4 woken; 6, 8 still waiting
            for (int i = 5; i < 10; i++) q.putNowait(i);
            List<Integer> got = new ArrayList<>();
            for (int i = 1; i < 10; i += 2) got.add(getters.get(i).await());
            for (int i = 0; i < 10; i += 2) assertCancelled(getters.get(i));
            while (!q.empty()) got.add(q.getNowait());
            assertThat(got).containsExactlyInAnyOrder(0, 1, 2, 3, 4, 5, 6, 7, 8, 9);
        });
    }
}
