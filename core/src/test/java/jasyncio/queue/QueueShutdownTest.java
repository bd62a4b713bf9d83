package jasyncio.queue;

import static jasyncio.Asyncio.createTask;
import static jasyncio.Asyncio.sleep;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;
import java.util.stream.Stream;

import jasyncio.Task;
import jasyncio.internal.SelectorLoop;
import jasyncio.internal.VirtualClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.Timeout.ThreadMode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Python 3.13's {@code Queue.shutdown(immediate)} for all three queue kinds, re-expressed from
 * CPython's test_queues.py (_QueueShutdownTestMixin) and queues.py: after a shutdown puts raise,
 * gets raise once the queue is empty; an immediate shutdown empties the queue and counts each
 * discarded item as done; waiting getters and putters resume with QueueShutDown.
 */
@Timeout(value = 10, threadMode = ThreadMode.SEPARATE_THREAD)
class QueueShutdownTest {
    private final SelectorLoop loop = new SelectorLoop(new VirtualClock());

    @AfterEach
    void closeLoop() {
        loop.close();
    }

    static Stream<Arguments> kinds() {
        return Stream.of(
                Arguments.of("Queue", (IntFunction<Queue<String>>) Queue::new),
                Arguments.of("LifoQueue", (IntFunction<Queue<String>>) LifoQueue::new),
                Arguments.of("PriorityQueue", (IntFunction<Queue<String>>) PriorityQueue::new));
    }

    /** Every way of putting and getting refuses with QueueShutDown. */
    private static void assertPutsAndGetsRaise(Queue<String> q) {
        assertThatThrownBy(() -> q.put("data")).isInstanceOf(QueueShutDown.class).hasMessage("the queue is shut down");
        assertThatThrownBy(() -> q.putNowait("data")).isInstanceOf(QueueShutDown.class);
        assertThatThrownBy(q::get).isInstanceOf(QueueShutDown.class);
        assertThatThrownBy(q::getNowait).isInstanceOf(QueueShutDown.class);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kinds")
    void shuttingDownAnEmptyQueueWakesWaitingGettersWithQueueShutDown(String kind, IntFunction<Queue<String>> make) {
        // test_shutdown_empty
        loop.runUntilComplete(() -> {
            Queue<String> q = make.apply(0);
            Task<String> g1 = createTask(q::get);
            Task<String> g2 = createTask(q::get);
            sleep(0);
            q.shutdown(false);
            assertThat(q.qsize()).isZero();
            q.join();
            sleep(0);
            assertThat(g1.isDone()).isTrue();
            assertThatThrownBy(g1::await).isInstanceOf(QueueShutDown.class);
            assertThatThrownBy(g2::await).isInstanceOf(QueueShutDown.class);
            assertPutsAndGetsRaise(q);
            assertThat(q).hasToString("<" + kind + " maxsize=0 shutdown>");
        });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kinds")
    void aShutDownQueueStillHandsOutItsItemsButRefusesPuts(String kind, IntFunction<Queue<String>> make) {
        // test_shutdown_nonempty
        loop.runUntilComplete(() -> {
            Queue<String> q = make.apply(1);
            q.putNowait("data");
            Task<Void> joiner = createTask(q::join);
            Task<Void> putter = createTask(() -> q.put("data2"));
            sleep(0);
            assertThat(putter.isDone()).isFalse();

            q.shutdown(false);
            assertThat(q.qsize()).isEqualTo(1);
            sleep(0);
            assertThat(putter.isDone()).isTrue();
            assertThatThrownBy(putter::await).isInstanceOf(QueueShutDown.class);

            assertThat(q.get()).isEqualTo("data");
            sleep(0);
            assertThat(joiner.isDone()).isFalse();
            assertPutsAndGetsRaise(q);

            q.taskDone();
            sleep(0);
            assertThat(joiner.isDone()).isTrue();
            joiner.await();
            assertThatThrownBy(q::taskDone).isInstanceOf(IllegalStateException.class);
        });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kinds")
    void anImmediateShutdownDiscardsTheItemsAndReleasesJoin(String kind, IntFunction<Queue<String>> make) {
        // test_shutdown_immediate
        loop.runUntilComplete(() -> {
            Queue<String> q = make.apply(0);
            q.putNowait("data");
            Task<Void> joiner = createTask(q::join);
            sleep(0);
            q.shutdown(true);
            assertThat(q.qsize()).isZero();
            sleep(0);
            assertThat(joiner.isDone()).isTrue();
            joiner.await();
            assertPutsAndGetsRaise(q);
            assertThatThrownBy(q::taskDone).isInstanceOf(IllegalStateException.class)
                    .hasMessage("taskDone() called too many times");
        });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kinds")
    void anImmediateShutdownKeepsJoinWaitingForItemsAlreadyTaken(String kind, IntFunction<Queue<String>> make) {
        // test_shutdown_immediate_with_unfinished
        loop.runUntilComplete(() -> {
            Queue<String> q = make.apply(0);
            q.putNowait("data");
            q.putNowait("data");
            Task<Void> joiner = createTask(q::join);
            assertThat(q.get()).isEqualTo("data");

            q.shutdown(true); // unfinished: 2 -> 1
            assertThat(q.qsize()).isZero();
            sleep(0);
            assertThat(joiner.isDone()).isFalse();
            assertPutsAndGetsRaise(q);

            q.taskDone();
            assertThatThrownBy(q::taskDone).isInstanceOf(IllegalStateException.class);
            sleep(0);
            assertThat(joiner.isDone()).isTrue();
            joiner.await();
        });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kinds")
    void anImmediateShutdownWakesEveryWaitingPutterWithQueueShutDown(String kind, IntFunction<Queue<String>> make) {
        loop.runUntilComplete(() -> {
            Queue<String> q = make.apply(1);
            q.putNowait("a");
            List<Task<Void>> putters = new ArrayList<>();
            for (String item : new String[] {"b", "c", "d"}) putters.add(createTask(() -> q.put(item)));
            Task<Void> joiner = createTask(q::join);
            sleep(0);
            assertThat(q.toString()).contains("putters[3]");

            q.shutdown(true);
            for (Task<Void> p : putters) assertThatThrownBy(p::await).isInstanceOf(QueueShutDown.class);
            joiner.await();
            assertThat(q.qsize()).isZero();
            assertThat(q).hasToString("<" + kind + " maxsize=1 shutdown>");
        });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kinds")
    void aShutdownWakesWaitingPuttersWhoseItemsAreNotAdded(String kind, IntFunction<Queue<String>> make) {
        loop.runUntilComplete(() -> {
            Queue<String> q = make.apply(2);
            q.putNowait("a");
            q.putNowait("b");
            Task<Void> p1 = createTask(() -> q.put("c"));
            Task<Void> p2 = createTask(() -> q.put("d"));
            sleep(0);
            q.shutdown();
            assertThatThrownBy(p1::await).isInstanceOf(QueueShutDown.class);
            assertThatThrownBy(p2::await).isInstanceOf(QueueShutDown.class);
            List<String> drained = new ArrayList<>(List.of(q.get(), q.getNowait()));
            assertThat(drained).containsExactlyInAnyOrder("a", "b");
            assertThatThrownBy(q::get).isInstanceOf(QueueShutDown.class);
        });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kinds")
    void aSecondImmediateShutdownDiscardsWhatTheFirstShutdownKept(String kind, IntFunction<Queue<String>> make) {
        loop.runUntilComplete(() -> {
            Queue<String> q = make.apply(0);
            q.putNowait("a");
            q.putNowait("b");
            q.shutdown();
            q.shutdown();
            assertThat(q.qsize()).isEqualTo(2);
            q.shutdown(true);
            assertThat(q.qsize()).isZero();
            q.join(); // both discarded items counted as done
            assertThatThrownBy(q::getNowait).isInstanceOf(QueueShutDown.class);
        });
    }
}
