package jasyncio.context;

import static jasyncio.Asyncio.sleep;
import static jasyncio.context.AsyncContextManager.with;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import jasyncio.internal.SelectorLoop;
import jasyncio.internal.VirtualClock;

/**
 * {@link AsyncExitStack}, re-expressed from CPython's test_contextlib.py (TestBaseExitStack) and
 * test_contextlib_async.py (TestAsyncExitStack): reverse order, what each callback sees,
 * suppression, and exception chaining (Python's {@code __context__} is a suppressed exception).
 */
@Timeout(10)
class AsyncExitStackTest {
    private final SelectorLoop loop = new SelectorLoop(new VirtualClock());
    private final List<Object> result = new ArrayList<>();

    @AfterEach
    void closeLoop() {
        loop.close();
    }

    private static AsyncExitStack.ExitCallback raising(RuntimeException e) {
        return error -> {
            throw e;
        };
    }

    @Test
    void anEmptyStackExitsQuietly() {
        loop.runUntilComplete(() -> with(new AsyncExitStack(), stack -> result.add("body")));

        assertThat(result).containsExactly("body");
    }

    @Test
    void callbacksRunInReverseOrderAndMaySuspend() {
        loop.runUntilComplete(() -> with(new AsyncExitStack(), stack -> {
            for (int i = 1; i <= 3; i++) {
                int n = i;
                stack.callback(() -> {
                    sleep(0.01);
                    result.add(n + "@" + loop.time());
                });
            }
        }));

        assertThat(result).containsExactly("3@0.01", "2@0.02", "1@0.03");
    }

    @Test
    void pushedExitsSeeTheExceptionInFlightAndMaySuppressIt() {
        ArithmeticException raised = new ArithmeticException();
        List<Object> seen = new ArrayList<>();

        loop.runUntilComplete(() -> with(new AsyncExitStack(), stack -> {
            stack.push(e -> seen.add("expect ok: " + e) && false);
            stack.push(e -> true);
            stack.push(e -> seen.add("expect the error: " + (e == raised)) && false);
            throw raised;
        }));

        assertThat(seen).containsExactly("expect the error: true", "expect ok: null");
    }

    @Test
    void enteredContextsExitBeforeEarlierCallbacks() {
        AsyncContextManager<Void> cm = new AsyncContextManager<>() {
            @Override
            public Void enter() {
                result.add(1);
                return null;
            }

            @Override
            public boolean exit(Throwable error) {
                result.add(3);
                return false;
            }
        };

        loop.runUntilComplete(() -> with(new AsyncExitStack(), stack -> {
            stack.callback(() -> result.add(4));
            stack.enterAsyncContext(cm);
            result.add(2);
        }));

        assertThat(result).containsExactly(1, 2, 3, 4);
    }

    @Test
    void aContextThatFailsToEnterIsNotPushed() {
        AsyncContextManager<Void> failing = new AsyncContextManager<>() {
            @Override
            public Void enter() {
                throw new IllegalStateException("no");
            }

            @Override
            public boolean exit(Throwable error) {
                result.add("exit of a context never entered");
                return false;
            }
        };

        loop.runUntilComplete(() -> with(new AsyncExitStack(), stack -> {
            assertThatThrownBy(() -> stack.enterAsyncContext(failing)).hasMessage("no");
            assertThat(stack.toString()).contains("0 callback(s)");
        }));

        assertThat(result).isEmpty();
    }

    @Test
    void enterContextClosesAutoCloseablesLastFirst() {
        loop.runUntilComplete(() -> {
            try (AsyncExitStack stack = new AsyncExitStack()) {
                stack.enterContext(() -> result.add("close a"));
                stack.enterContext(() -> result.add("close b"));
            }
        });

        assertThat(result).containsExactly("close b", "close a");
    }

    @Test
    void acloseUnwindsNowAndEmptiesTheStack() {
        loop.runUntilComplete(() -> with(new AsyncExitStack(), stack -> {
            stack.callback(() -> result.add(1));
            stack.aclose();
            result.add(2);
        }));

        assertThat(result).containsExactly(1, 2);
    }

    @Test
    void popAllMovesTheCallbacksToANewStack() {
        AsyncExitStack[] moved = new AsyncExitStack[1];
        loop.runUntilComplete(() -> {
            with(new AsyncExitStack(), stack -> {
                stack.callback(() -> result.add(3));
                moved[0] = stack.popAll();
                result.add(1);
            });
            result.add(2);
            moved[0].aclose();
        });

        assertThat(result).containsExactly(1, 2, 3);
    }

    @Test
    void anExitThatDoesNotSuppressLetsTheErrorThrough() {
        assertThatThrownBy(() -> loop.runUntilComplete(() -> with(new AsyncExitStack(), stack -> {
            stack.push(e -> false);
            throw new ArithmeticException();
        }))).isInstanceOf(ArithmeticException.class);
    }

    @Test
    void anExitThatSuppressesSwallowsTheBlocksError() {
        loop.runUntilComplete(() -> with(new AsyncExitStack(), stack -> {
            stack.push(e -> true);
            throw new ArithmeticException();
        }));
    }

    @Test
    void exceptionsFromCallbacksChainAsNestedBlocksWould() {
        IndexOutOfBoundsException indexError = new IndexOutOfBoundsException();
        IllegalArgumentException keyError = new IllegalArgumentException("key");
        UnsupportedOperationException attributeError = new UnsupportedOperationException();
        IllegalStateException valueError = new IllegalStateException("value");
        ArithmeticException zeroDivision = new ArithmeticException();
        Throwable[] savedByTheSuppressor = new Throwable[1];

        Throwable thrown = loop.runUntilComplete(() -> catchThrowable(() -> with(new AsyncExitStack(), stack -> {
            stack.push(raising(indexError));
            stack.push(raising(keyError));
            stack.push(raising(attributeError));
            stack.push(e -> {
                savedByTheSuppressor[0] = e;
                return true;
            });
            stack.push(raising(valueError));
            throw zeroDivision;
        })));

        assertThat(thrown).isSameAs(indexError);
        assertThat(indexError.getSuppressed()).containsExactly(keyError);
        assertThat(keyError.getSuppressed()).containsExactly(attributeError);
        assertThat(attributeError.getSuppressed()).isEmpty(); // what it replaced had been suppressed
        assertThat(savedByTheSuppressor[0]).isSameAs(valueError);
        assertThat(valueError.getSuppressed()).containsExactly(zeroDivision);
    }

    @Test
    void aCallbackErrorIsRaisedEvenWithoutABlockError() {
        Throwable first = loop.runUntilComplete(() -> catchThrowable(() -> with(new AsyncExitStack(), stack -> {
            stack.callback(() -> { });
            stack.push(raising(new IndexOutOfBoundsException()));
        })));
        Throwable second = loop.runUntilComplete(() -> catchThrowable(() -> with(new AsyncExitStack(), stack -> {
            stack.push(raising(new IllegalArgumentException("key")));
            stack.push(e -> true);
            stack.push(raising(new IndexOutOfBoundsException()));
        })));

        assertThat(first).isInstanceOf(IndexOutOfBoundsException.class);
        assertThat(second).isInstanceOf(IllegalArgumentException.class).hasMessage("key");
    }

    @Test
    void teardownsThatRaiseInFinallyChainEachOnce() {
        RuntimeException exc1 = new RuntimeException("1");
        RuntimeException exc2 = new RuntimeException("2");
        RuntimeException exc3 = new RuntimeException("3");
        RuntimeException exc4 = new RuntimeException("4");

        Throwable thrown = loop.runUntilComplete(() -> catchThrowable(() -> with(new AsyncExitStack(), stack -> {
            stack.enterAsyncContext(raisingInFinally(exc4));
            stack.enterAsyncContext(raisingInFinally(exc3));
            stack.enterAsyncContext(raisingInFinally(exc2));
            throw exc1;
        })));

        assertThat(thrown).isSameAs(exc4);
        assertThat(chained(exc4)).containsExactly(exc3);
        assertThat(chained(exc3)).containsExactly(exc2);
        assertThat(chained(exc2)).containsExactly(exc1);
        assertThat(chained(exc1)).isEmpty();
    }

    /** The suppressed exceptions, without the "awaited in" records of where a generator's error was read. */
    private static List<Throwable> chained(Throwable t) {
        return java.util.Arrays.stream(t.getSuppressed())
                .filter(s -> !s.getClass().getSimpleName().equals("AwaitedAt"))
                .toList();
    }

    private static AsyncContextManager<Void> raisingInFinally(RuntimeException exc) {
        return AsyncContextManager.fromGenerator(out -> {
            try {
                out.yield(null);
            } finally {
                throw exc;
            }
        });
    }

    @Test
    void aCallbackThatRethrowsWhatItSawIsNotChainedToItself() {
        IllegalStateException boom = new IllegalStateException();

        Throwable thrown = loop.runUntilComplete(() -> catchThrowable(() -> with(new AsyncExitStack(), stack -> {
            stack.push(e -> {
                throw (RuntimeException) e;
            });
            throw boom;
        })));

        assertThat(thrown).isSameAs(boom);
        assertThat(boom.getSuppressed()).isEmpty();
    }

    @Test
    void suppressingTheBlocksErrorAlsoSuppressesCallbackErrorsBeforeIt() {
        loop.runUntilComplete(() -> with(new AsyncExitStack(), stack -> {
            stack.push(e -> true);
            stack.push(raising(new ArithmeticException()));
            stack.push(raising(new IndexOutOfBoundsException()));
        }));
    }

    @Test
    void tenThousandCallbacksUnwindWithoutDeepRecursion() {
        int[] ran = new int[1];

        loop.runUntilComplete(() -> with(new AsyncExitStack(), stack -> {
            for (int i = 0; i < 10_000; i++) stack.callback(() -> ran[0]++);
        }));

        assertThat(ran[0]).isEqualTo(10_000);
    }

    @Test
    void exitReportsWhetherTheBlocksErrorWasSuppressed() throws Exception {
        AsyncExitStack suppressing = new AsyncExitStack();
        suppressing.push(e -> true);
        AsyncExitStack passing = new AsyncExitStack();
        passing.push(e -> false);
        AsyncExitStack idle = new AsyncExitStack();
        idle.push(e -> true);

        assertThat(suppressing.exit(new ArithmeticException())).isTrue();
        assertThat(passing.exit(new ArithmeticException())).isFalse();
        assertThat(idle.exit(null)).isFalse();
    }
}
