package jasyncio;

import static jasyncio.Asyncio.createTask;
import static jasyncio.Asyncio.gatherFuture;
import static jasyncio.Asyncio.sleep;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import jasyncio.internal.SelectorLoop;
import jasyncio.internal.VirtualClock;
import org.junit.jupiter.api.Test;

/** gatherFuture: asyncio.gather's future, before it is awaited; and wait(fs, timeout). */
class GatherFutureTest {

    private static <T> T onVirtualLoop(Coroutine<T> main) {
        try (EventLoop loop = new SelectorLoop(new VirtualClock())) {
            return loop.runUntilComplete(main);
        }
    }

    @Test
    void theGatherFutureIsReturnedAtOnceAndAwaitedLater() {
        List<Integer> r = onVirtualLoop(() -> {
            Future<List<Integer>> g = gatherFuture(createTask(() -> sleep(2, 1)), createTask(() -> sleep(1, 2)));
            assertThat(g.isDone()).isFalse();
            return g.await();
        });
        assertThat(r).containsExactly(1, 2);
    }

    @Test
    void waitForOnAGatherFutureCancelsEveryInputOnTimeout() {
        onVirtualLoop(() -> {
            Task<Integer> a = createTask(() -> sleep(10, 1));
            Task<Integer> b = createTask(() -> sleep(20, 2));
            assertThatThrownBy(() -> Asyncio.waitFor(gatherFuture(a, b), 1.0)).isInstanceOf(TimeoutError.class);
            assertThat(a.isCancelled()).isTrue();
            assertThat(b.isCancelled()).isTrue();
            return null;
        });
    }

    @Test
    void theReturnExceptionsGatherFutureGivesOutcomes() {
        List<Outcome<Integer>> r = onVirtualLoop(() -> gatherFuture(ReturnExceptions.YES,
                createTask(() -> 1), createTask(() -> {
                    throw new IllegalStateException("boom");
                })).await());
        assertThat(r.get(0)).isEqualTo(new Outcome.Success<>(1));
        assertThat(r.get(1).exceptionOrNull()).isInstanceOf(IllegalStateException.class).hasMessage("boom");
    }

    @Test
    void waitWithATimeoutInSecondsReturnsThePendingOnes() {
        onVirtualLoop(() -> {
            Task<Integer> quick = createTask(() -> sleep(1, 1));
            Task<Integer> slow = createTask(() -> sleep(5, 2));
            Wait<Integer> w = Asyncio.wait(List.of(quick, slow), 2.0);
            assertThat(w.done()).containsExactly(quick);
            assertThat(w.pending()).containsExactly(slow);
            slow.cancel();
            return null;
        });
    }
}
