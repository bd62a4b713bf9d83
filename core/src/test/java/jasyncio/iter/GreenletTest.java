package jasyncio.iter;

import static jasyncio.Asyncio.createTask;
import static jasyncio.Asyncio.sleep;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import jasyncio.internal.SelectorLoop;
import jasyncio.internal.VirtualClock;

/**
 * {@link Greenlet}: explicit switching, values passed both ways, parents, death, GreenletExit and
 * throw, re-expressed from greenlet's own tests (test_greenlet.py) and its documentation.
 */
@Timeout(10)
class GreenletTest {
    private final List<Object> events = new ArrayList<>();
    private Greenlet gr1;
    private Greenlet gr2;

    @Test
    void switchingBackAndForthRunsTheSeedsSteps() {
        gr1 = new Greenlet(() -> {
            events.add(1);
            gr2.switchTo();
            events.add(2);
            gr2.switchTo();
            events.add("never: gr2 ended and control went to main");
        });
        gr2 = new Greenlet(() -> {
            events.add(3);
            gr1.switchTo();
            events.add(4);
        });

        gr1.switchTo();

        assertThat(events).containsExactly(1, 3, 2, 4);
        assertThat(gr2.isDead()).isTrue();
        assertThat(gr1.isActive()).isTrue();
    }

    @Test
    void valuesPassBothWaysThroughSwitches() {
        Greenlet g = new Greenlet(x -> {
            events.add(x);
            events.add(Greenlet.getCurrent().getParent().switchTo());
            events.add(Greenlet.getCurrent().getParent().switchTo(42));
            return 44;
        });

        events.add(g.switchTo(40));
        events.add(g.switchTo(41));
        events.add(g.switchTo(43));

        assertThat(events).containsExactly(40, null, 41, 42, 43, 44);
    }

    @Test
    void aFunctionsReturnValueGoesToItsParent() {
        Greenlet g = new Greenlet(() -> 45);

        assertThat(g.switchTo()).isEqualTo(45);
        assertThat(new Greenlet(() -> { }).switchTo()).isNull();
    }

    @Test
    void anExceptionEndingAGreenletIsThrownInItsParent() {
        Greenlet g = new Greenlet(() -> {
            throw new IllegalArgumentException("from the greenlet");
        });

        assertThatThrownBy(g::switchTo).isInstanceOf(IllegalArgumentException.class).hasMessage("from the greenlet");
        assertThat(g.isDead()).isTrue();
    }

    @Test
    void aGreenletIsNeitherActiveNorDeadBeforeItStartsAndDeadAfterItEnds() {
        AtomicReference<Greenlet> self = new AtomicReference<>();
        Greenlet g = new Greenlet(() -> {
            events.add(self.get().isActive() && !self.get().isDead());
        });
        self.set(g);
        assertThat(g.isActive()).isFalse();
        assertThat(g.isDead()).isFalse();

        g.switchTo();

        assertThat(events).containsExactly(true);
        assertThat(g.isActive()).isFalse();
        assertThat(g.isDead()).isTrue();
        Greenlet main = Greenlet.getCurrent();
        assertThat(main.isActive()).isTrue();
        assertThat(main.isDead()).isFalse();
        assertThat(main.getParent()).isNull();
    }

    @Test
    void switchingToADeadGreenletGoesToItsParent() {
        Greenlet child = new Greenlet(() -> events.add("child ran"));
        Greenlet parent = new Greenlet(() -> {
            child.setParent(Greenlet.getCurrent());
            child.switchTo();
            events.add("parent resumed");
            return events.add("parent ends");
        });
        parent.switchTo();

        Object back = child.switchTo("to a dead greenlet");

        assertThat(events).containsExactly("child ran", "parent resumed", "parent ends");
        assertThat(back).isEqualTo("to a dead greenlet"); // parent is dead too: it came to main
    }

    @Test
    void greenletExitEndsAGreenletAndTheParentReceivesItAsAValue() {
        Greenlet g = new Greenlet(() -> {
            try {
                Greenlet.getCurrent().getParent().switchTo("suspended");
            } finally {
                events.add("finally");
            }
        });
        assertThat(g.switchTo()).isEqualTo("suspended");

        Object back = g.throwInto();

        assertThat(back).isInstanceOf(GreenletExit.class);
        assertThat(events).containsExactly("finally");
        assertThat(g.isDead()).isTrue();
    }

    @Test
    void throwIntoASuspendedGreenletRaisesAtItsSwitch() {
        Greenlet g = new Greenlet(() -> {
            try {
                Greenlet.getCurrent().getParent().switchTo();
            } catch (IllegalStateException e) {
                return "caught " + e.getMessage();
            }
            return "not reached";
        });
        g.switchTo();

        assertThat(g.throwInto(new IllegalStateException("boom"))).isEqualTo("caught boom");
    }

    @Test
    void throwIntoAGreenletThatDidNotStartKillsItWithoutRunningIt() {
        Greenlet g = new Greenlet(() -> events.add("ran"));
        GreenletExit exit = new GreenletExit();

        assertThat(g.throwInto(exit)).isSameAs(exit);
        assertThat(g.isDead()).isTrue();
        assertThat(events).isEmpty();

        Greenlet h = new Greenlet(() -> events.add("ran"));
        assertThatThrownBy(() -> h.throwInto(new IllegalArgumentException("to the parent")))
                .hasMessage("to the parent");
        assertThat(events).isEmpty();
    }

    @Test
    void throwingGreenletExitIntoAFinishedGreenletReturnsIt() {
        Greenlet g = new Greenlet(() -> { });
        g.switchTo();
        GreenletExit exit = new GreenletExit();

        assertThat(g.throwInto(exit)).isSameAs(exit);
    }

    @Test
    void theParentIsTheCreatorAndCannotFormACycle() {
        Greenlet main = Greenlet.getCurrent();
        Greenlet a = new Greenlet(() -> { });
        Greenlet[] inner = new Greenlet[1];
        Greenlet b = new Greenlet(() -> {
            inner[0] = new Greenlet(() -> { });
        });
        b.switchTo();

        assertThat(a.getParent()).isSameAs(main);
        assertThat(inner[0].getParent()).isSameAs(b);
        a.setParent(b);
        assertThatThrownBy(() -> b.setParent(a)).isInstanceOf(IllegalArgumentException.class).hasMessage("cyclic parent chain");
    }

    @Test
    void whenAChildEndsControlReturnsToTheGreenletThatCreatedIt() {
        Greenlet outer = new Greenlet(() -> {
            Greenlet child = new Greenlet(() -> "child's result");
            events.add("outer got " + child.switchTo());
            return "outer's result";
        });

        assertThat(outer.switchTo()).isEqualTo("outer's result");
        assertThat(events).containsExactly("outer got child's result");
    }

    @Test
    void getCurrentInsideAGreenletIsThatGreenlet() {
        AtomicReference<Greenlet> seen = new AtomicReference<>();
        Greenlet g = new Greenlet(() -> seen.set(Greenlet.getCurrent()));

        g.switchTo();

        assertThat(seen.get()).isSameAs(g);
        assertThat(Greenlet.getCurrent()).isNotSameAs(g);
    }

    @Test
    void switchingToAGreenletOfAnotherThreadFails() throws InterruptedException {
        Greenlet g = new Greenlet(() -> { });
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread other = Thread.ofPlatform().start(() -> {
            try {
                g.switchTo();
            } catch (Throwable e) {
                failure.set(e);
            }
        });
        other.join();

        assertThat(failure.get()).isInstanceOf(IllegalStateException.class).hasMessage("cannot switch to a different thread");
        assertThat(g.isActive()).isFalse();
    }

    @Test
    void insideATaskAGreenletRunsWithNoOtherTaskInBetween() {
        SelectorLoop loop = new SelectorLoop(new VirtualClock());
        try {
            loop.runUntilComplete(() -> {
                createTask(() -> {
                    Greenlet g = new Greenlet(() -> {
                        events.add("greenlet 1");
                        Greenlet.getCurrent().getParent().switchTo();
                        events.add("greenlet 2");
                    });
                    g.switchTo();
                    events.add("task A");
                    g.switchTo();
                    events.add("task A again");
                });
                createTask(() -> events.add("task B"));
                sleep(0);
                sleep(0);
            });
        } finally {
            loop.close();
        }

        assertThat(events).containsExactly("greenlet 1", "task A", "greenlet 2", "task A again", "task B");
    }
}
