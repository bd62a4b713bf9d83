package jasyncio.context;

import static jasyncio.Asyncio.sleep;
import static jasyncio.context.AsyncContextManager.with;
import static jasyncio.context.AsyncContextManager.withResult;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionException;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import jasyncio.internal.SelectorLoop;
import jasyncio.internal.VirtualClock;
import jasyncio.iter.StopAsyncIteration;

/**
 * {@link AsyncContextManager}: {@code with} and its exception rules, the setup/teardown builder,
 * and {@code fromGenerator} re-expressed from CPython's test_contextlib_async.py
 * (AsyncContextManagerTestCase).
 */
@Timeout(10)
class AsyncContextManagerTest {
    private final SelectorLoop loop = new SelectorLoop(new VirtualClock());
    private final List<Object> state = new ArrayList<>();

    @AfterEach
    void closeLoop() {
        loop.close();
    }

    /** Records its calls; its exit returns {@code suppress} or throws {@code exitError}. */
    private final class Recorder implements AsyncContextManager<String> {
        boolean suppress;
        RuntimeException exitError;
        Throwable seen;

        @Override
        public String enter() {
            sleep(0.01);
            state.add("enter");
            return "value";
        }

        @Override
        public boolean exit(Throwable error) {
            sleep(0.01);
            seen = error;
            state.add("exit");
            if (exitError != null) throw exitError;
            return suppress;
        }
    }

    @Test
    void theBlockGetsTheEnteredValueAndExitSeesNoError() {
        Recorder cm = new Recorder();

        loop.runUntilComplete(() -> with(cm, v -> state.add("block got " + v)));

        assertThat(state).containsExactly("enter", "block got value", "exit");
        assertThat(cm.seen).isNull();
        assertThat(loop.time()).isEqualTo(0.02);
    }

    @Test
    void exitSeesTheBlocksExceptionWhichPropagatesUnlessSuppressed() {
        Recorder cm = new Recorder();
        IllegalStateException boom = new IllegalStateException("boom");

        Throwable thrown = loop.runUntilComplete(() -> catchThrowable(() -> with(cm, v -> {
            throw boom;
        })));

        assertThat(thrown).isSameAs(boom);
        assertThat(cm.seen).isSameAs(boom);
    }

    @Test
    void anExitReturningTrueSuppressesTheBlocksException() {
        Recorder cm = new Recorder();
        cm.suppress = true;

        String result = loop.runUntilComplete(() -> withResult(cm, v -> {
            throw new IllegalStateException("suppressed");
        }));

        assertThat(result).isNull();
        assertThat(state).containsExactly("enter", "exit");
    }

    @Test
    void anExceptionFromExitReplacesTheBlocksWhichIsAttachedAsSuppressed() {
        Recorder cm = new Recorder();
        cm.exitError = new IllegalArgumentException("from exit");
        IllegalStateException fromBlock = new IllegalStateException("from block");

        Throwable thrown = loop.runUntilComplete(() -> catchThrowable(() -> with(cm, v -> {
            throw fromBlock;
        })));

        assertThat(thrown).isSameAs(cm.exitError);
        assertThat(thrown.getSuppressed()).containsExactly(fromBlock);
    }

    @Test
    void whenEnterFailsNeitherTheBlockNorExitRuns() {
        AsyncContextManager<String> cm = new AsyncContextManager<>() {
            @Override
            public String enter() {
                throw new IllegalStateException("cannot enter");
            }

            @Override
            public boolean exit(Throwable error) {
                state.add("exit");
                return false;
            }
        };

        assertThatThrownBy(() -> loop.runUntilComplete(() -> with(cm, v -> state.add("block"))))
                .hasMessage("cannot enter");
        assertThat(state).isEmpty();
    }

    @Test
    void withResultReturnsTheBlocksValue() {
        int length = loop.runUntilComplete(() -> withResult(new Recorder(), String::length));

        assertThat(length).isEqualTo(5);
    }

    @Test
    void aCheckedExceptionFromTheBlockArrivesWrapped() {
        Throwable thrown = loop.runUntilComplete(() -> catchThrowable(() -> with(new Recorder(), v -> {
            throw new IOException("disk");
        })));

        assertThat(thrown).isInstanceOf(CompletionException.class).hasCauseInstanceOf(IOException.class);
    }

    @Test
    void ofRunsTheTeardownWithTheSetupsValueWhateverTheBlockDid() {
        AsyncContextManager<String> cm = AsyncContextManager.of(() -> {
            sleep(0.01);
            return "conn";
        }, v -> state.add("teardown " + v));

        loop.runUntilComplete(() -> with(cm, v -> state.add("block " + v)));
        Throwable thrown = loop.runUntilComplete(() -> catchThrowable(() -> with(cm, v -> {
            throw new IllegalStateException("failed");
        })));

        assertThat(state).containsExactly("block conn", "teardown conn", "teardown conn");
        assertThat(thrown).hasMessage("failed");
    }

    // ---------------------------------------------------------------- @asynccontextmanager

    @Test
    void aGeneratorContextManagerRunsSetupBlockAndTeardownInOrder() {
        AsyncContextManager<Integer> woohoo = AsyncContextManager.fromGenerator(out -> {
            state.add(1);
            out.yield(42);
            state.add(999);
        });

        loop.runUntilComplete(() -> with(woohoo, x -> {
            assertThat(state).containsExactly(1);
            state.add(x);
        }));

        assertThat(state).containsExactly(1, 42, 999);
    }

    @Test
    void itsFinallyRunsWhenTheBlockFailsAndTheErrorPropagates() {
        AsyncContextManager<Integer> woohoo = AsyncContextManager.fromGenerator(out -> {
            state.add(1);
            try {
                out.yield(42);
            } finally {
                sleep(0.01);
                state.add(999);
            }
        });

        Throwable thrown = loop.runUntilComplete(() -> catchThrowable(() -> with(woohoo, x -> {
            state.add(x);
            throw new ArithmeticException();
        })));

        assertThat(thrown).isInstanceOf(ArithmeticException.class);
        assertThat(state).containsExactly(1, 42, 999);
    }

    @Test
    void aBodyThatCatchesTheBlocksErrorSuppressesIt() {
        AsyncContextManager<Integer> woohoo = AsyncContextManager.fromGenerator(out -> {
            state.add(1);
            try {
                out.yield(42);
            } catch (ArithmeticException e) {
                state.add(e.getMessage());
            }
        });

        loop.runUntilComplete(() -> with(woohoo, x -> {
            state.add(x);
            throw new ArithmeticException("999");
        }));

        assertThat(state).containsExactly(1, 42, "999");
    }

    @Test
    void exitWithAnErrorTheBodyLetsThroughReportsNotSuppressed() {
        loop.runUntilComplete(() -> {
            AsyncContextManager<Void> ctx = AsyncContextManager.fromGenerator(out -> out.yield(null));
            ctx.enter();
            assertThat(ctx.exit(new IllegalArgumentException("foo"))).isFalse();
        });
    }

    @Test
    void aBodyThatYieldsAgainAfterTheErrorFails() {
        loop.runUntilComplete(() -> {
            AsyncContextManager<Void> ctx = AsyncContextManager.fromGenerator(out -> {
                try {
                    out.yield(null);
                } catch (Exception e) {
                    out.yield(null);
                }
            });
            ctx.enter();
            assertThatThrownBy(() -> ctx.exit(new IllegalArgumentException("foo")))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessage("generator didn't stop after athrow()");
        });
    }

    @Test
    void aBodyThatNeverYieldsFailsToEnter() {
        loop.runUntilComplete(() -> {
            AsyncContextManager<Void> ctx = AsyncContextManager.fromGenerator(out -> { });
            assertThatThrownBy(ctx::enter).isInstanceOf(IllegalStateException.class).hasMessage("generator didn't yield");
        });
    }

    @Test
    void aBodyThatYieldsTwiceFailsToExit() {
        loop.runUntilComplete(() -> {
            AsyncContextManager<Void> ctx = AsyncContextManager.fromGenerator(out -> {
                out.yield(null);
                out.yield(null);
            });
            ctx.enter();
            assertThatThrownBy(() -> ctx.exit(null)).isInstanceOf(IllegalStateException.class).hasMessage("generator didn't stop");
        });
    }

    @Test
    void aDifferentErrorRaisedByTheBodyReplacesTheBlocks() {
        loop.runUntilComplete(() -> {
            AsyncContextManager<Void> ctx = AsyncContextManager.fromGenerator(out -> {
                try {
                    out.yield(null);
                } catch (IllegalStateException e) {
                    throw new UnsupportedOperationException("instead");
                }
            });
            ctx.enter();
            assertThatThrownBy(() -> ctx.exit(new IllegalStateException()))
                    .isInstanceOf(UnsupportedOperationException.class).hasMessage("instead");
        });
    }

    @Test
    void stopAsyncIterationRaisedInTheBlockPropagatesAsItself() {
        AsyncContextManager<Void> woohoo = AsyncContextManager.fromGenerator(out -> out.yield(null));
        StopAsyncIteration stop = new StopAsyncIteration("ham");

        Throwable thrown = loop.runUntilComplete(() -> catchThrowable(() -> with(woohoo, v -> {
            throw stop;
        })));

        assertThat(thrown).isSameAs(stop);
    }

    @Test
    void aBodyWrappingTheBlocksErrorThrowsTheWrapper() {
        AsyncContextManager<Void> woohoo = AsyncContextManager.fromGenerator(out -> {
            try {
                out.yield(null);
            } catch (RuntimeException e) {
                throw new IllegalStateException("caught " + e.getMessage(), e);
            }
        });

        Throwable thrown = loop.runUntilComplete(() -> catchThrowable(() -> with(woohoo, v -> {
            throw new ArithmeticException("/ by zero");
        })));

        assertThat(thrown).isInstanceOf(IllegalStateException.class).hasMessage("caught / by zero");
        // A wrapped StopAsyncIteration is unwrapped: the generator machinery wraps it the same way.
        StopAsyncIteration stop = new StopAsyncIteration();
        AsyncContextManager<Void> again = AsyncContextManager.fromGenerator(out -> {
            try {
                out.yield(null);
            } catch (RuntimeException e) {
                throw new IllegalStateException("caught", e);
            }
        });
        assertThat(loop.runUntilComplete(() -> catchThrowable(() -> with(again, v -> {
            throw stop;
        })))).isSameAs(stop);
    }
}
