package jasyncio.sync;

import static jasyncio.Asyncio.createTask;
import static jasyncio.Asyncio.runCoroutineThreadsafe;
import static jasyncio.Asyncio.sleep;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.Supplier;

import jasyncio.Asyncio;
import jasyncio.EventLoop;
import jasyncio.Future;
import jasyncio.Task;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.Timeout.ThreadMode;

/**
 * Thousands of tasks on two loops (and a few plain threads) contending on each primitive, some
 * cancelled by another thread as they start and more by each other, right after a release, at
 * the head of the line (most often a waiter just woken and not yet resumed): no double grants
 * (counters inside the critical sections), no lost wake-ups (everything finishes; cross-loop
 * ping-pongs where one lost wake-up hangs), nothing leaked (the primitive ends in its initial
 * state). Run with {@code -Dgroups=stress -DexcludedGroups=}.
 */
@Tag("stress")
@Timeout(value = 120, threadMode = ThreadMode.SEPARATE_THREAD)
class SyncStressTest {
    private static final int TASKS_PER_LOOP = 2500;
    private static final int ROUNDS = 4;
    /** Plain threads are numbered from here: outside the crowd, so nobody cancels them. */
    private static final int THREAD_IDS = 1_000_000;
    /** No task finishing for this long is a lost wake-up. */
    private static final int STALL_SECONDS = 30;
    /** Every CANCEL_EVERY-th task is cancelled from the test thread while the crowd runs. */
    private static final int CANCEL_EVERY = 7;

    private EventLoop loopA;
    private EventLoop loopB;
    private Thread threadA;
    private Thread threadB;

    /** A task body given its number. */
    @FunctionalInterface
    interface Body {
        void run(int id) throws Exception;
    }

    /** How the tasks of one crowd ended. */
    record Ends(int completed, int cancelled, List<Throwable> failures) {}

    /** Every task of the crowd by id, filled as they are created, so that they can cancel each other. */
    private final AtomicReferenceArray<Task<Void>> crowd = new AtomicReferenceArray<>(2 * TASKS_PER_LOOP);

    /**
     * The callers waiting to acquire, in about the order they lined up: its head is the waiter
     * that a release wakes, or one just woken that has not resumed yet.
     */
    private final class Line {
        private final ConcurrentLinkedDeque<Integer> ids = new ConcurrentLinkedDeque<>();
        final AtomicInteger headCancels = new AtomicInteger();

        /** Acquires through {@code acquire}, standing in line meanwhile. */
        Held acquire(int id, Supplier<Held> acquire) {
            ids.add(id);
            try {
                return acquire.get();
            } finally {
                ids.removeFirstOccurrence(id);
            }
        }

        /** Cancels the task at the head of the line, if any. */
        void cancelHead() {
            Integer head = ids.peekFirst();
            Task<Void> victim = head == null || head >= crowd.length() ? null : crowd.get(head);
            if (victim != null && victim.cancel()) headCancels.incrementAndGet();
        }
    }

    @BeforeEach
    void startLoops() {
        loopA = Asyncio.newEventLoop();
        loopB = Asyncio.newEventLoop();
        threadA = Thread.ofPlatform().name("stress-loop-A").start(loopA::runForever);
        threadB = Thread.ofPlatform().name("stress-loop-B").start(loopB::runForever);
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

    /** Starts {@code n} tasks on {@code loop}, numbered from {@code firstId}; returns them once created. */
    private List<Task<Void>> startTasks(EventLoop loop, int firstId, int n, Body body) {
        return runCoroutineThreadsafe(() -> {
            List<Task<Void>> tasks = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                int id = firstId + i;
                Task<Void> t = createTask(() -> body.run(id));
                if (id < crowd.length()) crowd.set(id, t);
                tasks.add(t);
            }
            return tasks;
        }, loop).await();
    }

    /** Both loops' crowds, interleaved so that cancelling every k-th hits both loops. */
    private List<Task<Void>> startCrowd(Body body) {
        List<Task<Void>> a = startTasks(loopA, 0, TASKS_PER_LOOP, body);
        List<Task<Void>> b = startTasks(loopB, TASKS_PER_LOOP, TASKS_PER_LOOP, body);
        List<Task<Void>> all = new ArrayList<>();
        for (int i = 0; i < TASKS_PER_LOOP; i++) {
            all.add(a.get(i));
            all.add(b.get(i));
        }
        return all;
    }

    private static void cancelSome(List<Task<Void>> tasks) {
        for (int i = 0; i < tasks.size(); i += CANCEL_EVERY) tasks.get(i).cancel();
    }

    /**
     * Waits for every task. Slow progress is fine (a loaded machine); no task finishing for
     * {@link #STALL_SECONDS} is a lost wake-up, reported with {@code state} (the primitive), the
     * unfinished tasks per loop, whether each loop still runs a probe task, and one stuck stack.
     */
    private Ends awaitAll(List<? extends Future<Void>> tasks, Supplier<?> state) throws Exception {
        AtomicInteger finished = new AtomicInteger();
        for (Future<Void> t : tasks) t.addDoneCallback(f -> finished.incrementAndGet());
        int completed = 0;
        int cancelled = 0;
        List<Throwable> failures = new ArrayList<>();
        for (Future<Void> t : tasks) {
            int seen = finished.get();
            long lastProgress = System.nanoTime();
            while (true) {
                try {
                    t.get(1, TimeUnit.SECONDS);
                    completed++;
                } catch (CancellationException e) {
                    cancelled++;
                } catch (ExecutionException e) {
                    failures.add(e.getCause());
                } catch (TimeoutException e) {
                    if (finished.get() != seen) {
                        seen = finished.get();
                        lastProgress = System.nanoTime();
                    } else if (System.nanoTime() - lastProgress > TimeUnit.SECONDS.toNanos(STALL_SECONDS)) {
                        throw new AssertionError(stallReport(tasks, t, state));
                    }
                    continue;
                }
                break;
            }
        }
        return new Ends(completed, cancelled, failures);
    }

    private String stallReport(List<? extends Future<Void>> tasks, Future<Void> stuck, Supplier<?> state) {
        StringBuilder report = new StringBuilder("no task finished for " + STALL_SECONDS + " s: " + state.get());
        for (EventLoop loop : List.of(loopA, loopB)) {
            long unfinished = tasks.stream().filter(t -> !t.isDone() && t.getLoop() == loop).count();
            String probe;
            try {
                probe = runCoroutineThreadsafe(() -> "runs tasks", loop).get(5, TimeUnit.SECONDS);
            } catch (Exception e) {
                probe = "does not run a probe task: " + e;
            }
            report.append("\n  ").append(loop == loopA ? "loop A" : "loop B").append(": ")
                    .append(unfinished).append(" unfinished, ").append(probe);
        }
        report.append("\n  stuck: ").append(stuck);
        if (stuck instanceof Task<?> task) {
            for (StackTraceElement el : task.getStack()) report.append("\n\tat ").append(el);
        }
        return report.toString();
    }

    private static List<Thread> startThreads(int n, Body body) {
        List<Thread> threads = new ArrayList<>();
        List<Throwable> errors = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int id = i;
            threads.add(Thread.ofPlatform().name("stress-thread-" + i).start(() -> {
                try {
                    body.run(id);
                } catch (Exception e) {
                    throw new AssertionError(e);
                }
            }));
        }
        return threads;
    }

    private static void joinAll(List<Thread> threads) throws InterruptedException {
        for (Thread t : threads) {
            t.join(TimeUnit.SECONDS.toMillis(30));
            assertThat(t.isAlive()).as("%s finished", t.getName()).isFalse();
        }
    }

    @Test
    void lockGrantsMutualExclusionToThousandsOfTasksOnTwoLoopsAndThreadsDespiteCancellations() throws Exception {
        Lock lock = new Lock();
        AtomicInteger inside = new AtomicInteger();
        AtomicInteger doubleGrants = new AtomicInteger();
        AtomicInteger entries = new AtomicInteger();
        int[] guarded = {0}; // a plain counter: only mutual exclusion keeps it exact
        Line line = new Line();
        Body criticalSection = id -> {
            for (int r = 0; r < ROUNDS; r++) {
                try (var _ = line.acquire(id, lock::acquire)) {
                    if (inside.incrementAndGet() != 1) doubleGrants.incrementAndGet();
                    try {
                        guarded[0]++;
                        entries.incrementAndGet();
                        if ((id + r) % 3 == 0) sleep(0); // hold the lock across a suspension
                    } finally {
                        inside.decrementAndGet();
                    }
                }
                if ((id + r) % 4 == 0) line.cancelHead();
            }
        };
        List<Thread> threads = startThreads(4, id -> {
            for (int i = 0; i < 200; i++) criticalSection.run(THREAD_IDS + id);
        });
        List<Task<Void>> tasks = startCrowd(criticalSection);
        cancelSome(tasks);
        Ends ends = awaitAll(tasks, lock::toString);
        joinAll(threads);

        assertThat(ends.failures()).isEmpty();
        assertThat(ends.completed() + ends.cancelled()).isEqualTo(tasks.size());
        assertThat(ends.completed()).isPositive();
        assertThat(line.headCancels.get()).isPositive();
        assertThat(doubleGrants.get()).isZero();
        synchronized (guarded) { // for visibility only: every writer has finished
            assertThat(guarded[0]).isEqualTo(entries.get());
        }
        assertThat(lock.locked()).isFalse();
        assertThat(lock.waiterCount()).isZero();
    }

    @Test
    void semaphoreNeverGrantsMoreThanItsPermitsAndGetsThemAllBack() throws Exception {
        int permits = 3;
        BoundedSemaphore sem = new BoundedSemaphore(permits);
        AtomicInteger inside = new AtomicInteger();
        AtomicInteger overGrants = new AtomicInteger();
        AtomicInteger entries = new AtomicInteger();
        Line line = new Line();
        Body criticalSection = id -> {
            for (int r = 0; r < ROUNDS; r++) {
                try (var _ = line.acquire(id, sem::acquire)) {
                    if (inside.incrementAndGet() > permits) overGrants.incrementAndGet();
                    try {
                        entries.incrementAndGet();
                        if ((id + r) % 2 == 0) sleep(0);
                    } finally {
                        inside.decrementAndGet();
                    }
                }
                if ((id + r) % 4 == 0) line.cancelHead();
            }
        };
        List<Thread> threads = startThreads(4, id -> {
            for (int i = 0; i < 200; i++) criticalSection.run(THREAD_IDS + id);
        });
        List<Task<Void>> tasks = startCrowd(criticalSection);
        cancelSome(tasks);
        Ends ends = awaitAll(tasks, sem::toString);
        joinAll(threads);

        assertThat(ends.failures()).isEmpty(); // an over-release would fail a task
        assertThat(ends.completed() + ends.cancelled()).isEqualTo(tasks.size());
        assertThat(line.headCancels.get()).isPositive();
        assertThat(overGrants.get()).isZero();
        assertThat(entries.get()).isGreaterThan(tasks.size());
        assertThat(sem.value()).isEqualTo(permits);
        assertThat(sem.waiterCount()).isZero();
        assertThat(sem.locked()).isFalse();
    }

    @Test
    void eventsSetWhileWaitersArriveWakeEveryWaiter() throws Exception {
        int eventCount = 50;
        List<Event> events = new ArrayList<>();
        for (int i = 0; i < eventCount; i++) events.add(new Event());
        AtomicInteger woken = new AtomicInteger();
        Body waiter = id -> {
            events.get(id % eventCount).await();
            woken.incrementAndGet();
        };
        // The setter races with the crowd's arrival.
        List<Thread> setter = startThreads(1, id -> {
            for (Event ev : events) ev.set();
        });
        List<Task<Void>> tasks = startCrowd(waiter);
        cancelSome(tasks);
        Ends ends = awaitAll(tasks, events::toString);
        joinAll(setter);

        assertThat(ends.failures()).isEmpty();
        assertThat(ends.completed() + ends.cancelled()).isEqualTo(tasks.size());
        assertThat(woken.get()).isEqualTo(ends.completed());
        assertThat(events).allMatch(ev -> ev.waiterCount() == 0 && ev.isSet());
    }

    @Test
    void conditionProducersAndConsumersOnTwoLoopsHandOverEveryItemExactlyOnce() throws Exception {
        int capacity = 8;
        int items = 2 * TASKS_PER_LOOP;
        Lock lock = new Lock();
        Condition notEmpty = new Condition(lock);
        Condition notFull = new Condition(lock);
        ArrayDeque<Integer> buffer = new ArrayDeque<>(); // guarded by lock
        int[] consumed = {0};                            // guarded by lock
        AtomicIntegerArray seen = new AtomicIntegerArray(items);

        // Consumers take items until all are consumed; some are cancelled midway, and a consumer
        // cancelled after being signalled must pass the signal on, or the rest would hang.
        Body consumer = id -> {
            while (true) {
                try (var _ = lock.acquire()) {
                    notEmpty.waitFor(() -> !buffer.isEmpty() || consumed[0] == items);
                    if (buffer.isEmpty()) return;
                    seen.incrementAndGet(buffer.poll());
                    consumed[0]++;
                    notFull.signal();
                    if (consumed[0] == items) notEmpty.signalAll();
                }
            }
        };
        List<Task<Void>> consumers = new ArrayList<>(startTasks(loopB, 0, TASKS_PER_LOOP / 2, consumer));
        List<Thread> consumerThreads = startThreads(2, consumer);
        List<Task<Void>> producers = startTasks(loopA, 0, items, id -> {
            try (var _ = lock.acquire()) {
                notFull.waitFor(() -> buffer.size() < capacity);
                buffer.add(id);
                notEmpty.signal();
            }
        });
        for (int i = 1; i < consumers.size(); i += 4) consumers.get(i).cancel();

        Ends producerEnds = awaitAll(producers, () -> lock + " notEmpty=" + notEmpty + " notFull=" + notFull);
        Ends consumerEnds = awaitAll(consumers, () -> lock + " notEmpty=" + notEmpty + " buffered=" + buffer.size());
        joinAll(consumerThreads);

        assertThat(producerEnds.failures()).isEmpty();
        assertThat(producerEnds.completed()).isEqualTo(items);
        assertThat(consumerEnds.failures()).isEmpty();
        for (int i = 0; i < items; i++) assertThat(seen.get(i)).as("item %d", i).isEqualTo(1);
        assertThat(lock.locked()).isFalse();
        assertThat(lock.waiterCount()).isZero();
        assertThat(notEmpty.waiterCount()).isZero();
        assertThat(notFull.waiterCount()).isZero();
    }

    @Test
    void conditionPingPongBetweenTwoLoopsAndAThreadLosesNoSignal() throws Exception {
        int hits = 20_000;
        Lock lock = new Lock();
        Condition turnChanged = new Condition(lock);
        int[] turn = {0}; // guarded by lock; player p moves when turn % 3 == p
        Body player = p -> {
            for (int i = 0; i < hits; i++) {
                try (var _ = lock.acquire()) {
                    turnChanged.waitFor(() -> turn[0] % 3 == p);
                    turn[0]++;
                    turnChanged.signalAll();
                }
            }
        };
        Task<Void> onA = startTasks(loopA, 2 * TASKS_PER_LOOP, 1, id -> player.run(0)).getFirst();
        Task<Void> onB = startTasks(loopB, 2 * TASKS_PER_LOOP, 1, id -> player.run(1)).getFirst();
        List<Thread> thread = startThreads(1, id -> player.run(2));
        Ends ends = awaitAll(List.of(onA, onB), turnChanged::toString);
        joinAll(thread);

        assertThat(ends.failures()).isEmpty();
        assertThat(ends.completed()).isEqualTo(2);
        synchronized (turn) {
            assertThat(turn[0]).isEqualTo(3 * hits);
        }
        assertThat(turnChanged.waiterCount()).isZero();
        assertThat(lock.locked()).isFalse();
    }

    @Test
    void eventPingPongBetweenTwoLoopsLosesNoWakeUp() throws Exception {
        int hits = 20_000;
        Event ping = new Event();
        Event pong = new Event();
        Task<Void> onA = startTasks(loopA, 2 * TASKS_PER_LOOP, 1, id -> {
            for (int i = 0; i < hits; i++) {
                ping.await();
                ping.clear();
                pong.set();
            }
        }).getFirst();
        Task<Void> onB = startTasks(loopB, 2 * TASKS_PER_LOOP, 1, id -> {
            for (int i = 0; i < hits; i++) {
                ping.set();
                pong.await();
                pong.clear();
            }
        }).getFirst();
        Ends ends = awaitAll(List.of(onA, onB), () -> "ping=" + ping + " pong=" + pong);

        assertThat(ends.failures()).isEmpty();
        assertThat(ends.completed()).isEqualTo(2);
        assertThat(ping.waiterCount() + pong.waiterCount()).isZero();
    }

    @Test
    void aBarrierOfThousandsOfPartiesOnTwoLoopsHandsOutEachIndexOncePerRound() throws Exception {
        int rounds = 10;
        int parties = 2 * TASKS_PER_LOOP / 5;
        Barrier barrier = new Barrier(parties);
        AtomicIntegerArray seen = new AtomicIntegerArray(rounds * parties);
        Body party = id -> {
            for (int r = 0; r < rounds; r++) seen.incrementAndGet(r * parties + barrier.await());
        };
        List<Task<Void>> tasks = new ArrayList<>(startTasks(loopA, 0, parties / 2, party));
        tasks.addAll(startTasks(loopB, parties / 2, parties - parties / 2, party));
        Ends ends = awaitAll(tasks, barrier::toString);

        assertThat(ends.failures()).isEmpty();
        assertThat(ends.completed()).isEqualTo(parties);
        for (int i = 0; i < rounds * parties; i++) {
            assertThat(seen.get(i)).as("round %d index %d", i / parties, i % parties).isEqualTo(1);
        }
        assertThat(barrier.nWaiting()).isZero();
        assertThat(barrier.isBroken()).isFalse();
    }
}
