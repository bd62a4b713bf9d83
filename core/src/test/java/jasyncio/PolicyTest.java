package jasyncio;

import static jasyncio.Asyncio.getEventLoop;
import static jasyncio.Asyncio.getRunningLoop;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import jasyncio.internal.SelectorLoop;
import jasyncio.internal.VirtualClock;

/**
 * The event-loop policy and the current/running loop functions ({@code get_event_loop},
 * {@code set_event_loop}, {@code new_event_loop}, {@code get_running_loop}, policy get/set),
 * re-expressed from the policy tests of CPython's test_events.py. Each test starts with a fresh
 * default policy, so no thread-local current loop leaks between tests.
 */
@Timeout(10)
class PolicyTest {
    private final List<EventLoop> toClose = new ArrayList<>();

    @BeforeEach
    void freshPolicy() {
        Asyncio.setEventLoopPolicy(null);
    }

    @AfterEach
    void cleanUp() {
        Asyncio.setEventLoopPolicy(null);
        for (EventLoop l : toClose) {
            if (!l.isClosed()) l.close();
        }
    }

    private <L extends EventLoop> L closeLater(L loop) {
        toClose.add(loop);
        return loop;
    }

    /** A policy that counts what it is asked and hands out virtual-clock loops. */
    private final class RecordingPolicy implements EventLoopPolicy {
        final List<String> calls = new ArrayList<>();
        EventLoop current;

        @Override
        public EventLoop getEventLoop() {
            calls.add("get");
            return current;
        }

        @Override
        public void setEventLoop(EventLoop loop) {
            calls.add("set");
            current = loop;
        }

        @Override
        public EventLoop newEventLoop() {
            calls.add("new");
            return closeLater(new SelectorLoop(new VirtualClock()));
        }
    }

    @Test
    void theDefaultPolicyIsCreatedOnceAndKept() {
        EventLoopPolicy p = Asyncio.getEventLoopPolicy();
        assertThat(p).isNotNull();
        assertThat(Asyncio.getEventLoopPolicy()).isSameAs(p);
    }

    @Test
    void setEventLoopPolicyInstallsAPolicyAndNullRestoresADefaultOne() {
        EventLoopPolicy old = Asyncio.getEventLoopPolicy();
        RecordingPolicy mine = new RecordingPolicy();
        Asyncio.setEventLoopPolicy(mine);
        assertThat(Asyncio.getEventLoopPolicy()).isSameAs(mine);
        Asyncio.setEventLoopPolicy(null);
        EventLoopPolicy restored = Asyncio.getEventLoopPolicy();
        assertThat(restored).isNotSameAs(mine).isNotNull();
        assertThat(restored.getClass()).isEqualTo(old.getClass());
    }

    @Test
    void asyncioFunctionsGoThroughTheInstalledPolicy() {
        RecordingPolicy mine = new RecordingPolicy();
        Asyncio.setEventLoopPolicy(mine);
        EventLoop created = Asyncio.newEventLoop();
        Asyncio.setEventLoop(created);
        assertThat(getEventLoop()).isSameAs(created);
        assertThat(mine.calls).containsExactly("new", "set", "get");
    }

    @Test
    void asyncioRunGetsItsLoopFromThePolicy() {
        RecordingPolicy mine = new RecordingPolicy();
        Asyncio.setEventLoopPolicy(mine);
        EventLoop used = Asyncio.run(() -> getRunningLoop());
        assertThat(mine.calls).startsWith("new").contains("set");
        assertThat(toClose).containsExactly(used);
        assertThat(used.isClosed()).isTrue();
    }

    @Test
    void defaultPolicyCreatesTheCurrentLoopOfAThreadOnFirstUse() {
        EventLoopPolicy p = EventLoopPolicy.defaultPolicy();
        EventLoop loop = closeLater(p.getEventLoop());
        assertThat(loop).isNotNull();
        assertThat(loop.isClosed()).isFalse();
        assertThat(loop.isRunning()).isFalse();
        assertThat(p.getEventLoop()).isSameAs(loop);
    }

    @Test
    void eachThreadHasItsOwnCurrentLoop() throws Exception {
        EventLoopPolicy p = EventLoopPolicy.defaultPolicy();
        EventLoop here = closeLater(p.getEventLoop());
        AtomicReference<EventLoop> there = new AtomicReference<>();
        Thread t = Thread.ofPlatform().start(() -> there.set(p.getEventLoop()));
        t.join();
        closeLater(there.get());
        assertThat(there.get()).isNotNull().isNotSameAs(here);
    }

    @Test
    void setEventLoopMakesALoopCurrentForThisThread() {
        EventLoopPolicy p = EventLoopPolicy.defaultPolicy();
        EventLoop oldLoop = closeLater(p.newEventLoop());
        p.setEventLoop(oldLoop);
        EventLoop loop = closeLater(p.newEventLoop());
        p.setEventLoop(loop);
        assertThat(p.getEventLoop()).isSameAs(loop).isNotSameAs(oldLoop);
    }

    @Test
    void afterSetEventLoopNullThereIsNoCurrentLoop() {
        EventLoopPolicy p = EventLoopPolicy.defaultPolicy();
        p.setEventLoop(null);
        assertThatThrownBy(p::getEventLoop).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("There is no current event loop");
    }

    @Test
    void newEventLoopMakesADistinctFreshLoopEachTime() {
        EventLoop a = closeLater(Asyncio.newEventLoop());
        EventLoop b = closeLater(Asyncio.newEventLoop());
        assertThat(a).isNotSameAs(b);
        assertThat(a.isRunning()).isFalse();
        assertThat(a.isClosed()).isFalse();
        assertThat(a.runUntilComplete(() -> "works")).isEqualTo("works");
    }

    @Test
    void getEventLoopInsideARunningLoopReturnsTheRunningLoopNotTheCurrentOne() {
        EventLoop current = closeLater(Asyncio.newEventLoop());
        Asyncio.setEventLoop(current);
        SelectorLoop running = closeLater(new SelectorLoop(new VirtualClock()));
        EventLoop[] seen = new EventLoop[2];
        running.callSoon(() -> seen[0] = getEventLoop());
        seen[1] = running.runUntilComplete(() -> getEventLoop());
        assertThat(seen).containsExactly(running, running);
        assertThat(getEventLoop()).isSameAs(current);
    }

    @Test
    void getRunningLoopWorksOnlyWhileALoopRunsTheCaller() {
        assertThatThrownBy(Asyncio::getRunningLoop).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("no running event loop");
        SelectorLoop loop = closeLater(new SelectorLoop(new VirtualClock()));
        EventLoop[] inCallback = new EventLoop[1];
        loop.callSoon(() -> inCallback[0] = getRunningLoop());
        assertThat(loop.runUntilComplete(() -> getRunningLoop())).isSameAs(loop);
        assertThat(inCallback[0]).isSameAs(loop);
    }

    @Test
    void getRunningLoopInAPlainThreadStartedByATaskFails() throws Exception {
        SelectorLoop loop = closeLater(new SelectorLoop(new VirtualClock()));
        Throwable thrown = loop.runUntilComplete(() -> {
            AtomicReference<Throwable> failure = new AtomicReference<>();
            Thread t = Thread.ofPlatform().start(() -> {
                try {
                    getRunningLoop();
                } catch (Throwable e) {
                    failure.set(e);
                }
            });
            t.join();
            return failure.get();
        });
        assertThat(thrown).isInstanceOf(IllegalStateException.class);
    }
}
