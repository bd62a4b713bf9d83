package jasyncio.iter;

import static jasyncio.Asyncio.createTask;
import static jasyncio.Asyncio.sleep;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import jasyncio.ExceptionContext;
import jasyncio.Runner;
import jasyncio.Task;
import jasyncio.internal.SelectorLoop;
import jasyncio.internal.VirtualClock;

/**
 * {@link jasyncio.EventLoop#shutdownAsyncgens()} and the Runner's use of it: async generators left
 * open get {@code aclose()} (from test_asyncgen.py, test_async_gen_asyncio_shutdown_01, and
 * asyncio's shutdown_asyncgens).
 */
@Timeout(10)
class ShutdownAsyncgensTest {
    private final SelectorLoop loop = new SelectorLoop(new VirtualClock());
    private final List<Object> events = new ArrayList<>();

    @AfterEach
    void closeLoop() {
        loop.close();
    }

    private AsyncGenerator<Integer> waiter(double timeout) {
        return AsyncGenerator.of(out -> {
            try {
                sleep(timeout);
                out.yield(1);
            } finally {
                sleep(0);
                events.add("finalized");
            }
        });
    }

    @Test
    void cancelledConsumersFinalizeTheirGeneratorsAndShutdownFindsNothingLeft() {
        Task<Void> t1 = loop.createTask(() -> {
            for (int ignored : waiter(1)) { }
        });
        Task<Void> t2 = loop.createTask(() -> {
            for (int ignored : waiter(1)) { }
        });
        loop.runUntilComplete(() -> sleep(0.1));
        t1.cancel();
        t2.cancel();
        loop.runUntilComplete(() -> {
            try {
                t1.await();
            } catch (jasyncio.CancelledError expected) {
                events.add("t1 cancelled");
            }
            try {
                t2.await();
            } catch (jasyncio.CancelledError expected) {
                events.add("t2 cancelled");
            }
        });

        loop.shutdownAsyncgens();

        assertThat(events).containsExactly("finalized", "finalized", "t1 cancelled", "t2 cancelled");
    }

    private AsyncGenerator<Integer> suspendedAtAYield(String name) {
        return AsyncGenerator.of(out -> {
            try {
                out.yield(1);
            } catch (GeneratorExit e) {
                events.add(name + " got GeneratorExit");
                throw e;
            } finally {
                sleep(0.01);
                events.add(name + " finally");
            }
        });
    }

    @Test
    void generatorsLeftSuspendedAreClosedWithGeneratorExit() {
        List<AsyncGenerator<Integer>> keep = new ArrayList<>();
        loop.runUntilComplete(() -> {
            for (String name : List.of("a", "b")) {
                AsyncGenerator<Integer> g = suspendedAtAYield(name);
                g.anext();
                keep.add(g);
            }
        });

        loop.shutdownAsyncgens();

        assertThat(events).containsExactly("a got GeneratorExit", "b got GeneratorExit", "a finally", "b finally");
        assertThat(keep.get(0).isRunning()).isFalse();
    }

    @Test
    void itMayBeCalledFromATaskOfTheLoop() {
        loop.runUntilComplete(() -> {
            AsyncGenerator<Integer> g = suspendedAtAYield("g");
            g.anext();
            loop.shutdownAsyncgens();
            events.add("after shutdown");
        });

        assertThat(events).containsExactly("g got GeneratorExit", "g finally", "after shutdown");
    }

    @Test
    void anErrorWhileClosingGoesToTheExceptionHandler() {
        List<ExceptionContext> reported = new ArrayList<>();
        loop.setExceptionHandler((l, context) -> reported.add(context));
        List<AsyncGenerator<Integer>> keep = new ArrayList<>();
        loop.runUntilComplete(() -> {
            AsyncGenerator<Integer> g = AsyncGenerator.of(out -> {
                try {
                    out.yield(1);
                } finally {
                    throw new IllegalStateException("cleanup failed");
                }
            });
            g.anext();
            keep.add(g);
        });

        loop.shutdownAsyncgens();

        assertThat(reported).hasSize(1);
        assertThat(reported.get(0).message()).startsWith("an error occurred during closing of asynchronous generator <AsyncGenerator asyncgen-");
        assertThat(reported.get(0).exception()).hasMessage("cleanup failed");
    }

    @Test
    void aRunnerClosesTheGeneratorsItsMainLeftSuspended() {
        try (Runner runner = new Runner(null, () -> new SelectorLoop(new VirtualClock()))) {
            runner.run(() -> {
                AsyncGenerator<Integer> g = suspendedAtAYield("left open");
                g.anext();
                events.add("main ends");
            });
        }

        assertThat(events).containsExactly("main ends", "left open got GeneratorExit", "left open finally");
    }

    @Test
    void aGeneratorClosedAlreadyIsLeftAlone() {
        loop.runUntilComplete(() -> {
            AsyncGenerator<Integer> g = suspendedAtAYield("g");
            g.anext();
            g.aclose();
            events.add("closed by its consumer");
        });

        loop.shutdownAsyncgens();

        assertThat(events).containsExactly("g got GeneratorExit", "g finally", "closed by its consumer");
    }

    @Test
    void withoutGeneratorsItDoesNotRunTheLoop() {
        loop.callSoon(() -> events.add("a callback ran"));

        loop.shutdownAsyncgens();

        assertThat(events).isEmpty();
        createTaskAndRun();
        assertThat(events).containsExactly("a callback ran", "task ran");
    }

    private void createTaskAndRun() {
        loop.runUntilComplete(() -> {
            createTask(() -> events.add("task ran")).await();
        });
    }
}
