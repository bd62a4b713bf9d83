package jasyncio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import jasyncio.internal.SelectorLoop;
import jasyncio.internal.VirtualClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A Future's states and what each accessor does in each of them, re-expressed from CPython's
 * test_futures.py ({@code BaseFutureTests}): result()/exception() while pending, finished,
 * failed and cancelled; completing twice; cancel messages; the java.util.concurrent views.
 */
class FutureTest {
    private final SelectorLoop loop = new SelectorLoop(new VirtualClock());

    @AfterEach
    void closeLoop() {
        loop.close();
    }

    /** Runs the loop until every callback scheduled so far (and those they schedule) has run. */
    private void drain() {
        loop.runUntilComplete(() -> {
            Asyncio.sleep(0);
            Asyncio.sleep(0);
        });
    }

    @Test
    void newFutureIsPendingAndBelongsToItsLoop() {
        Future<String> f = loop.createFuture();

        assertThat(f.isDone()).isFalse();
        assertThat(f.isCancelled()).isFalse();
        assertThat(f.getLoop()).isSameAs(loop);
        assertThat(f.state()).isEqualTo(java.util.concurrent.Future.State.RUNNING);
        assertThat(f).hasToString("<Future pending>");
    }

    @Test
    void resultOfPendingFutureIsNotReady() {
        Future<String> f = loop.createFuture();

        assertThatThrownBy(f::result)
                .isExactlyInstanceOf(InvalidStateError.class)
                .hasMessage("Result is not ready.");
    }

    @Test
    void exceptionOfPendingFutureIsNotSet() {
        Future<String> f = loop.createFuture();

        assertThatThrownBy(f::exception)
                .isExactlyInstanceOf(InvalidStateError.class)
                .hasMessage("Exception is not set.");
    }

    @Test
    void setResultFinishesTheFutureWithThatResultAndNoException() {
        Future<String> f = loop.createFuture();

        f.setResult("foo");

        assertThat(f.isDone()).isTrue();
        assertThat(f.isCancelled()).isFalse();
        assertThat(f.result()).isEqualTo("foo");
        assertThat(f.exception()).isNull();
        assertThat(f.state()).isEqualTo(java.util.concurrent.Future.State.SUCCESS);
        assertThat(f).hasToString("<Future finished result=foo>");
    }

    @Test
    void nullIsAResultLikeAnyOther() {
        Future<String> f = loop.createFuture();

        f.setResult(null);

        assertThat(f.isDone()).isTrue();
        assertThat(f.result()).isNull();
        assertThat(f.exception()).isNull();
    }

    @Test
    void setResultTwiceIsAnInvalidStateAndKeepsTheFirstResult() {
        Future<String> f = loop.createFuture();
        f.setResult("first");

        assertThatThrownBy(() -> f.setResult("second"))
                .isInstanceOf(InvalidStateError.class)
                .hasMessageContaining("finished");
        assertThatThrownBy(() -> f.setException(new IllegalStateException("late")))
                .isInstanceOf(InvalidStateError.class);
        assertThat(f.result()).isEqualTo("first");
    }

    @Test
    void setExceptionTwiceIsAnInvalidStateAndKeepsTheFirstException() {
        Future<String> f = loop.createFuture();
        IllegalArgumentException first = new IllegalArgumentException("first");
        f.setException(first);

        assertThatThrownBy(() -> f.setException(new IllegalStateException("second")))
                .isInstanceOf(InvalidStateError.class);
        assertThatThrownBy(() -> f.setResult("late"))
                .isInstanceOf(InvalidStateError.class);
        assertThat(f.exception()).isSameAs(first);
    }

    @Test
    void failedFutureRethrowsItsUncheckedExceptionAsItself() {
        Future<String> f = loop.createFuture();
        IllegalStateException boom = new IllegalStateException("boom");

        f.setException(boom);

        assertThat(f.isDone()).isTrue();
        assertThat(f.isCancelled()).isFalse();
        assertThat(f.exception()).isSameAs(boom);
        assertThatThrownBy(f::result).isSameAs(boom);
        assertThat(f.state()).isEqualTo(java.util.concurrent.Future.State.FAILED);
    }

    @Test
    void failedFutureWrapsItsCheckedExceptionInCompletionException() {
        Future<String> f = loop.createFuture();
        IOException io = new IOException("disk gone");

        f.setException(io);

        assertThat(f.exception()).isSameAs(io);
        assertThatThrownBy(f::result)
                .isExactlyInstanceOf(CompletionException.class)
                .cause().isSameAs(io);
    }

    @Test
    void setExceptionRefusesNull() {
        Future<String> f = loop.createFuture();

        assertThatThrownBy(() -> f.setException(null)).isInstanceOf(NullPointerException.class);
        assertThat(f.isDone()).isFalse();
    }

    @Test
    void cancelPendingFutureMakesResultAndExceptionRaiseCancelledError() {
        Future<String> f = loop.createFuture();

        assertThat(f.cancel()).isTrue();

        assertThat(f.isDone()).isTrue();
        assertThat(f.isCancelled()).isTrue();
        assertThat(f.state()).isEqualTo(java.util.concurrent.Future.State.CANCELLED);
        assertThatThrownBy(f::result).isExactlyInstanceOf(CancelledError.class).hasMessage(null);
        assertThatThrownBy(f::exception).isExactlyInstanceOf(CancelledError.class);
        assertThat(f).hasToString("<Future cancelled>");
    }

    @Test
    void cancelMessageReachesEveryReader() {
        Future<String> f = loop.createFuture();

        assertThat(f.cancel("my message")).isTrue();

        assertThatThrownBy(f::result).isInstanceOf(CancelledError.class).hasMessage("my message");
        assertThatThrownBy(f::exception).isInstanceOf(CancelledError.class).hasMessage("my message");
        String awaited = loop.runUntilComplete(() -> {
            try {
                f.await();
                return "not cancelled";
            } catch (CancelledError e) {
                return e.getMessage();
            }
        });
        assertThat(awaited).isEqualTo("my message");
    }

    @Test
    void cancelledErrorIsAJavaCancellationException() {
        Future<String> f = loop.createFuture();
        f.cancel();

        assertThatThrownBy(f::result).isInstanceOf(CancellationException.class);
    }

    @Test
    void cancelOfADoneFutureReturnsFalseAndChangesNothing() {
        Future<String> finished = loop.createFuture();
        finished.setResult("kept");
        Future<String> cancelled = loop.createFuture();
        cancelled.cancel("first");

        assertThat(finished.cancel()).isFalse();
        assertThat(finished.cancel("again")).isFalse();
        assertThat(cancelled.cancel("second")).isFalse();

        assertThat(finished.isCancelled()).isFalse();
        assertThat(finished.result()).isEqualTo("kept");
        assertThatThrownBy(cancelled::result).hasMessage("first");
    }

    @Test
    void completingACancelledFutureIsAnInvalidState() {
        Future<String> f = loop.createFuture();
        f.cancel();

        assertThatThrownBy(() -> f.setResult("late"))
                .isInstanceOf(InvalidStateError.class)
                .hasMessageContaining("cancelled");
        assertThatThrownBy(() -> f.setException(new RuntimeException()))
                .isInstanceOf(InvalidStateError.class);
        assertThat(f.isCancelled()).isTrue();
    }

    @Test
    void awaitingADoneFutureInATaskReturnsAtOnce() {
        Future<String> f = loop.createFuture();
        f.setResult("ready");

        String got = loop.runUntilComplete(() -> f.await() + "/" + f.await());

        assertThat(got).isEqualTo("ready/ready");
    }

    @Test
    void awaitingAFailedFutureInATaskRethrowsItsException() {
        Future<String> f = loop.createFuture();
        IllegalStateException boom = new IllegalStateException("boom");
        f.setException(boom);

        Throwable seen = loop.runUntilComplete(() -> {
            try {
                f.await();
                return null;
            } catch (IllegalStateException e) {
                return e;
            }
        });

        assertThat(seen).isSameAs(boom);
    }

    @Test
    void taskAwaitingAPendingFutureResumesWithTheResultSetByAnotherTask() {
        Future<Integer> f = loop.createFuture();

        int got = loop.runUntilComplete(() -> {
            Asyncio.createTask(() -> {
                Asyncio.sleep(1);
                f.setResult(42);
            });
            return f.await();
        });

        assertThat(got).isEqualTo(42);
        assertThat(loop.time()).isEqualTo(1.0);
    }

    // ------------------------------------------------------------ java.util.concurrent views

    @Test
    void getReturnsTheResultOfADoneFuture() throws Exception {
        Future<String> f = loop.createFuture();
        f.setResult("value");

        assertThat(f.get()).isEqualTo("value");
        assertThat(f.get(1, TimeUnit.MILLISECONDS)).isEqualTo("value");
        assertThat(f.resultNow()).isEqualTo("value");
    }

    @Test
    void getOfAFailedFutureThrowsExecutionExceptionWithTheCause() {
        Future<String> f = loop.createFuture();
        IOException io = new IOException("io");
        f.setException(io);

        assertThatThrownBy(f::get).isExactlyInstanceOf(ExecutionException.class).cause().isSameAs(io);
        assertThatThrownBy(() -> f.get(1, TimeUnit.SECONDS))
                .isExactlyInstanceOf(ExecutionException.class).cause().isSameAs(io);
        assertThat(f.exceptionNow()).isSameAs(io);
        assertThatThrownBy(f::resultNow).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void getOfACancelledFutureThrowsCancellationException() {
        Future<String> f = loop.createFuture();
        f.cancel("gone");

        assertThatThrownBy(f::get).isInstanceOf(CancellationException.class).hasMessage("gone");
        assertThatThrownBy(f::resultNow).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void getWithTimeoutOfAPendingFutureTimesOutFromAPlainThread() {
        Future<String> f = loop.createFuture();

        assertThatThrownBy(() -> f.get(1, TimeUnit.MILLISECONDS)).isInstanceOf(TimeoutException.class);
        assertThat(f.isDone()).isFalse();
    }

    @Test
    void juCancelCancelsTheFuture() {
        Future<String> f = loop.createFuture();

        assertThat(f.cancel(true)).isTrue();

        assertThat(f.isCancelled()).isTrue();
        assertThat(f.cancel(false)).isFalse();
    }

    @Test
    void toCompletableFutureOfADoneFutureIsCompletedAtOnce() {
        Future<String> ok = loop.createFuture();
        ok.setResult("ok");
        Future<String> failed = loop.createFuture();
        IllegalStateException boom = new IllegalStateException("boom");
        failed.setException(boom);
        Future<String> cancelled = loop.createFuture();
        cancelled.cancel("why");

        assertThat(ok.toCompletableFuture()).isCompletedWithValue("ok");
        CompletableFuture<String> cfFailed = failed.toCompletableFuture();
        assertThat(cfFailed).isCompletedExceptionally();
        assertThatThrownBy(cfFailed::join).isInstanceOf(CompletionException.class).cause().isSameAs(boom);
        CompletableFuture<String> cfCancelled = cancelled.toCompletableFuture();
        assertThat(cfCancelled).isCompletedExceptionally();
        assertThatThrownBy(cfCancelled::join).isInstanceOf(CancellationException.class);
    }

    @Test
    void toCompletableFutureOfAPendingFutureCompletesOnTheLoopWhenTheFutureDoes() {
        Future<String> f = loop.createFuture();
        CompletableFuture<String> cf = f.toCompletableFuture();

        f.setResult("later");
        assertThat(cf).isNotDone(); // the copy is a done callback: it runs on the loop

        drain();
        assertThat(cf).isCompletedWithValue("later");
    }

    @Test
    void cancellingTheCompletableFutureCancelsTheFuture() {
        Future<String> f = loop.createFuture();
        CompletableFuture<String> cf = f.toCompletableFuture();

        cf.cancel(false);

        assertThat(f.isCancelled()).isTrue();
        assertThat(cf).isCancelled();
    }
}
