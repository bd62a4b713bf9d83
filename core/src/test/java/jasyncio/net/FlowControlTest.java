package jasyncio.net;

import static jasyncio.Asyncio.createTask;
import static jasyncio.Asyncio.gather;
import static jasyncio.Asyncio.sleep;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;

import jasyncio.CancelledError;
import jasyncio.Task;
import jasyncio.VoidCoroutine;
import jasyncio.internal.SelectorLoop;
import jasyncio.internal.VirtualClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.Timeout.ThreadMode;

/** {@link FlowControl}: asyncio's FlowControlMixin behaviour (test_streams test_multiple_drain and friends). */
@Timeout(value = 10, threadMode = ThreadMode.SEPARATE_THREAD)
class FlowControlTest {
    private final SelectorLoop loop = new SelectorLoop(new VirtualClock());
    private final FlowControl flow = new FlowControl(loop);

    @AfterEach
    void closeLoop() {
        loop.close();
    }

    private List<Task<Void>> drainers(int n, List<String> events) {
        List<Task<Void>> tasks = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int id = i;
            tasks.add(createTask((VoidCoroutine) () -> {
                flow.drain();
                events.add("drained " + id);
            }));
        }
        return tasks;
    }

    @Test
    void drainReturnsAtOnceWhenWritingIsNotPaused() {
        loop.runUntilComplete(() -> {
            flow.drain();
            assertThat(flow.isPaused()).isFalse();
        });
    }

    @Test
    void everyTaskDrainingWhilePausedResumesWhenWritingResumes() {
        List<String> events = new ArrayList<>();
        loop.runUntilComplete(() -> {
            flow.pauseWriting();
            loop.callLater(0.1, flow::resumeWriting);
            gather(drainers(10, events));
        });
        assertThat(events).hasSize(10).startsWith("drained 0").endsWith("drained 9");
    }

    @Test
    void losingTheConnectionWhilePausedWakesDrainersWithTheError() {
        List<String> events = new ArrayList<>();
        loop.runUntilComplete(() -> {
            flow.pauseWriting();
            List<Task<Void>> tasks = drainers(2, events);
            sleep(0);
            ConnectionResetError error = new ConnectionResetError("Connection reset by peer");
            flow.connectionLost(error);
            for (Task<Void> t : tasks) assertThatThrownBy(t::await).isSameAs(error);
            assertThatThrownBy(flow::drain).isInstanceOf(ConnectionResetError.class).hasMessage("Connection lost");
        });
        assertThat(events).isEmpty();
    }

    @Test
    void losingTheConnectionCleanlyWhilePausedLetsDrainersReturnAndLaterDrainsFail() {
        List<String> events = new ArrayList<>();
        loop.runUntilComplete(() -> {
            flow.pauseWriting();
            List<Task<Void>> tasks = drainers(2, events);
            sleep(0);
            flow.connectionLost(null);
            gather(tasks);
            assertThatThrownBy(flow::drain).isInstanceOf(ConnectionResetError.class).hasMessage("Connection lost");
        });
        assertThat(events).containsExactly("drained 0", "drained 1");
    }

    @Test
    void aCancelledDrainerLeavesTheOthersWaiting() {
        List<String> events = new ArrayList<>();
        loop.runUntilComplete(() -> {
            flow.pauseWriting();
            List<Task<Void>> tasks = drainers(3, events);
            sleep(0);
            tasks.get(1).cancel();
            assertThatThrownBy(tasks.get(1)::await).isInstanceOf(CancelledError.class);
            flow.resumeWriting();
            tasks.get(0).await();
            tasks.get(2).await();
        });
        assertThat(events).containsExactly("drained 0", "drained 2");
    }
}
