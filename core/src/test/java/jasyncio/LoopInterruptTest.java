package jasyncio;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Interrupting the thread that runs a loop stops the loop (it used to make every select return
 * at once, so the loop spun, and a JUnit @Timeout could not end a hung test).
 */
@Timeout(20)
class LoopInterruptTest {

    @Test
    void interruptingTheLoopThreadStopsRunUntilCompleteWithCancelledErrorAndKeepsTheFlag() throws Exception {
        CompletableFuture<Throwable> thrown = new CompletableFuture<>();
        CompletableFuture<Boolean> flagAfter = new CompletableFuture<>();
        CountDownLatch running = new CountDownLatch(1);
        Thread t = Thread.ofPlatform().start(() -> {
            try (EventLoop loop = Asyncio.newEventLoop()) {
                Future<String> never = loop.createFuture();
                loop.callSoon(running::countDown);
                try {
                    loop.runUntilComplete(never);
                    thrown.complete(null);
                } catch (Throwable e) {
                    thrown.complete(e);
                }
                flagAfter.complete(Thread.interrupted());
            }
        });
        running.await();
        t.interrupt();
        t.join(TimeUnit.SECONDS.toMillis(10));
        assertThat(t.isAlive()).as("the loop thread ended instead of spinning").isFalse();
        assertThat(thrown.get()).isInstanceOf(CancelledError.class).hasMessageContaining("interrupted");
        assertThat(flagAfter.get()).as("interrupt flag kept for the caller").isTrue();
    }

    @Test
    void aLoopRunAgainAfterAnInterruptRunsNormally() throws Exception {
        CompletableFuture<String> second = new CompletableFuture<>();
        CountDownLatch running = new CountDownLatch(1);
        Thread t = Thread.ofPlatform().start(() -> {
            try (EventLoop loop = Asyncio.newEventLoop()) {
                loop.callSoon(running::countDown);
                try {
                    loop.runUntilComplete(loop.<String>createFuture());
                } catch (CancelledError expected) {
                    Thread.interrupted();
                }
                second.complete(loop.runUntilComplete(() -> Asyncio.sleep(0.01, "again")));
            } catch (Throwable e) {
                second.completeExceptionally(e);
            }
        });
        running.await();
        t.interrupt();
        assertThat(second.get(10, TimeUnit.SECONDS)).isEqualTo("again");
        t.join();
    }
}
