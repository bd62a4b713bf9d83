package jasyncio;

import static jasyncio.Asyncio.createTask;
import static jasyncio.Asyncio.shield;
import static jasyncio.Asyncio.sleep;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;

import jasyncio.internal.SelectorLoop;
import jasyncio.internal.VirtualClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@link Asyncio#shield}, re-expressed from CPython's test_tasks.py (test_shield_*): the outer
 * future follows the inner one, cancelling the outer (or the task awaiting it) leaves the inner
 * running, and cancelling the inner cancels the outer.
 */
class ShieldTest {
    private final SelectorLoop loop = new SelectorLoop(new VirtualClock());
    private final List<String> events = new ArrayList<>();

    @AfterEach
    void closeLoop() {
        loop.close();
    }

    @Test
    void shieldOfADoneFutureIsThatFuture() {
        Future<String> inner = loop.createFuture();
        inner.setResult("done");

        assertThat(shield(inner)).isSameAs(inner);
    }

    @Test
    void outerTakesTheInnerResult() {
        loop.runUntilComplete(() -> {
            Future<String> inner = loop.createFuture();
            Future<String> outer = shield(inner);
            assertThat(outer).isNotSameAs(inner);
            assertThat(outer.isDone()).isFalse();

            loop.callLater(1, () -> inner.setResult("value"));

            assertThat(outer.await()).isEqualTo("value");
            assertThat(loop.time()).isEqualTo(1.0);
        });
    }

    @Test
    void outerTakesTheInnerException() {
        IllegalStateException boom = new IllegalStateException("boom");
        loop.runUntilComplete(() -> {
            Future<String> inner = loop.createFuture();
            Future<String> outer = shield(inner);

            inner.setException(boom);

            assertThatThrownBy(outer::await).isSameAs(boom);
            assertThat(outer.exception()).isSameAs(boom);
        });
    }

    @Test
    void cancellingTheOuterLeavesTheInnerRunning() {
        loop.runUntilComplete(() -> {
            Task<String> inner = createTask(() -> {
                sleep(2);
                events.add("inner finished");
                return "inner value";
            });
            Future<String> outer = shield(inner);
            sleep(0);

            assertThat(outer.cancel()).isTrue();

            assertThat(outer.isCancelled()).isTrue();
            assertThat(inner.isCancelled()).isFalse();
            assertThat(inner.await()).isEqualTo("inner value");
            assertThat(loop.time()).isEqualTo(2.0);
        });

        assertThat(events).containsExactly("inner finished");
    }

    @Test
    void cancellingTheTaskAwaitingAShieldCancelsOnlyThatTask() {
        loop.runUntilComplete(() -> {
            Task<String> inner = createTask(() -> {
                sleep(5);
                return "inner value";
            });
            Task<String> waiter = createTask(() -> shield(inner).await());
            sleep(1);

            waiter.cancel("no longer needed");

            assertThatThrownBy(waiter::await).isInstanceOf(CancelledError.class).hasMessage("no longer needed");
            assertThat(waiter.isCancelled()).isTrue();
            assertThat(loop.time()).isEqualTo(1.0);
            assertThat(inner.isDone()).isFalse();
            assertThat(inner.await()).isEqualTo("inner value");
            assertThat(loop.time()).isEqualTo(5.0);
        });
    }

    @Test
    void cancellingTheInnerCancelsTheOuter() {
        loop.runUntilComplete(() -> {
            Task<String> inner = createTask(() -> {
                sleep(5);
                return "never";
            });
            Future<String> outer = shield(inner);
            Task<String> waiter = createTask(outer::await);
            sleep(1);

            inner.cancel();

            assertThatThrownBy(waiter::await).isInstanceOf(CancelledError.class);
            assertThat(outer.isCancelled()).isTrue();
            assertThat(waiter.isCancelled()).isTrue();
        });
    }

    @Test
    void shieldOfACoroutineRunsItAsATask() {
        loop.runUntilComplete(() -> {
            Future<String> outer = shield(() -> {
                sleep(1);
                events.add("shielded body done");
                return "r";
            });
            Task<String> waiter = createTask(outer::await);
            sleep(0.5);
            waiter.cancel();
            assertThatThrownBy(waiter::await).isInstanceOf(CancelledError.class);

            sleep(1);
        });

        assertThat(events).containsExactly("shielded body done");
    }

    @Test
    void severalShieldsOfOneInnerAreIndependent() {
        loop.runUntilComplete(() -> {
            Future<String> inner = loop.createFuture();
            Future<String> first = shield(inner);
            Future<String> second = shield(inner);

            first.cancel();
            inner.setResult("x");

            assertThat(second.await()).isEqualTo("x");
            assertThat(first.isCancelled()).isTrue();
        });
    }

    @Test
    void aShieldedInnerFailureAfterTheOuterWasCancelledStaysOnTheInner() {
        IllegalStateException boom = new IllegalStateException("late failure");
        loop.runUntilComplete(() -> {
            Future<String> inner = loop.createFuture();
            Future<String> outer = shield(inner);
            outer.cancel();

            inner.setException(boom);
            sleep(0);

            assertThat(outer.isCancelled()).isTrue();
            assertThat(inner.exception()).isSameAs(boom);
        });
    }
}
