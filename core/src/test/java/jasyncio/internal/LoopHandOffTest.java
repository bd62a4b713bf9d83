package jasyncio.internal;

import static jasyncio.Asyncio.createTask;
import static jasyncio.Asyncio.sleep;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import jasyncio.Future;

/**
 * {@link SelectorLoop#handOff}: the thread it wakes runs next, ahead of work already queued, so
 * two threads that asyncio runs as one flow (a generator and its caller) have no other task
 * between them.
 */
class LoopHandOffTest {
    private final SelectorLoop loop = new SelectorLoop(new VirtualClock());
    private final List<String> events = new ArrayList<>();

    @AfterEach
    void closeLoop() {
        loop.close();
    }

    @Test
    void aTaskWokenByAHandOffRunsBeforeTheTasksAlreadyReady() {
        loop.runUntilComplete(() -> {
            Future<String> signal = loop.createFuture();
            createTask(() -> events.add("woken: " + signal.await()));
            sleep(0); // the waiter now waits on the signal
            createTask(() -> {
                events.add("A hands off");
                loop.handOff(() -> signal.setResult("x"));
                events.add("A goes on");
                sleep(0);
            });
            createTask(() -> events.add("B"));
            sleep(0);
            sleep(0);
        });

        assertThat(events).containsExactly("A hands off", "A goes on", "woken: x", "B");
    }

    @Test
    void withoutAHandOffTheWokenTaskWaitsForTheNextIteration() {
        loop.runUntilComplete(() -> {
            Future<String> signal = loop.createFuture();
            createTask(() -> events.add("woken: " + signal.await()));
            sleep(0);
            createTask(() -> {
                signal.setResult("x");
                events.add("A goes on");
            });
            createTask(() -> events.add("B"));
            sleep(0);
            sleep(0);
        });

        assertThat(events).containsExactly("A goes on", "B", "woken: x");
    }

    @Test
    void aHandOffFromAnotherThreadIsAnOrdinaryWakeUp() throws Exception {
        Future<String> signal = loop.createFuture();
        Thread other = Thread.ofPlatform().start(() -> loop.handOff(() -> signal.setResult("from a thread")));
        other.join();

        assertThat(loop.runUntilComplete(signal)).isEqualTo("from a thread");
    }
}
