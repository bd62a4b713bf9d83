package jasyncio.examples;

import static jasyncio.Asyncio.allTasks;
import static jasyncio.Asyncio.currentTask;
import static jasyncio.Asyncio.runCoroutineThreadsafe;
import static jasyncio.Asyncio.sleep;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import jasyncio.CancelledError;
import jasyncio.EventLoop;
import jasyncio.Task;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The examples that wait forever by design (they await a Future nobody completes; python3 never
 * returns): the twin prints what Python prints before hanging (nothing), and an hour of virtual
 * time later its main task is still parked in that await. Then the test cancels the task, which
 * ends asyncio.run with CancelledError (where Python would end with KeyboardInterrupt on Ctrl-C).
 */
class HangingTwinsTest {

    @ParameterizedTest
    @ValueSource(strings = {"s000_09_future_never_set", "s002_07_future_never_set", "s003_17_future_never_set"})
    void twinStaysParkedOnItsFutureUntilCancelled(String name) throws Throwable {
        assertThat(Examples.HANGING).contains(name);
        String twinClass = Examples.className(name);
        AtomicReference<Throwable> ended = new AtomicReference<>();

        String printed = TwinHarness.captureStdout(() -> {
            try (FreshPolicy policy = FreshPolicy.install(TwinHarness.virtualLoops())) {
                Thread runner = Thread.ofPlatform().name(name).start(() -> {
                    try {
                        Examples.runMain(name);
                        ended.set(new AssertionError("main returned"));
                    } catch (Throwable e) {
                        ended.set(e);
                    }
                });
                EventLoop loop = policy.firstLoop().get(5, TimeUnit.SECONDS);

                // From inside the loop: let an hour of (virtual) time pass, then look at the main task.
                List<Task<?>> stuck = runCoroutineThreadsafe(() -> {
                    sleep(3600);
                    return allTasks().stream().filter(t -> t != currentTask()).toList();
                }, loop).get(5, TimeUnit.SECONDS);

                assertThat(stuck).hasSize(1);
                Task<?> main = stuck.get(0);
                assertThat(main.isDone()).isFalse();
                assertThat(runner.isAlive()).isTrue();
                List<StackTraceElement> stack = Arrays.asList(main.getStack());
                assertThat(stack).as("stack of %s", main)
                        .anyMatch(f -> f.getClassName().equals("jasyncio.Future") && f.getMethodName().equals("await"))
                        .anyMatch(f -> f.getClassName().startsWith(twinClass));

                loop.callSoonThreadsafe(main::cancel);
                assertThat(runner.join(Duration.ofSeconds(5))).as("asyncio.run returned after the cancel").isTrue();
            }
        });

        assertThat(printed).isEmpty();
        assertThat(ended.get()).isInstanceOf(CancelledError.class);
    }
}
