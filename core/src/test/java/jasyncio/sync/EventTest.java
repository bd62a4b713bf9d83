package jasyncio.sync;

import static jasyncio.Asyncio.createTask;
import static jasyncio.Asyncio.sleep;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;

import jasyncio.CancelledError;
import jasyncio.Task;
import jasyncio.internal.SelectorLoop;
import jasyncio.internal.VirtualClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.Timeout.ThreadMode;

/** {@link Event}, re-expressed from CPython's test_locks.py (EventTests). */
@Timeout(value = 10, threadMode = ThreadMode.SEPARATE_THREAD)
class EventTest {
    private final SelectorLoop loop = new SelectorLoop(new VirtualClock());
    private final List<String> events = new ArrayList<>();

    @AfterEach
    void closeLoop() {
        loop.close();
    }

    private Task<Void> waiter(Event ev, String name) {
        return createTask(() -> {
            ev.await();
            events.add(name);
        });
    }

    @Test
    void setWakesEveryWaiterInTheOrderTheyStartedWaiting() {
        loop.runUntilComplete(() -> {
            Event ev = new Event();
            assertThat(ev.isSet()).isFalse();
            Task<Void> t1 = waiter(ev, "c1");
            Task<Void> t2 = waiter(ev, "c2");
            sleep(0);
            assertThat(events).isEmpty();

            // c3 has not started when the flag is set, so it passes without waiting, first.
            Task<Void> t3 = waiter(ev, "c3");
            ev.set();
            sleep(0);
            assertThat(events).containsExactly("c3", "c1", "c2");
            assertThat(List.of(t1, t2, t3)).allMatch(Task::isDone);
            assertThat(ev.waiterCount()).isZero();
        });
    }

    @Test
    void awaitOnASetEventReturnsWithoutSuspending() {
        loop.runUntilComplete(() -> {
            Event ev = new Event();
            ev.set();
            Task<?> other = createTask(() -> events.add("other ran"));
            ev.await();
            events.add("awaited");
            other.await();
        });
        assertThat(events).containsExactly("awaited", "other ran");
    }

    @Test
    void cancelWhileWaitingOnAnEventLeavesNoWaiter() {
        loop.runUntilComplete(() -> {
            Event ev = new Event();
            Task<Void> w = waiter(ev, "w");
            loop.callSoon(() -> w.cancel());
            assertThatThrownBy(w::await).isInstanceOf(CancelledError.class);
            assertThat(ev.waiterCount()).isZero();
            assertThat(events).isEmpty();
        });
    }

    @Test
    void aWaiterCancelledAfterSetIsWokenRaisesCancelledErrorAndTheOthersStillPass() {
        loop.runUntilComplete(() -> {
            Event ev = new Event();
            Task<Void> t1 = waiter(ev, "c1");
            Task<Void> t2 = waiter(ev, "c2");
            sleep(0);
            ev.set();
            t1.cancel(); // woken, not yet resumed
            t2.await();
            assertThatThrownBy(t1::await).isInstanceOf(CancelledError.class);
            assertThat(events).containsExactly("c2");
            assertThat(ev.waiterCount()).isZero();
        });
    }

    @Test
    void clearUnsetsTheFlag() {
        Event ev = new Event();
        ev.set();
        assertThat(ev.isSet()).isTrue();
        ev.clear();
        assertThat(ev.isSet()).isFalse();
    }

    @Test
    void aWaiterWokenBySetReturnsEvenIfTheFlagIsClearedBeforeItResumes() {
        loop.runUntilComplete(() -> {
            Event ev = new Event();
            Task<Void> t = waiter(ev, "c1");
            sleep(0);
            assertThat(events).isEmpty();

            ev.set();
            ev.clear();
            assertThat(ev.isSet()).isFalse();
            ev.set();
            ev.set();
            assertThat(ev.waiterCount()).isEqualTo(1);

            sleep(0);
            assertThat(events).containsExactly("c1");
            assertThat(ev.waiterCount()).isZero();
            assertThat(t.isDone()).isTrue();
        });
    }

    @Test
    void afterClearNewCallersWaitForTheNextSet() {
        loop.runUntilComplete(() -> {
            Event ev = new Event();
            ev.set();
            ev.clear();
            Task<Void> t = waiter(ev, "late");
            sleep(0);
            sleep(0);
            assertThat(t.isDone()).isFalse();
            ev.set();
            t.await();
            assertThat(events).containsExactly("late");
        });
    }

    @Test
    void toStringShowsTheFlagAndTheWaiters() {
        loop.runUntilComplete(() -> {
            Event ev = new Event();
            assertThat(ev).hasToString("<Event [unset]>");
            Task<Void> t = waiter(ev, "w");
            sleep(0);
            assertThat(ev).hasToString("<Event [unset, waiters:1]>");
            ev.set();
            assertThat(ev).hasToString("<Event [set, waiters:1]>");
            t.await();
            assertThat(ev).hasToString("<Event [set]>");
        });
    }
}
