package jasyncio.testing;

import static jasyncio.Asyncio.sleep;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import jasyncio.EventLoop;
import jasyncio.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The virtual clock on its own, without the JUnit extension. */
class TestClockTest {
    private final TestClock clock = new TestClock();
    private final EventLoop loop = clock.newEventLoop();

    @AfterEach
    void closeLoop() {
        loop.close();
    }

    @Test
    void newClockStartsAtZeroAndItsLoopReadsIt() {
        assertThat(clock.time()).isZero();
        assertThat(loop.time()).isZero();
    }

    @Test
    void sleepOfAnHourReturnsInstantlyWithTheClockAnHourLater() {
        long start = System.nanoTime();

        loop.runUntilComplete(() -> sleep(3600));

        assertThat(clock.time()).isEqualTo(3600.0);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(1));
    }

    @Test
    void timersFireInDeadlineOrderAtTheirOwnTimes() {
        List<String> events = new ArrayList<>();
        loop.callLater(5, () -> events.add("5s at " + loop.time()));
        loop.callLater(0.5, () -> events.add("0.5s at " + loop.time()));

        loop.runUntilComplete(() -> sleep(10));

        assertThat(events).containsExactly("0.5s at 0.5", "5s at 5.0");
    }

    @Test
    void advanceMovesTimeAtOnceAndMakesTimersDue() {
        List<String> events = new ArrayList<>();

        loop.runUntilComplete(() -> {
            Future<Double> fired = loop.createFuture();
            loop.callLater(30, () -> fired.setResult(loop.time()));
            clock.advance(Duration.ofSeconds(45));
            events.add("advanced to " + loop.time());
            events.add("timer fired at " + fired.await());
        });

        assertThat(events).containsExactly("advanced to 45.0", "timer fired at 45.0");
    }

    @Test
    void advanceInSecondsAddsUp() {
        clock.advance(1.5);
        clock.advance(0.25);

        assertThat(loop.time()).isEqualTo(1.75);
        assertThat(clock).hasToString("TestClock[1.75s]");
    }

    @Test
    void advanceRefusesToGoBack() {
        assertThatThrownBy(() -> clock.advance(-1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("time cannot go back");
        assertThatThrownBy(() -> clock.advance(Double.NaN)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> clock.advance(Duration.ofMillis(-1))).isInstanceOf(IllegalArgumentException.class);
        assertThat(clock.time()).isZero();
    }

    @Test
    void loopsOfOneClockShareItsTime() {
        try (EventLoop other = clock.newEventLoop()) {
            loop.runUntilComplete(() -> sleep(7));

            assertThat(other.time()).isEqualTo(7.0);
        }
    }
}
