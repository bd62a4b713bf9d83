package jasyncio;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import jasyncio.internal.SelectorLoop;
import jasyncio.internal.VirtualClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledIf;

/**
 * Done callbacks, re-expressed from CPython's test_futures.py ({@code BaseFutureDoneCallbackTests}):
 * they never run inside setResult/cancel but are scheduled with callSoon, in registration order,
 * interleaved FIFO with other callSoon work; removal counts registrations.
 */
class FutureCallbackTest {
    private final SelectorLoop loop = new SelectorLoop(new VirtualClock());
    private final List<String> events = new ArrayList<>();

    @AfterEach
    void closeLoop() {
        loop.close();
    }

    /** Runs the loop for a couple of iterations: every callback scheduled so far runs. */
    private void drain() {
        loop.runUntilComplete(() -> {
            Asyncio.sleep(0);
            Asyncio.sleep(0);
        });
    }

    private Consumer<Future<String>> record(String name) {
        return f -> events.add(name + ":" + f.result());
    }

    @Test
    void callbacksAreScheduledNotRunInsideSetResult() {
        Future<String> f = loop.createFuture();
        f.addDoneCallback(record("a"));

        f.setResult("x");
        assertThat(events).isEmpty();

        drain();
        assertThat(events).containsExactly("a:x");
    }

    @Test
    void callbacksRunInRegistrationOrder() {
        Future<String> f = loop.createFuture();
        f.addDoneCallback(record("1"));
        f.addDoneCallback(record("2"));
        f.addDoneCallback(record("3"));

        f.setResult("v");
        drain();

        assertThat(events).containsExactly("1:v", "2:v", "3:v");
    }

    @Test
    @DisabledIf(value = "jasyncio.internal.CarrierBinding#singleCarrier",
            disabledReason = "the loop thread is the caller's only in the default mode (SingleCarrierTest checks the single-carrier mode's)")
    void callbacksRunOnTheLoopThreadOutsideAnyTaskAndReceiveTheFuture() {
        Future<String> f = loop.createFuture();
        List<Object> seen = new ArrayList<>();
        f.addDoneCallback(x -> {
            seen.add(x);
            seen.add(Thread.currentThread());
            seen.add(String.valueOf(Task.current()));
            seen.add(SelectorLoop.running());
        });

        f.setResult("v");
        drain();

        assertThat(seen).containsExactly(f, Thread.currentThread(), "null", loop);
    }

    @Test
    @DisabledIf(value = "jasyncio.internal.CarrierBinding#singleCarrier",
            disabledReason = "the loop thread is the caller's only in the default mode (SingleCarrierTest checks the single-carrier mode's)")
    void futureCompletedFromAnotherThreadRunsItsCallbacksOnTheLoopThread() throws Exception {
        Future<String> f = loop.createFuture();
        List<Thread> ranOn = new ArrayList<>();
        f.addDoneCallback(x -> ranOn.add(Thread.currentThread()));

        Thread other = Thread.ofPlatform().start(() -> f.setResult("from elsewhere"));
        other.join();
        assertThat(ranOn).isEmpty();

        drain();
        assertThat(ranOn).containsExactly(Thread.currentThread());
    }

    @Test
    void callbackAddedAfterCompletionIsStillScheduledNotRunInline() {
        Future<String> f = loop.createFuture();
        f.setResult("done");

        f.addDoneCallback(record("late"));
        assertThat(events).isEmpty();

        drain();
        assertThat(events).containsExactly("late:done");
    }

    @Test
    void callbacksInterleaveFifoWithOtherCallSoonWork() {
        Future<String> f = loop.createFuture();
        f.addDoneCallback(record("cb1"));
        f.addDoneCallback(record("cb2"));

        loop.callSoon(() -> events.add("soon-before"));
        f.setResult("r");
        loop.callSoon(() -> events.add("soon-after"));
        f.addDoneCallback(record("cb3"));
        drain();

        assertThat(events).containsExactly("soon-before", "cb1:r", "cb2:r", "soon-after", "cb3:r");
    }

    @Test
    void callSoonRunsCallbacksInFifoOrder() {
        for (int i = 0; i < 10; i++) {
            int n = i;
            loop.callSoon(() -> events.add("c" + n));
        }
        drain();

        assertThat(events).containsExactly("c0", "c1", "c2", "c3", "c4", "c5", "c6", "c7", "c8", "c9");
    }

    @Test
    void cancelledHandleDoesNotRun() {
        loop.callSoon(() -> events.add("kept"));
        Handle h = loop.callSoon(() -> events.add("cancelled"));
        h.cancel();
        drain();

        assertThat(h.isCancelled()).isTrue();
        assertThat(events).containsExactly("kept");
    }

    @Test
    void cancelAndSetExceptionScheduleCallbacksToo() {
        Future<String> cancelled = loop.createFuture();
        Future<String> failed = loop.createFuture();
        cancelled.addDoneCallback(x -> events.add("cancelled=" + x.isCancelled()));
        failed.addDoneCallback(x -> events.add("failed=" + x.exception().getMessage()));

        cancelled.cancel();
        failed.setException(new IllegalStateException("bad"));
        assertThat(events).isEmpty();

        drain();
        assertThat(events).containsExactly("cancelled=true", "failed=bad");
    }

    @Test
    void removeDoneCallbackRemovesEveryRegistrationAndCountsThem() {
        Future<String> f = loop.createFuture();
        Consumer<Future<String>> a = record("a");
        Consumer<Future<String>> b = record("b");
        f.addDoneCallback(a);
        f.addDoneCallback(b);
        f.addDoneCallback(a);
        f.addDoneCallback(b);
        f.addDoneCallback(a);

        assertThat(f.removeDoneCallback(a)).isEqualTo(3);
        assertThat(f.removeDoneCallback(a)).isZero();
        f.setResult("x");
        drain();

        assertThat(events).containsExactly("b:x", "b:x");
    }

    @Test
    void removeSoleCallbackCountsOne() {
        Future<String> f = loop.createFuture();
        Consumer<Future<String>> a = record("a");
        f.addDoneCallback(a);

        assertThat(f.removeDoneCallback(a)).isEqualTo(1);
        f.setResult("x");
        drain();

        assertThat(events).isEmpty();
    }

    @Test
    void removingAnUnknownCallbackCountsZero() {
        Future<String> f = loop.createFuture();
        f.addDoneCallback(record("a"));

        assertThat(f.removeDoneCallback(record("other"))).isZero();
        f.setResult("x");
        drain();

        assertThat(events).containsExactly("a:x");
    }

    @Test
    void removeAfterCompletionCountsZeroBecauseCallbacksAreAlreadyScheduled() {
        Future<String> f = loop.createFuture();
        Consumer<Future<String>> a = record("a");
        f.addDoneCallback(a);
        f.setResult("x");

        assertThat(f.removeDoneCallback(a)).isZero();
        drain();

        assertThat(events).containsExactly("a:x");
    }

    @Test
    void aFailingCallbackGoesToTheExceptionHandlerAndTheOthersStillRun() {
        List<ExceptionContext> reported = new ArrayList<>();
        loop.setExceptionHandler((l, ctx) -> reported.add(ctx));
        Future<String> f = loop.createFuture();
        IllegalStateException boom = new IllegalStateException("callback failed");
        f.addDoneCallback(record("before"));
        f.addDoneCallback(x -> {
            throw boom;
        });
        f.addDoneCallback(record("after"));

        f.setResult("x");
        drain();

        assertThat(events).containsExactly("before:x", "after:x");
        assertThat(reported).singleElement().satisfies(ctx -> assertThat(ctx.exception()).isSameAs(boom));
    }

    @Test
    void aCallbackSeesTheFutureAlreadyDone() {
        Future<String> f = loop.createFuture();
        f.addDoneCallback(x -> events.add("done=" + x.isDone() + " result=" + x.result()));

        f.setResult("r");
        drain();

        assertThat(events).containsExactly("done=true result=r");
    }
}
