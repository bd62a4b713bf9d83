package jasyncio.iter;

import static jasyncio.Asyncio.createTask;
import static jasyncio.Asyncio.currentTask;
import static jasyncio.Asyncio.sleep;
import static jasyncio.Asyncio.timeout;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import jasyncio.CancelledError;
import jasyncio.Future;
import jasyncio.Task;
import jasyncio.TimeoutError;
import jasyncio.internal.SelectorLoop;
import jasyncio.internal.VirtualClock;

/**
 * {@link AsyncGenerator}, re-expressed from CPython's test_asyncgen.py (AsyncGenAsyncioTest):
 * iteration with awaits, asend/athrow/aclose, finally blocks that await, the error messages, and
 * cancellation of the consumer reaching the body. On a virtual clock, so sleeps take no time.
 */
@Timeout(10)
class AsyncGeneratorTest {
    private final SelectorLoop loop = new SelectorLoop(new VirtualClock());
    private final List<Object> events = new ArrayList<>();

    @AfterEach
    void closeLoop() {
        loop.close();
    }

    private static <T> List<T> toList(Iterable<T> it) {
        List<T> out = new ArrayList<>();
        for (T v : it) out.add(v);
        return out;
    }

    @Test
    void aForEachCollectsTheValuesAcrossAwaits() {
        AsyncGenerator<Integer> gen = AsyncGenerator.of(out -> {
            out.yield(1);
            sleep(0.01);
            out.yield(2);
            sleep(0.01);
        });

        assertThat(loop.runUntilComplete(() -> toList(gen))).containsExactly(1, 2);
    }

    @Test
    void theBodysExceptionReachesTheConsumer() {
        AsyncGenerator<Integer> gen = AsyncGenerator.of(out -> {
            out.yield(1);
            sleep(0.01);
            out.yield(2);
            throw new ArithmeticException("/ by zero");
        });

        assertThatThrownBy(() -> loop.runUntilComplete(() -> toList(gen))).isInstanceOf(ArithmeticException.class);
    }

    @Test
    void stopAsyncIterationEscapingTheBodyBecomesAnIllegalState() {
        AsyncGenerator<Integer> gen = AsyncGenerator.of(out -> {
            out.yield(123);
            throw new StopAsyncIteration();
        });

        assertThatThrownBy(() -> loop.runUntilComplete(() -> toList(gen)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("async generator raised StopAsyncIteration");
    }

    private static AsyncGenerator<Integer> foo() {
        return AsyncGenerator.of(out -> {
            out.yield(1);
            sleep(0.01);
            try {
                out.yield(2);
                out.yield(3);
            } catch (ArithmeticException e) {
                out.yield(1000);
            }
            sleep(0.01);
            out.yield(4);
        });
    }

    @Test
    void anextAfterTheEndKeepsThrowingStopAsyncIteration() {
        loop.runUntilComplete(() -> {
            AsyncGenerator<Integer> it = foo();
            assertThat(List.of(it.anext(), it.anext(), it.anext(), it.anext())).containsExactly(1, 2, 3, 4);
            assertThatThrownBy(it::anext).isInstanceOf(StopAsyncIteration.class);
            assertThatThrownBy(it::anext).isInstanceOf(StopAsyncIteration.class);
        });
    }

    @Test
    void athrowIsRaisedAtTheYieldAndTheBodyMayYieldAgain() {
        loop.runUntilComplete(() -> {
            AsyncGenerator<Integer> it = foo();
            assertThat(it.anext()).isEqualTo(1);
            assertThat(it.anext()).isEqualTo(2);
            assertThat(it.athrow(new ArithmeticException())).isEqualTo(1000);
            assertThat(it.anext()).isEqualTo(4);
            assertThatThrownBy(it::anext).isInstanceOf(StopAsyncIteration.class);
        });
    }

    @Test
    void asendMakesTheValueTheResultOfTheYield() {
        loop.runUntilComplete(() -> {
            AsyncGenerator<Integer> it = AsyncGenerator.of(out -> {
                Object v = out.yield(1);
                v = out.yield((Integer) v);
                out.yield((Integer) v * 100);
            });
            assertThat(it.asend(null)).isEqualTo(1);
            assertThat(it.asend(10)).isEqualTo(10);
            assertThat(it.asend(12)).isEqualTo(1200);
            assertThatThrownBy(it::anext).isInstanceOf(StopAsyncIteration.class);
        });
    }

    @Test
    void sendingAValueToAJustStartedAsyncGeneratorFails() {
        loop.runUntilComplete(() -> {
            AsyncGenerator<Integer> it = AsyncGenerator.of(out -> out.yield(123));
            assertThatThrownBy(() -> it.asend(100))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("can't send non-None value to a just-started async generator");
        });
    }

    @Test
    void acloseRunsFinallyBlocksThatAwait() {
        loop.runUntilComplete(() -> {
            AsyncGenerator<Integer> gen = AsyncGenerator.of(out -> {
                try {
                    out.yield(1);
                    throw new ArithmeticException();
                } finally {
                    sleep(0.01);
                    sleep(0.01);
                    events.add("finally done");
                }
            });
            gen.anext();
            gen.aclose();
        });

        assertThat(events).containsExactly("finally done");
    }

    @Test
    void aBodyThatYieldsInFinallyMakesAcloseFail() {
        Throwable thrown = loop.runUntilComplete(() -> catchThrowable(() -> {
            AsyncGenerator<Integer> gen = AsyncGenerator.of(out -> {
                try {
                    out.yield(1);
                } finally {
                    sleep(0.01);
                    out.yield(12);
                }
            });
            gen.anext();
            gen.aclose();
        }));

        assertThat(thrown).isInstanceOf(IllegalStateException.class).hasMessage("async generator ignored GeneratorExit");
    }

    @Test
    void aBodyThatSwallowsGeneratorExitAndEndsClosesQuietly() {
        loop.runUntilComplete(() -> {
            AsyncGenerator<Void> g = AsyncGenerator.of(out -> {
                try {
                    out.yield(null);
                } catch (Throwable swallowed) {
                    events.add("caught " + swallowed.getClass().getSimpleName());
                }
                events.add("ended");
            });
            g.asend(null);
            g.aclose();
            events.add("closed");
        });

        assertThat(events).containsExactly("caught GeneratorExit", "ended", "closed");
    }

    @Test
    void aFinallyBlockMayAwaitATaskThatFails() {
        loop.runUntilComplete(() -> {
            AsyncGenerator<Integer> gen = AsyncGenerator.of(out -> {
                Task<Void> task = createTask(() -> {
                    sleep(0.01);
                    throw new ArithmeticException();
                });
                try {
                    out.yield(1);
                } finally {
                    try {
                        task.await();
                    } catch (ArithmeticException e) {
                        events.add("caught the task's error");
                    }
                }
            });
            gen.anext();
            gen.aclose();
        });

        assertThat(events).containsExactly("caught the task's error");
    }

    @Test
    void aCrashAfterAsendReachesTheConsumerAfterFinallyRan() {
        Throwable thrown = loop.runUntilComplete(() -> catchThrowable(() -> {
            AsyncGenerator<Integer> g = AsyncGenerator.of(out -> {
                try {
                    sleep(0.01);
                    Object v = out.yield(1);
                    sleep(0.01);
                    if (v != null) throw new ArithmeticException("crash");
                    out.yield(2);
                } finally {
                    sleep(0.01);
                    events.add("finally");
                }
            });
            assertThat(g.asend(null)).isEqualTo(1);
            g.asend(100);
        }));

        assertThat(thrown).isInstanceOf(ArithmeticException.class).hasMessage("crash");
        assertThat(events).containsExactly("finally");
    }

    @Test
    void aCancelledAwaitInsideTheBodyReachesTheConsumerAsCancelledError() {
        Throwable thrown = loop.runUntilComplete(() -> catchThrowable(() -> {
            AsyncGenerator<Integer> g = AsyncGenerator.of(out -> {
                try {
                    out.yield(1);
                    Future<Void> fut = loop.createFuture();
                    loop.callLater(0.005, fut::cancel);
                    fut.await();
                    out.yield(2);
                } finally {
                    sleep(0.01);
                    events.add("finally");
                }
            });
            g.anext();
            g.anext();
        }));

        assertThat(thrown).isInstanceOf(CancelledError.class);
        assertThat(events).containsExactly("finally");
    }

    @Test
    void athrowCaughtByTheBodyReturnsItsNextValue() {
        class FooEr extends RuntimeException {}
        loop.runUntilComplete(() -> {
            AsyncGenerator<Integer> g = AsyncGenerator.of(out -> {
                try {
                    sleep(0.01);
                    int v;
                    try {
                        v = (Integer) out.yield(1);
                    } catch (FooEr e) {
                        v = 1000;
                        sleep(0.01);
                    }
                    out.yield(v * 2);
                    sleep(0.01);
                } finally {
                    sleep(0.01);
                    events.add("finally");
                }
            });
            assertThat(g.asend(null)).isEqualTo(1);
            assertThat(g.athrow(new FooEr())).isEqualTo(2000);
            assertThatThrownBy(() -> g.asend(null)).isInstanceOf(StopAsyncIteration.class);
        });

        assertThat(events).containsExactly("finally");
    }

    @Test
    void athrowThatEndsTheBodyThrowsStopAsyncIteration() {
        loop.runUntilComplete(() -> {
            AsyncGenerator<Void> g = AsyncGenerator.of(out -> {
                try {
                    out.yield(null);
                } catch (Exception ignored) {
                    // ends quietly
                }
            });
            g.asend(null);
            assertThatThrownBy(() -> g.athrow(new IllegalArgumentException())).isInstanceOf(StopAsyncIteration.class);
            assertThatThrownBy(() -> g.athrow(new IllegalArgumentException())).isInstanceOf(StopAsyncIteration.class);
        });
    }

    @Test
    void athrowIntoAGeneratorThatDidNotStartThrowsHereAndEndsIt() {
        loop.runUntilComplete(() -> {
            AsyncGenerator<Integer> g = AsyncGenerator.of(out -> events.add("ran"));
            IllegalArgumentException boom = new IllegalArgumentException();
            assertThatThrownBy(() -> g.athrow(boom)).isSameAs(boom);
            assertThatThrownBy(g::anext).isInstanceOf(StopAsyncIteration.class);
        });

        assertThat(events).isEmpty();
    }

    @Test
    void acloseTwiceAfterTheEndOrBeforeTheStartIsFine() {
        loop.runUntilComplete(() -> {
            AsyncGenerator<Integer> exhausted = AsyncGenerator.of(out -> {
                out.yield(1);
                out.yield(2);
            });
            assertThat(toList(exhausted)).containsExactly(1, 2);
            exhausted.aclose();
            exhausted.aclose();

            AsyncGenerator<Integer> unstarted = AsyncGenerator.of(out -> events.add("ran"));
            unstarted.aclose();
            unstarted.aclose();
            assertThatThrownBy(unstarted::anext).isInstanceOf(StopAsyncIteration.class);
        });

        assertThat(events).isEmpty();
    }

    @Test
    void resumingItWhileItRunsFails() {
        loop.runUntilComplete(() -> {
            AsyncGenerator<Integer> g = AsyncGenerator.of(out -> {
                sleep(1);
                out.yield(1);
            });
            Task<Integer> first = createTask(g::anext);
            sleep(0);
            assertThat(g.isRunning()).isTrue();
            assertThatThrownBy(g::anext)
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessage("anext(): asynchronous generator is already running");
            assertThatThrownBy(g::aclose)
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessage("aclose(): asynchronous generator is already running");
            assertThat(first.await()).isEqualTo(1);
            g.aclose();
        });
    }

    @Test
    void breakingOutOfTheLoopInTryWithResourcesRunsTheFinallyBlocks() {
        loop.runUntilComplete(() -> {
            try (AsyncGenerator<Integer> gen = AsyncGenerator.of(out -> {
                try {
                    for (int i = 0; ; i++) {
                        out.yield(i);
                        sleep(0.01);
                    }
                } finally {
                    sleep(0.01);
                    events.add("finally");
                }
            })) {
                for (int v : gen) {
                    events.add(v);
                    if (v == 2) break;
                }
            }
        });

        assertThat(events).containsExactly(0, 1, 2, "finally");
    }

    @Test
    void cancellingTheConsumerCancelsTheBodyWhereItWaits() {
        loop.runUntilComplete(() -> {
            AsyncGenerator<Integer> gen = AsyncGenerator.of(out -> {
                try {
                    out.yield(1);
                    sleep(3600);
                    out.yield(2);
                } catch (CancelledError e) {
                    events.add("body cancelled: " + e.getMessage());
                    throw e;
                } finally {
                    sleep(0.01);
                    events.add("body finally");
                }
            });
            Task<Void> consumer = createTask(() -> {
                for (int v : gen) events.add("got " + v);
            });
            sleep(1);
            consumer.cancel("stop");
            assertThatThrownBy(consumer::await).isInstanceOf(CancelledError.class);
            assertThatThrownBy(gen::anext).isInstanceOf(StopAsyncIteration.class);
        });

        assertThat(events).containsExactly("got 1", "body cancelled: stop", "body finally");
    }

    @Test
    void aBodyThatSwallowsTheConsumersCancellationHandsItsNextValue() {
        loop.runUntilComplete(() -> {
            AsyncGenerator<String> gen = AsyncGenerator.of(out -> {
                try {
                    sleep(3600);
                } catch (CancelledError e) {
                    out.yield("yielded after the cancellation");
                }
            });
            Task<String> consumer = createTask(gen::anext);
            sleep(1);
            consumer.cancel();
            assertThat(consumer.await()).isEqualTo("yielded after the cancellation");
            gen.aclose();
        });
    }

    @Test
    void aTimeoutAroundTheLoopCancelsTheBodyAndBecomesTimeoutError() {
        loop.runUntilComplete(() -> {
            AsyncGenerator<Integer> ticks = AsyncGenerator.of(out -> {
                try {
                    for (int i = 0; ; i++) {
                        out.yield(i);
                        sleep(1);
                    }
                } finally {
                    events.add("body finally at " + loop.time());
                }
            });
            assertThatThrownBy(() -> timeout(2.5, () -> {
                for (int t : ticks) events.add(t);
            })).isInstanceOf(TimeoutError.class);
        });

        assertThat(events).containsExactly(0, 1, 2, "body finally at 2.5");
    }

    @Test
    void aHandOffLetsNoOtherTaskRunBetweenConsumerAndBody() {
        loop.runUntilComplete(() -> {
            createTask(() -> {
                for (int v : AsyncGenerator.<Integer>of(out -> {
                    for (int i = 0; i < 3; i++) {
                        events.add("body " + i);
                        out.yield(i);
                    }
                })) {
                    events.add("A got " + v);
                }
            });
            createTask(() -> events.add("B"));
            sleep(0);
            sleep(0);
        });

        assertThat(events).containsExactly("body 0", "A got 0", "body 1", "A got 1", "body 2", "A got 2", "B");
    }

    @Test
    void theBodyRunsAsAHelperTaskOfTheConsumersLoop() {
        loop.runUntilComplete(() -> {
            AsyncGenerator<Task<?>> gen = AsyncGenerator.of(out -> out.yield(currentTask()));
            Task<?> helper = gen.anext();
            assertThat(helper).isNotSameAs(currentTask());
            assertThat(helper.getName()).startsWith("asyncgen-");
            assertThat(helper.getLoop()).isSameAs(loop);
            gen.aclose();
        });
    }

    @Test
    void anotherTaskOrAPlainThreadMayResumeItLater() {
        loop.runUntilComplete(() -> {
            AsyncGenerator<String> gen = AsyncGenerator.of(out -> {
                out.yield("first");
                sleep(0.01);
                out.yield("second");
                out.yield("third"); // no timer: the virtual clock waits while a thread job runs
            });
            assertThat(gen.anext()).isEqualTo("first");
            assertThat(createTask(gen::anext).await()).isEqualTo("second");
            assertThat(jasyncio.Asyncio.toThread(gen::anext)).isEqualTo("third");
            assertThatThrownBy(gen::anext).isInstanceOf(StopAsyncIteration.class);
        });
    }

    @Test
    void theFirstIterationMustComeFromATask() {
        AsyncGenerator<Integer> gen = AsyncGenerator.of(out -> out.yield(1));

        assertThatThrownBy(gen::anext)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("first iterated from a task");
    }

    @Test
    void closingTheLoopClosesAGeneratorLeftSuspended() {
        loop.runUntilComplete(() -> {
            AsyncGenerator<Integer> gen = AsyncGenerator.of(out -> {
                try {
                    out.yield(1);
                } catch (GeneratorExit e) {
                    events.add("GeneratorExit");
                    throw e;
                } finally {
                    sleep(0.01);
                    events.add("finally");
                }
            });
            gen.anext();
        });

        loop.close();

        assertThat(events).containsExactly("GeneratorExit", "finally");
    }

    @Test
    void aSuspendedGeneratorNobodyReferencesIsClosedWhenCollected() {
        loop.runUntilComplete(() -> {
            startAndDrop();
            for (int i = 0; i < 200 && events.isEmpty(); i++) {
                System.gc();
                Thread.sleep(10); // real time: lets the cleaner thread schedule the aclose task
                sleep(0);
            }
        });

        assertThat(events).containsExactly("closed by GeneratorExit");
    }

    private void startAndDrop() {
        AsyncGenerator<Integer> gen = AsyncGenerator.of(out -> {
            try {
                out.yield(1);
            } catch (GeneratorExit e) {
                events.add("closed by GeneratorExit");
                throw e;
            }
        });
        gen.anext();
    }
}
