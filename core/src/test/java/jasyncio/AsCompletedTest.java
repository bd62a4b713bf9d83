package jasyncio;

import static jasyncio.Asyncio.asCompleted;
import static jasyncio.Asyncio.createTask;
import static jasyncio.Asyncio.sleep;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

import jasyncio.internal.SelectorLoop;
import jasyncio.internal.VirtualClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@link Asyncio#asCompleted}, re-expressed from CPython's test_tasks.py (test_as_completed*):
 * futures come back in the order they finish, each {@code next()} suspends until one more is
 * done, and a timeout ends the iteration with {@link TimeoutError}. Times on the virtual clock.
 */
class AsCompletedTest {
    private final SelectorLoop loop = new SelectorLoop(new VirtualClock());
    private final List<String> events = new ArrayList<>();

    @AfterEach
    void closeLoop() {
        loop.close();
    }

    private static <T> Coroutine<T> after(double delay, T value) {
        return () -> {
            sleep(delay);
            return value;
        };
    }

    @Test
    void futuresComeBackInCompletionOrderEachAsSoonAsItIsDone() {
        loop.runUntilComplete(() -> {
            List<Task<String>> tasks = List.of(
                    createTask(after(3, "c")), createTask(after(1, "a")), createTask(after(2, "b")));

            for (Future<String> f : asCompleted(tasks)) {
                events.add(f.await() + "@" + loop.time());
            }
        });

        assertThat(events).containsExactly("a@1.0", "b@2.0", "c@3.0");
    }

    @Test
    void theYieldedFuturesAreTheInputsAndAreDone() {
        loop.runUntilComplete(() -> {
            Task<String> slow = createTask(after(2, "slow"));
            Task<String> fast = createTask(after(1, "fast"));
            List<Future<String>> seen = new ArrayList<>();

            for (Future<String> f : asCompleted(List.of(slow, fast))) {
                assertThat(f.isDone()).isTrue();
                seen.add(f);
            }

            assertThat(seen).containsExactly(fast, slow);
        });
    }

    @Test
    void aFailedFutureIsYieldedAndRaisesWhenAwaited() {
        IllegalStateException boom = new IllegalStateException("boom");
        loop.runUntilComplete(() -> {
            Task<String> failing = createTask(() -> {
                sleep(1);
                throw boom;
            });
            Task<String> ok = createTask(after(2, "ok"));

            for (Future<String> f : asCompleted(List.of(ok, failing))) {
                try {
                    events.add(f.await());
                } catch (IllegalStateException e) {
                    events.add("failed: " + e.getMessage());
                }
            }
        });

        assertThat(events).containsExactly("failed: boom", "ok");
    }

    @Test
    void alreadyDoneFuturesComeFirstInInputOrder() {
        loop.runUntilComplete(() -> {
            List<Future<String>> inputs = new ArrayList<>();
            inputs.add(createTask(after(1, "pending")));
            for (String name : List.of("e", "d", "c", "b", "a", "z", "y")) {
                Future<String> done = loop.createFuture();
                done.setResult(name);
                inputs.add(done);
            }

            for (Future<String> f : asCompleted(inputs)) events.add(f.result());
        });

        assertThat(events).containsExactly("e", "d", "c", "b", "a", "z", "y", "pending");
    }

    @Test
    void timeoutRaisesTimeoutErrorAfterTheFuturesDoneInTimeAndCancelsNothing() {
        loop.runUntilComplete(() -> {
            Task<String> a = createTask(after(1, "a"));
            Task<String> b = createTask(after(5, "b"));
            Task<String> c = createTask(after(10, "c"));
            Iterator<Future<String>> it = asCompleted(List.of(c, b, a), 3).iterator();

            assertThat(it.next().result()).isEqualTo("a");
            assertThat(loop.time()).isEqualTo(1.0);
            assertThatThrownBy(it::next).isInstanceOf(TimeoutError.class);
            assertThat(loop.time()).isEqualTo(3.0);
            assertThat(it.hasNext()).isFalse();
            assertThat(b.isCancelled()).isFalse();
            assertThat(c.isCancelled()).isFalse();
            assertThat(b.await()).isEqualTo("b");
            c.cancel();
        });
    }

    @Test
    void futuresFinishedBeforeTheTimeoutAreStillYieldedBeforeTheTimeoutError() {
        loop.runUntilComplete(() -> {
            Task<String> a = createTask(after(1, "a"));
            Task<String> never = createTask(after(100, "never"));
            Iterator<Future<String>> it = asCompleted(List.of(a, never), Duration.ofSeconds(2)).iterator();

            sleep(5); // a finished and the deadline passed before the consumer asks

            assertThat(it.next()).isSameAs(a);
            assertThatThrownBy(it::next).isInstanceOf(TimeoutError.class);
            never.cancel();
        });
    }

    @Test
    void aTimeoutThatDoesNotExpireLeavesNoTimerBehind() {
        loop.runUntilComplete(() -> {
            for (Future<String> f : asCompleted(List.of(createTask(after(1, "a"))), 1000)) {
                events.add(f.result());
            }
        });

        assertThat(events).containsExactly("a");
        assertThat(loop.time()).isEqualTo(1.0);
    }

    @Test
    void theSameFuturePassedTwiceIsYieldedOnce() {
        loop.runUntilComplete(() -> {
            Task<String> a = createTask(after(1, "a"));
            for (Future<String> f : asCompleted(List.of(a, a))) events.add(f.result());
        });

        assertThat(events).containsExactly("a");
    }

    @Test
    void emptyInputYieldsNothing() {
        loop.runUntilComplete(() -> {
            Iterator<Future<String>> it = asCompleted(new ArrayList<Future<String>>(), 1).iterator();

            assertThat(it.hasNext()).isFalse();
            assertThatThrownBy(it::next).isInstanceOf(NoSuchElementException.class);
        });
        assertThat(loop.time()).isZero();
    }

    @Test
    void nextAfterTheLastFutureThrowsNoSuchElement() {
        loop.runUntilComplete(() -> {
            Iterator<Future<String>> it = asCompleted(List.of(createTask(after(1, "a")))).iterator();

            assertThat(it.hasNext()).isTrue();
            it.next();
            assertThat(it.hasNext()).isFalse();
            assertThatThrownBy(it::next).isInstanceOf(NoSuchElementException.class);
        });
    }

    @Test
    void anAsCompletedCanBeIteratedOnlyOnce() {
        loop.runUntilComplete(() -> {
            Iterable<Future<String>> it = asCompleted(List.of(createTask(after(1, "a"))));
            for (Future<String> f : it) f.await();

            assertThatThrownBy(it::iterator).isInstanceOf(IllegalStateException.class);
        });
    }

    @Test
    void cancellingTheConsumerWhileItWaitsLeavesTheInputsRunning() {
        loop.runUntilComplete(() -> {
            Task<String> a = createTask(after(5, "a"));
            Task<Void> consumer = createTask(() -> {
                for (Future<String> f : asCompleted(List.of(a))) events.add(f.result());
            });
            sleep(1);

            consumer.cancel();

            assertThatThrownBy(consumer::await).isInstanceOf(CancelledError.class);
            assertThat(a.isCancelled()).isFalse();
            assertThat(a.await()).isEqualTo("a");
        });

        assertThat(events).isEmpty();
    }
}
