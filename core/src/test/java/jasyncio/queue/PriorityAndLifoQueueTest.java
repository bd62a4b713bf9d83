package jasyncio.queue;

import static jasyncio.Asyncio.createTask;
import static jasyncio.Asyncio.sleep;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;

import jasyncio.Task;
import jasyncio.internal.SelectorLoop;
import jasyncio.internal.VirtualClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.Timeout.ThreadMode;

/**
 * The item orders of {@link LifoQueue} and {@link PriorityQueue} (CPython's LifoQueueTests and
 * PriorityQueueTests), the priority queue's comparator, its FIFO order among equal priorities,
 * and its refusal of items it cannot order.
 */
@Timeout(value = 10, threadMode = ThreadMode.SEPARATE_THREAD)
class PriorityAndLifoQueueTest {
    private final SelectorLoop loop = new SelectorLoop(new VirtualClock());

    @AfterEach
    void closeLoop() {
        loop.close();
    }

    record Job(int priority, String name) {}

    private static <T> List<T> drain(Queue<T> q) {
        List<T> items = new ArrayList<>();
        while (!q.empty()) items.add(q.getNowait());
        return items;
    }

    @Test
    void aLifoQueueReturnsTheMostRecentItemFirst() {
        List<Integer> got = loop.runUntilComplete(() -> {
            Queue<Integer> q = new LifoQueue<>();
            for (int i : new int[] {1, 3, 2}) q.put(i);
            return List.of(q.get(), q.get(), q.get());
        });

        assertThat(got).containsExactly(2, 3, 1);
    }

    @Test
    void aLifoQueueInterleavingPutsAndGetsStaysLastInFirstOut() {
        LifoQueue<Integer> q = new LifoQueue<>();
        List<Integer> got = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            q.putNowait(i);
            q.putNowait(100 + i);
            got.add(q.getNowait());
        }
        got.addAll(drain(q));

        assertThat(got.subList(0, 3)).containsExactly(100, 101, 102);
        assertThat(got.subList(20, 40)).isEqualTo(java.util.stream.IntStream.iterate(19, i -> i - 1).limit(20).boxed().toList());
    }

    @Test
    void aBoundedLifoQueueMakesPuttersWaitLikeAQueue() {
        loop.runUntilComplete(() -> {
            LifoQueue<String> q = new LifoQueue<>(1);
            q.putNowait("a");
            assertThatThrownBy(() -> q.putNowait("b")).isInstanceOf(QueueFull.class);
            Task<Void> putter = createTask(() -> q.put("b"));
            sleep(0);
            assertThat(q.get()).isEqualTo("a");
            putter.await();
            assertThat(q.getNowait()).isEqualTo("b");
        });
    }

    @Test
    void aPriorityQueueReturnsTheSmallestItemFirst() {
        List<Integer> got = loop.runUntilComplete(() -> {
            Queue<Integer> q = new PriorityQueue<>();
            for (int i : new int[] {1, 3, 2}) q.put(i);
            return List.of(q.get(), q.get(), q.get());
        });

        assertThat(got).containsExactly(1, 2, 3);
    }

    @Test
    void aPriorityQueueSortsManyRandomItems() {
        PriorityQueue<Integer> q = new PriorityQueue<>();
        Random random = new Random(42);
        List<Integer> expected = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            int v = random.nextInt(100);
            q.putNowait(v);
            expected.add(v);
        }
        expected.sort(null);

        assertThat(drain(q)).isEqualTo(expected);
    }

    @Test
    void aPriorityQueueOrdersByItsComparator() {
        PriorityQueue<String> q = new PriorityQueue<>(Comparator.comparingInt(String::length).reversed());
        for (String s : new String[] {"bb", "a", "dddd", "ccc"}) q.putNowait(s);

        assertThat(drain(q)).containsExactly("dddd", "ccc", "bb", "a");
    }

    @Test
    void itemsOfEqualPriorityComeOutInTheOrderTheyWerePut() {
        // heapq gives no such promise; this queue does (documented on PriorityQueue).
        PriorityQueue<Job> q = new PriorityQueue<>(Comparator.comparingInt(Job::priority));
        List<Job> put = new ArrayList<>();
        Random random = new Random(7);
        for (int i = 0; i < 200; i++) {
            Job job = new Job(random.nextInt(3), "job" + i);
            put.add(job);
            q.putNowait(job);
            if (i % 5 == 4) put.remove(q.getNowait()); // interleave gets with the puts
        }
        List<Job> expected = new ArrayList<>(put);
        expected.sort(Comparator.comparingInt(Job::priority)); // List.sort is stable

        assertThat(drain(q)).isEqualTo(expected);
    }

    @Test
    void aPriorityQueueWithoutComparatorRefusesItemsItCannotOrderAndStaysUnchanged() {
        PriorityQueue<Object> q = new PriorityQueue<>();
        q.putNowait(2);
        q.putNowait(1);
        assertThatThrownBy(() -> q.putNowait(new Object())).isInstanceOf(ClassCastException.class)
                .hasMessageContaining("needs Comparable items, got java.lang.Object");
        assertThatThrownBy(() -> q.putNowait(null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> q.putNowait("three")).isInstanceOf(ClassCastException.class);
        assertThat(q.qsize()).isEqualTo(2);
        assertThat(q).hasToString("<PriorityQueue maxsize=0 queue=[1, 2] tasks=2>");
        assertThat(drain(q)).containsExactly(1, 2);
    }

    @Test
    void aRefusedItemPassesAFreedSlotOnToTheNextWaitingPutter() {
        loop.runUntilComplete(() -> {
            PriorityQueue<Object> q = new PriorityQueue<>(1);
            q.putNowait(1);
            Task<Void> bad = createTask(() -> q.put(new Object()));
            Task<Void> good = createTask(() -> q.put(2));
            sleep(0);
            assertThat(q.getNowait()).isEqualTo(1); // wakes the bad putter
            assertThatThrownBy(bad::await).isInstanceOf(ClassCastException.class);
            good.await();
            assertThat(q.getNowait()).isEqualTo(2);
        });
    }
}
