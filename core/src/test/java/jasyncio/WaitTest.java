package jasyncio;

import static jasyncio.Asyncio.createTask;
import static jasyncio.Asyncio.sleep;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import jasyncio.internal.SelectorLoop;
import jasyncio.internal.VirtualClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@link Asyncio#wait}, re-expressed from CPython's test_tasks.py (test_wait*): the three
 * return-when modes, timeouts that return the pending futures untouched, and the empty-input
 * error. Times are on the virtual clock; expectations checked on Python 3.11's asyncio.
 */
class WaitTest {
    private final SelectorLoop loop = new SelectorLoop(new VirtualClock());

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

    private static <T> Coroutine<T> failAfter(double delay, RuntimeException e) {
        return () -> {
            sleep(delay);
            throw e;
        };
    }

    @Test
    void allCompletedIsTheDefaultAndWaitsForEveryFuture() {
        loop.runUntilComplete(() -> {
            Task<String> a = createTask(after(2, "a"));
            Task<String> b = createTask(after(1, "b"));

            Wait<String> w = Asyncio.wait(List.of(a, b));

            assertThat(loop.time()).isEqualTo(2.0);
            assertThat(w.done()).containsExactly(a, b);
            assertThat(w.pending()).isEmpty();
        });
    }

    @Test
    void waitDoesNotRaiseTheExceptionsOfTheFutures() {
        IllegalStateException boom = new IllegalStateException("boom");
        loop.runUntilComplete(() -> {
            Task<String> failing = createTask(failAfter(1, boom));
            Task<String> ok = createTask(after(2, "ok"));

            Wait<String> w = Asyncio.wait(List.of(failing, ok), ReturnWhen.ALL_COMPLETED);

            assertThat(w.done()).containsExactly(failing, ok);
            assertThat(failing.exception()).isSameAs(boom);
        });
    }

    @Test
    void firstCompletedReturnsAtTheFirstDoneAndLeavesTheOthersRunning() {
        loop.runUntilComplete(() -> {
            Task<String> slow = createTask(after(5, "slow"));
            Task<String> fast = createTask(after(1, "fast"));

            Wait<String> w = Asyncio.wait(List.of(slow, fast), ReturnWhen.FIRST_COMPLETED);

            assertThat(loop.time()).isEqualTo(1.0);
            assertThat(w.done()).containsExactly(fast);
            assertThat(w.pending()).containsExactly(slow);
            assertThat(slow.isCancelled()).isFalse();
            assertThat(slow.await()).isEqualTo("slow");
        });
    }

    @Test
    void firstCompletedCountsAFailureAsCompletion() {
        loop.runUntilComplete(() -> {
            Task<String> slow = createTask(after(5, "slow"));
            Task<String> failing = createTask(failAfter(1, new IllegalStateException("x")));

            Wait<String> w = Asyncio.wait(List.of(slow, failing), ReturnWhen.FIRST_COMPLETED);

            assertThat(w.done()).containsExactly(failing);
            assertThat(w.pending()).containsExactly(slow);
            slow.cancel();
        });
    }

    @Test
    void firstCompletedWithAnAlreadyDoneFutureReturnsIt() {
        // asyncio: 1 done, 1 pending
        loop.runUntilComplete(() -> {
            Future<Integer> done = loop.createFuture();
            done.setResult(1);
            Future<Integer> never = loop.createFuture();

            Wait<Integer> w = Asyncio.wait(List.of(done, never), ReturnWhen.FIRST_COMPLETED);

            assertThat(w.done()).containsExactly(done);
            assertThat(w.pending()).containsExactly(never);
        });
    }

    @Test
    void firstExceptionReturnsAtTheFirstFailure() {
        // asyncio: at t=2, 2 done, 1 pending, the pending one not cancelled
        loop.runUntilComplete(() -> {
            Task<String> a = createTask(after(1, "a"));
            Task<String> b = createTask(failAfter(2, new IllegalArgumentException("b")));
            Task<String> c = createTask(after(3, "c"));

            Wait<String> w = Asyncio.wait(List.of(a, b, c), ReturnWhen.FIRST_EXCEPTION);

            assertThat(loop.time()).isEqualTo(2.0);
            assertThat(w.done()).containsExactly(a, b);
            assertThat(w.pending()).containsExactly(c);
            assertThat(c.isCancelled()).isFalse();
            assertThat(c.await()).isEqualTo("c");
        });
    }

    @Test
    void firstExceptionWithoutFailuresWaitsForAll() {
        loop.runUntilComplete(() -> {
            Task<String> a = createTask(after(1, "a"));
            Task<String> b = createTask(after(3, "b"));

            Wait<String> w = Asyncio.wait(List.of(a, b), ReturnWhen.FIRST_EXCEPTION);

            assertThat(loop.time()).isEqualTo(3.0);
            assertThat(w.done()).containsExactly(a, b);
        });
    }

    @Test
    void firstExceptionDoesNotTreatACancellationAsAnException() {
        // asyncio: a cancelled at 0.5 does not end the wait; it returns at 3.0 with 2 done
        loop.runUntilComplete(() -> {
            Task<String> a = createTask(after(1, "a"));
            Task<String> c = createTask(after(3, "c"));
            loop.callLater(0.5, a::cancel);

            Wait<String> w = Asyncio.wait(List.of(a, c), ReturnWhen.FIRST_EXCEPTION);

            assertThat(loop.time()).isEqualTo(3.0);
            assertThat(w.done()).containsExactly(a, c);
            assertThat(a.isCancelled()).isTrue();
        });
    }

    @Test
    void timeoutReturnsThePendingFuturesWithoutCancellingThem() {
        loop.runUntilComplete(() -> {
            Task<String> fast = createTask(after(1, "fast"));
            Task<String> slow = createTask(after(10, "slow"));

            Wait<String> w = Asyncio.wait(List.of(fast, slow), 2.5, ReturnWhen.ALL_COMPLETED);

            assertThat(loop.time()).isEqualTo(2.5);
            assertThat(w.done()).containsExactly(fast);
            assertThat(w.pending()).containsExactly(slow);
            assertThat(slow.isCancelled()).isFalse();
            assertThat(slow.await()).isEqualTo("slow");
            assertThat(loop.time()).isEqualTo(10.0);
        });
    }

    @Test
    void durationTimeoutWorksLikeSeconds() {
        loop.runUntilComplete(() -> {
            Task<String> slow = createTask(after(10, "slow"));

            Wait<String> w = Asyncio.wait(List.of(slow), Duration.ofMillis(1500));
            assertThat(loop.time()).isEqualTo(1.5);
            assertThat(w.done()).isEmpty();
            assertThat(w.pending()).containsExactly(slow);

            Wait<String> w2 = Asyncio.wait(List.of(slow), Duration.ofSeconds(1), ReturnWhen.FIRST_COMPLETED);
            assertThat(loop.time()).isEqualTo(2.5);
            assertThat(w2.pending()).containsExactly(slow);
            slow.cancel();
        });
    }

    @Test
    void aTimeoutThatDoesNotExpireEndsNothingEarlyAndLeavesNoTimerBehind() {
        loop.runUntilComplete(() -> {
            Task<String> a = createTask(after(1, "a"));

            Wait<String> w = Asyncio.wait(List.of(a), 100, ReturnWhen.ALL_COMPLETED);

            assertThat(w.done()).containsExactly(a);
            assertThat(loop.time()).isEqualTo(1.0);
        });
        assertThat(loop.time()).isEqualTo(1.0); // the 100 s timer was cancelled, not waited for
    }

    @Test
    void timeoutZeroReturnsWhatIsDoneAfterOneLoopTurn() {
        // asyncio: wait([done, pending], timeout=0) -> 1 done, 1 pending
        loop.runUntilComplete(() -> {
            Future<Integer> done = loop.createFuture();
            done.setResult(1);
            Future<Integer> never = loop.createFuture();

            Wait<Integer> w = Asyncio.wait(List.of(done, never), 0, ReturnWhen.ALL_COMPLETED);

            assertThat(w.done()).containsExactly(done);
            assertThat(w.pending()).containsExactly(never);
        });
    }

    @Test
    void cancellingTheWaitingTaskLeavesTheFuturesRunning() {
        // asyncio: 'w cancelled', c not cancelled and not done; c later returns 'c'
        loop.runUntilComplete(() -> {
            Task<String> c = createTask(after(3, "c"));
            Task<Wait<String>> waiter = createTask(() -> Asyncio.wait(List.of(c)));
            sleep(0);

            waiter.cancel();

            assertThatThrownBy(waiter::await).isInstanceOf(CancelledError.class);
            assertThat(waiter.isCancelled()).isTrue();
            assertThat(c.isDone()).isFalse();
            assertThat(c.await()).isEqualTo("c");
        });
    }

    @Test
    void theSameFuturePassedTwiceIsCountedOnce() {
        loop.runUntilComplete(() -> {
            Task<String> a = createTask(after(1, "a"));
            Task<String> b = createTask(after(2, "b"));

            Wait<String> w = Asyncio.wait(List.of(a, a, b));

            assertThat(loop.time()).isEqualTo(2.0);
            assertThat(w.done()).containsExactly(a, b);
        });
    }

    @Test
    void emptyInputIsRefusedWithAsyncioMessage() {
        loop.runUntilComplete(() -> {
            assertThatThrownBy(() -> Asyncio.wait(new ArrayList<Future<String>>()))
                    .isExactlyInstanceOf(IllegalArgumentException.class)
                    .hasMessage("Set of Tasks/Futures is empty.");
            assertThatThrownBy(() -> Asyncio.wait(new ArrayList<Future<String>>(), 1.0, ReturnWhen.FIRST_COMPLETED))
                    .isExactlyInstanceOf(IllegalArgumentException.class)
                    .hasMessage("Set of Tasks/Futures is empty.");
        });
    }

    @Test
    void resultSetsAreReadOnly() {
        loop.runUntilComplete(() -> {
            Task<String> a = createTask(after(1, "a"));
            Wait<String> w = Asyncio.wait(List.of(a));

            assertThatThrownBy(() -> w.done().clear()).isInstanceOf(UnsupportedOperationException.class);
            assertThatThrownBy(() -> w.pending().add(a)).isInstanceOf(UnsupportedOperationException.class);
        });
    }
}
