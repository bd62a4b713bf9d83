package jasyncio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.DisabledIf;

import jasyncio.internal.Signals;
import sun.misc.SignalHandler;

/**
 * {@code loop.addSignalHandler}/{@code removeSignalHandler} with real signals sent to this JVM
 * (WINCH and URG, whose default action is to do nothing, so a test that goes wrong cannot kill
 * the JVM); every wait is on a future the handler completes (asyncio's test_unix_events
 * signal tests, re-expressed).
 */
@Timeout(10)
class SignalHandlerTest {
    interface Body {
        void run(EventLoop loop) throws Exception;
    }

    static void run(Body body) {
        try (EventLoop loop = Asyncio.newEventLoop()) {
            loop.runUntilComplete(() -> body.run(loop));
        }
    }

    static void raise(String name) {
        Signals.send(ProcessHandle.current().pid(), Signals.number(name));
    }

    /** The handler the JVM has for {@code name} now (Java can only read it by replacing it). */
    static SignalHandler current(String name) {
        sun.misc.Signal sig = new sun.misc.Signal(name);
        SignalHandler h = sun.misc.Signal.handle(sig, SignalHandler.SIG_DFL);
        sun.misc.Signal.handle(sig, h);
        return h;
    }

    @Test
    @DisabledIf(value = "jasyncio.internal.CarrierBinding#singleCarrier",
            disabledReason = "the loop thread is a platform thread only in the default mode")
    void eachSignalRunsTheCallbackOnTheLoopThread() {
        run(loop -> {
            List<String> calls = new ArrayList<>();
            Future<Void> second = loop.createFuture();
            loop.addSignalHandler("WINCH", () -> {
                calls.add((Thread.currentThread().isVirtual() ? "task thread" : "loop thread")
                        + (Asyncio.getRunningLoop() == loop ? " of this loop" : " elsewhere"));
                if (calls.size() == 2) second.setResult(null);
            });
            raise("WINCH");
            raise("WINCH");
            second.await();

            assertThat(calls).containsExactly("loop thread of this loop", "loop thread of this loop");
            assertThat(loop.removeSignalHandler("WINCH")).isTrue();
        });
    }

    @Test
    void aHandlerCanCancelATaskAsAServerDoesOnSigterm() {
        run(loop -> {
            Task<Void> serving = loop.createTask(() -> Asyncio.sleep(3600));
            loop.addSignalHandler("SIGURG", serving::cancel);
            raise("URG");

            assertThatThrownBy(serving::await).isInstanceOf(CancelledError.class);
            assertThat(loop.removeSignalHandler("URG")).isTrue();
        });
    }

    @Test
    void addingAgainReplacesTheCallbackAndRemovingTwiceReportsNothingToRemove() {
        run(loop -> {
            List<String> calls = new ArrayList<>();
            Future<Void> ran = loop.createFuture();
            loop.addSignalHandler("WINCH", () -> calls.add("first"));
            loop.addSignalHandler("SIGWINCH", () -> {
                calls.add("second");
                ran.setResult(null);
            });
            raise("WINCH");
            ran.await();

            assertThat(calls).containsExactly("second");
            assertThat(loop.removeSignalHandler("WINCH")).isTrue();
            assertThat(loop.removeSignalHandler("WINCH")).isFalse();
        });
    }

    @Test
    void removingPutsBackTheHandlerFromBefore() {
        SignalHandler before = current("WINCH");
        run(loop -> {
            loop.addSignalHandler("WINCH", () -> {});
            assertThat(current("WINCH")).isNotSameAs(before);
            loop.removeSignalHandler("WINCH");
            assertThat(current("WINCH")).isSameAs(before);
        });
    }

    @Test
    void closingTheLoopRemovesItsHandlers() {
        SignalHandler before = current("URG");
        EventLoop loop = Asyncio.newEventLoop();
        loop.addSignalHandler("URG", () -> {});
        assertThat(current("URG")).isNotSameAs(before);

        loop.close();
        assertThat(current("URG")).isSameAs(before);
        assertThat(loop.removeSignalHandler("URG")).isFalse();
    }

    @Test
    void unknownAndUncatchableSignalsAndClosedLoopsAreRefused() {
        run(loop -> {
            assertThatThrownBy(() -> loop.addSignalHandler("NOSUCHSIGNAL", () -> {}))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("Unknown signal: NOSUCHSIGNAL");
            assertThatThrownBy(() -> loop.addSignalHandler("SIGKILL", () -> {}))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith("SIGKILL cannot be caught");
            assertThatThrownBy(() -> loop.addSignalHandler("WINCH", null)).isInstanceOf(NullPointerException.class);
            assertThatThrownBy(() -> loop.removeSignalHandler("NOSUCHSIGNAL"))
                    .isInstanceOf(IllegalArgumentException.class);
        });
        EventLoop closed = Asyncio.newEventLoop();
        closed.close();
        assertThatThrownBy(() -> closed.addSignalHandler("WINCH", () -> {}))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("Event loop is closed");
    }

    @Test
    void aCallbackThatThrowsGoesToTheExceptionHandler() {
        run(loop -> {
            Future<ExceptionContext> reported = loop.createFuture();
            loop.setExceptionHandler((l, context) -> reported.setResult(context));
            loop.addSignalHandler("WINCH", () -> {
                throw new IllegalStateException("handler bug");
            });
            raise("WINCH");

            assertThat(reported.await().exception()).hasMessage("handler bug");
            loop.removeSignalHandler("WINCH");
        });
    }
}
