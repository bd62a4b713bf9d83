package jasyncio;

import static jasyncio.Asyncio.createTask;
import static jasyncio.Asyncio.currentTask;
import static jasyncio.Asyncio.gather;
import static jasyncio.Asyncio.sleep;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletionException;

import jasyncio.internal.SelectorLoop;
import jasyncio.internal.VirtualClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@link Asyncio#gather}, re-expressed from CPython's test_tasks.py ({@code GatherTestsBase},
 * test_gather_*): result order, the first failure, typed outcomes, and how cancellation flows
 * between the gathering task and its children. Expectations checked on Python 3.11's asyncio.
 */
class GatherTest {
    private final SelectorLoop loop = new SelectorLoop(new VirtualClock());
    private final List<String> events = Collections.synchronizedList(new ArrayList<>());

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

    /** A child that records the CancelledError it sees and rethrows it. */
    private Coroutine<String> recordingChild(String name) {
        return () -> {
            try {
                sleep(10);
                return name;
            } catch (CancelledError e) {
                events.add(name + " cancelled: " + e.getMessage());
                throw e;
            }
        };
    }

    @Test
    void resultsComeInInputOrderWhateverTheCompletionOrder() {
        List<String> r = loop.runUntilComplete(() -> {
            Task<String> slow = createTask(after(3, "slow"));
            Task<String> fast = createTask(after(1, "fast"));
            Task<String> middle = createTask(after(2, "middle"));
            return gather(slow, fast, middle);
        });

        assertThat(r).containsExactly("slow", "fast", "middle");
        assertThat(loop.time()).isEqualTo(3.0); // the children ran concurrently
    }

    @Test
    void gatherOfCoroutinesRunsEachAsATaskConcurrently() {
        List<Integer> r = loop.runUntilComplete(() -> gather(after(2, 1), after(1, 2), after(2, 3)));

        assertThat(r).containsExactly(1, 2, 3);
        assertThat(loop.time()).isEqualTo(2.0);
    }

    @Test
    void gatherOfAListAcceptsACollection() {
        List<Integer> r = loop.runUntilComplete(() -> {
            List<Task<Integer>> tasks = new ArrayList<>();
            for (int i = 0; i < 5; i++) tasks.add(createTask(after(5 - i, i)));
            return gather(tasks);
        });

        assertThat(r).containsExactly(0, 1, 2, 3, 4);
    }

    @Test
    void emptyGatherReturnsAnEmptyListAtOnce() {
        List<Object> r = loop.runUntilComplete(() -> gather(new ArrayList<Future<Object>>()));

        assertThat(r).isEmpty();
    }

    @Test
    void theSameFuturePassedTwiceGivesItsResultTwice() {
        // asyncio: [7, 7]
        List<Integer> r = loop.runUntilComplete(() -> {
            Future<Integer> f = loop.createFuture();
            loop.callSoon(() -> f.setResult(7));
            return gather(f, f);
        });

        assertThat(r).containsExactly(7, 7);
    }

    @Test
    void gatherOfFuturesThatAreAlreadyDoneReturnsTheirResults() {
        Future<String> a = loop.createFuture();
        Future<String> b = loop.createFuture();
        a.setResult("a");
        b.setResult("b");

        assertThat(loop.runUntilComplete(() -> gather(a, b))).containsExactly("a", "b");
    }

    // ------------------------------------------------------------ failures

    @Test
    void firstFailurePropagatesAndTheOtherChildrenKeepRunning() {
        // asyncio: ValueError('v1') raised at t=1; the slow child is not done and later returns 'slow'
        IllegalArgumentException first = new IllegalArgumentException("v1");
        loop.runUntilComplete(() -> {
            Task<String> slow = createTask(after(3, "slow"));
            Task<String> second = createTask(failAfter(2, new IllegalStateException("k")));
            Task<String> failing = createTask(failAfter(1, first));

            assertThatThrownBy(() -> gather(failing, second, slow)).isSameAs(first);

            assertThat(loop.time()).isEqualTo(1.0);
            assertThat(slow.isDone()).isFalse();
            assertThat(second.isDone()).isFalse();
            assertThat(slow.await()).isEqualTo("slow");
            assertThat(second.exception()).hasMessage("k");
        });
    }

    @Test
    void checkedFailureOfAChildIsWrappedInCompletionException() {
        IOException io = new IOException("io");
        Throwable seen = loop.runUntilComplete(() -> {
            Task<String> failing = createTask(() -> {
                throw io;
            });
            try {
                gather(failing, createTask(after(1, "x")));
                return null;
            } catch (CompletionException e) {
                return e;
            }
        });

        assertThat(seen).cause().isSameAs(io);
    }

    @Test
    void returnExceptionsGivesAnOutcomePerInputInOrder() {
        IllegalStateException boom = new IllegalStateException("boom");
        IOException io = new IOException("io");
        List<Outcome<String>> r = loop.runUntilComplete(() -> {
            Task<String> ok = createTask(after(2, "ok"));
            Task<String> failed = createTask(failAfter(1, boom));
            Task<String> checked = createTask(() -> {
                throw io;
            });
            return gather(ReturnExceptions.YES, ok, failed, checked);
        });

        assertThat(r).hasSize(3);
        assertThat(r.get(0)).isEqualTo(new Outcome.Success<>("ok"));
        assertThat(r.get(0).isSuccess()).isTrue();
        assertThat(r.get(0).get()).isEqualTo("ok");
        assertThat(r.get(1)).isEqualTo(new Outcome.Failure<>(boom));
        assertThat(r.get(1).exceptionOrNull()).isSameAs(boom);
        assertThatThrownBy(r.get(1)::get).isSameAs(boom);
        assertThat(r.get(2).exceptionOrNull()).isSameAs(io);
        assertThatThrownBy(r.get(2)::get).isInstanceOf(CompletionException.class).cause().isSameAs(io);
        assertThat(loop.time()).isEqualTo(2.0); // waited for every input despite the failures
    }

    @Test
    void returnExceptionsOverCoroutines() {
        IllegalStateException boom = new IllegalStateException("boom");
        List<Outcome<Integer>> r = loop.runUntilComplete(
                () -> gather(ReturnExceptions.YES, after(1, 1), failAfter(1, boom)));

        assertThat(r).containsExactly(new Outcome.Success<>(1), new Outcome.Failure<>(boom));
    }

    // ------------------------------------------------------------ cancellation

    @Test
    void cancelledChildIsAFailureHoldingCancelledErrorWhenReturningExceptions() {
        List<Outcome<String>> r = loop.runUntilComplete(() -> {
            Task<String> c1 = createTask(after(1, "a"));
            Task<String> c2 = createTask(after(2, "b"));
            loop.callLater(0.5, () -> c1.cancel("one"));
            return gather(ReturnExceptions.YES, c1, c2);
        });

        assertThat(r.get(0)).isInstanceOf(Outcome.Failure.class);
        assertThat(r.get(0).exceptionOrNull()).isInstanceOf(CancelledError.class).hasMessage("one");
        assertThatThrownBy(r.get(0)::get).isInstanceOf(CancelledError.class);
        assertThat(r.get(1)).isEqualTo(new Outcome.Success<>("b"));
    }

    @Test
    void cancellingOneChildRaisesCancelledErrorInTheGathererWhichIsNotItselfCancelled() {
        // asyncio: CancelledError('one') at t=0.5; the other child keeps running; cancelling() 0
        loop.runUntilComplete(() -> {
            Task<String> c1 = createTask(after(1, "a"));
            Task<String> c2 = createTask(after(5, "b"));
            loop.callLater(0.5, () -> c1.cancel("one"));

            assertThatThrownBy(() -> gather(c1, c2)).isInstanceOf(CancelledError.class).hasMessage("one");

            assertThat(loop.time()).isEqualTo(0.5);
            assertThat(c2.isDone()).isFalse();
            assertThat(currentTask().cancelling()).isZero();
            assertThat(c2.await()).isEqualTo("b");
        });
    }

    @Test
    void cancellingTheGatheringTaskCancelsEveryChildWithTheMessage() {
        // asyncio: gatherer ('stop',), both children saw ('stop',), the gatherer task is cancelled
        Task<List<String>> gatherer = loop.createTask(() -> gather(recordingChild("c1"), recordingChild("c2")));
        loop.callLater(1, () -> gatherer.cancel("stop"));

        assertThatThrownBy(() -> loop.runUntilComplete(gatherer)).isInstanceOf(CancelledError.class).hasMessage("stop");

        assertThat(gatherer.isCancelled()).isTrue();
        assertThat(events).containsExactly("c1 cancelled: stop", "c2 cancelled: stop");
        assertThat(loop.time()).isEqualTo(1.0);
    }

    @Test
    void cancellingTheGatheringTaskRaisesCancelledErrorEvenWhenReturningExceptions() {
        // asyncio: gatherer2 ('stop2',) and the gatherer task is cancelled
        Task<List<Outcome<String>>> gatherer = loop.createTask(
                () -> gather(ReturnExceptions.YES, recordingChild("c1"), recordingChild("c2")));
        loop.callLater(1, () -> gatherer.cancel("stop2"));

        assertThatThrownBy(() -> loop.runUntilComplete(gatherer)).isInstanceOf(CancelledError.class).hasMessage("stop2");

        assertThat(gatherer.isCancelled()).isTrue();
        assertThat(events).containsExactly("c1 cancelled: stop2", "c2 cancelled: stop2");
    }

    @Test
    void gathererIsCancelledEvenIfEveryChildRefusesTheCancel() {
        // asyncio: g4 CancelledError() and the gatherer task is cancelled
        Coroutine<String> stubborn = () -> {
            try {
                sleep(10);
                return "slept";
            } catch (CancelledError e) {
                return "stubborn";
            }
        };
        Task<List<String>> gatherer = loop.createTask(() -> gather(stubborn, stubborn));
        loop.callLater(1, () -> gatherer.cancel("m"));

        assertThatThrownBy(() -> loop.runUntilComplete(gatherer)).isInstanceOf(CancelledError.class);
        assertThat(gatherer.isCancelled()).isTrue();
        assertThat(loop.time()).isEqualTo(1.0);
    }

    @Test
    void cancellingTheGathererDoesNotTouchChildrenThatAlreadyFinished() {
        loop.runUntilComplete(() -> {
            Task<String> done = createTask(after(1, "done"));
            Task<String> pending = createTask(after(10, "pending"));
            Task<List<String>> gatherer = createTask(() -> gather(done, pending));
            sleep(2);

            gatherer.cancel();

            assertThatThrownBy(gatherer::await).isInstanceOf(CancelledError.class);
            assertThat(done.isCancelled()).isFalse();
            assertThat(done.result()).isEqualTo("done");
            assertThat(pending.isCancelled()).isTrue();
        });
    }
}
