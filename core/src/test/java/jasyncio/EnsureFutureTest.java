package jasyncio;

import static jasyncio.Asyncio.ensureFuture;
import static jasyncio.Asyncio.sleep;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import jasyncio.internal.SelectorLoop;
import jasyncio.internal.VirtualClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** ensureFuture of coroutines with and without a value (asyncio.ensure_future). */
class EnsureFutureTest {
    private final SelectorLoop loop = new SelectorLoop(new VirtualClock());
    private final List<String> events = new ArrayList<>();

    @AfterEach
    void closeLoop() {
        loop.close();
    }

    private void work() {
        events.add("1 work starts");
        sleep(1);
        events.add("3 work ends");
    }

    @Test
    void ensureFutureRunsACoroutineWithoutValueAsATask() {
        Future<Void> f = loop.runUntilComplete(() -> {
            Future<Void> task = ensureFuture(this::work);   // async def work() without return
            sleep(0);
            events.add("2 caller continues");
            task.await();
            return task;
        });

        assertThat(f).isInstanceOf(Task.class);
        assertThat(f.result()).isNull();
        assertThat(events).containsExactly("1 work starts", "2 caller continues", "3 work ends");
    }

    @Test
    void ensureFutureOfAValueCoroutineStillPicksTheValueOverload() {
        String v = loop.runUntilComplete(() -> ensureFuture(() -> "value").await());

        assertThat(v).isEqualTo("value");
    }
}
