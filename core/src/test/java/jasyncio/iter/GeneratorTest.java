package jasyncio.iter;

import static jasyncio.Asyncio.createTask;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.CompletionException;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import jasyncio.internal.SelectorLoop;
import jasyncio.internal.VirtualClock;

/**
 * {@link Generator}: laziness, {@code yield from} delegation (PEP 380), send/throw/close and the
 * errors of Python's generators, outside any loop and inside a task.
 */
@Timeout(10)
class GeneratorTest {
    private final List<Object> events = new ArrayList<>();

    private static List<Object> drain(Iterable<?> it) {
        List<Object> out = new ArrayList<>();
        for (Object o : it) out.add(o);
        return out;
    }

    private static Generator<Integer> func2() {
        return Generator.of(out -> {
            out.yield(3);
            out.yield(4);
        });
    }

    @Test
    void nothingRunsUntilTheFirstValueIsAskedFor() {
        Generator<String> gen = Generator.of(out -> {
            events.add("body started");
            out.yield("a");
        });
        assertThat(events).isEmpty();

        assertThat(gen.next()).isEqualTo("a");
        assertThat(events).containsExactly("body started");
    }

    @Test
    void valuesArriveOneAtATimeInterleavedWithTheCaller() {
        Generator<Integer> gen = Generator.of(out -> {
            for (int i = 1; i <= 2; i++) {
                events.add("body yields " + i);
                out.yield(i);
            }
            events.add("body ends");
        });

        for (int v : gen) events.add("caller got " + v);

        assertThat(events).containsExactly("body yields 1", "caller got 1", "body yields 2", "caller got 2", "body ends");
    }

    @Test
    void yieldFromDelegatesToAnotherGeneratorInPlace() {
        Generator<Integer> func1 = Generator.of(out -> {
            out.yield(1);
            out.yieldFrom(func2());
            out.yield(2);
        });

        assertThat(drain(func1)).containsExactly(1, 3, 4, 2);
    }

    @Test
    void yieldFromGivesTheDelegatesReturnValue() {
        Generator<String> inner = Generator.returning(out -> {
            out.yield("x");
            return 42;
        });
        Generator<String> outer = Generator.of(out -> events.add("inner returned " + out.yieldFrom(inner)));

        assertThat(drain(outer)).containsExactly("x");
        assertThat(events).containsExactly("inner returned 42");
        assertThat(inner.returnValue()).isEqualTo(42);
    }

    @Test
    void yieldFromAPlainIterableYieldsItsValues() {
        Generator<Integer> gen = Generator.of(out -> out.yieldFrom(List.of(7, 8)));

        assertThat(drain(gen)).containsExactly(7, 8);
    }

    @Test
    void sendMakesTheValueTheResultOfTheYield() {
        Generator<Integer> gen = Generator.of(out -> {
            Object v = out.yield(1);
            out.yield((Integer) v * 2);
        });

        assertThat(gen.send(null)).isEqualTo(1);
        assertThat(gen.send(100)).isEqualTo(200);
        assertThatThrownBy(() -> gen.send(null)).isInstanceOf(NoSuchElementException.class);
    }

    @Test
    void sendingAValueToAJustStartedGeneratorFails() {
        Generator<Integer> gen = Generator.of(out -> out.yield(1));

        assertThatThrownBy(() -> gen.send(5))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("can't send non-None value to a just-started generator");
    }

    @Test
    void throwIntoRaisesAtTheYieldAndTheBodyMayRecover() {
        class FooEr extends RuntimeException {}
        Generator<Integer> gen = Generator.of(out -> {
            int v;
            try {
                v = (Integer) out.yield(1);
            } catch (FooEr e) {
                v = 1000;
            }
            out.yield(v * 2);
        });

        assertThat(gen.next()).isEqualTo(1);
        assertThat(gen.throwInto(new FooEr())).isEqualTo(2000);
        assertThat(gen.hasNext()).isFalse();
    }

    @Test
    void throwIntoAGeneratorThatDidNotStartThrowsHereAndEndsIt() {
        Generator<Integer> gen = Generator.of(out -> {
            events.add("ran");
            out.yield(1);
        });
        IllegalStateException boom = new IllegalStateException("boom");

        assertThatThrownBy(() -> gen.throwInto(boom)).isSameAs(boom);
        assertThat(gen.hasNext()).isFalse();
        assertThat(events).isEmpty();
    }

    @Test
    void aCheckedExceptionThrownInArrivesAsItself() {
        Generator<String> gen = Generator.of(out -> {
            try {
                out.yield("first");
            } catch (Exception e) {
                out.yield("caught " + e.getClass().getSimpleName());
            }
        });
        gen.next();

        assertThat(gen.throwInto(new IOException("io"))).isEqualTo("caught IOException");
    }

    @Test
    void closeRunsTheFinallyBlocksOfASuspendedBody() {
        Generator<Integer> gen = Generator.of(out -> {
            try {
                out.yield(1);
                events.add("after yield");
            } catch (GeneratorExit e) {
                events.add("GeneratorExit");
                throw e;
            } finally {
                events.add("finally");
            }
        });
        gen.next();

        gen.close();

        assertThat(events).containsExactly("GeneratorExit", "finally");
        assertThat(gen.hasNext()).isFalse();
    }

    @Test
    void closingAGeneratorThatDidNotStartNeverRunsItAndClosingTwiceIsFine() {
        Generator<Integer> gen = Generator.of(out -> events.add("ran"));

        gen.close();
        gen.close();

        assertThat(gen.hasNext()).isFalse();
        assertThat(events).isEmpty();
    }

    @Test
    void aBodyThatYieldsWhenClosedMakesCloseFail() {
        Generator<Integer> gen = Generator.of(out -> {
            try {
                out.yield(1);
            } catch (Throwable ignored) {
                // swallows GeneratorExit
            }
            out.yield(2);
        });
        gen.next();

        assertThatThrownBy(gen::close)
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("generator ignored GeneratorExit");
    }

    @Test
    void breakingOutOfTheLoopInTryWithResourcesRunsFinally() {
        try (Generator<Integer> gen = Generator.of(out -> {
            try {
                for (int i = 0; ; i++) out.yield(i);
            } finally {
                events.add("finally");
            }
        })) {
            for (int v : gen) {
                if (v == 2) break;
            }
        }

        assertThat(events).containsExactly("finally");
    }

    @Test
    void theBodysExceptionReachesTheCallerAndEndsTheGenerator() {
        Generator<Integer> gen = Generator.of(out -> {
            out.yield(1);
            throw new ArithmeticException("/ by zero");
        });
        gen.next();

        assertThatThrownBy(gen::next).isInstanceOf(ArithmeticException.class).hasMessage("/ by zero");
        assertThat(gen.hasNext()).isFalse();
    }

    @Test
    void aCheckedExceptionFromTheBodyArrivesWrapped() {
        Generator<Integer> gen = Generator.of(out -> {
            throw new IOException("disk");
        });

        assertThatThrownBy(gen::next).isInstanceOf(CompletionException.class).hasCauseInstanceOf(IOException.class);
    }

    @Test
    void aBodyMayYieldFromFinallyWhileItsExceptionWaits() {
        Generator<Integer> gen = Generator.of(out -> {
            try {
                out.yield(1);
                throw new ArithmeticException();
            } finally {
                out.yield(2);
                out.yield(3);
            }
        });
        List<Object> seen = new ArrayList<>();
        while (true) {
            try {
                if (!gen.hasNext()) break;
                seen.add(gen.next());
            } catch (ArithmeticException e) {
                seen.add("ArithmeticException");
            }
        }

        assertThat(seen).containsExactly(1, 2, 3, "ArithmeticException");
    }

    @Test
    void noSuchElementEscapingTheBodyBecomesAnIllegalState() {
        Generator<Integer> gen = Generator.of(out -> List.<Integer>of().iterator().next());

        assertThatThrownBy(gen::next)
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("generator raised StopIteration")
                .hasCauseInstanceOf(NoSuchElementException.class);
    }

    @Test
    void resumingAGeneratorFromItsOwnBodyFails() {
        Generator<?>[] self = new Generator<?>[1];
        Generator<Integer> gen = Generator.of(out -> {
            try {
                self[0].next();
            } catch (IllegalStateException e) {
                events.add(e.getMessage());
            }
        });
        self[0] = gen;

        assertThat(gen.hasNext()).isFalse();
        assertThat(events).containsExactly("generator already executing");
    }

    @Test
    void delegationForwardsThrowIntoAndCloseToTheDelegate() {
        Generator<String> inner = Generator.of(out -> {
            try {
                out.yield("inner 1");
            } catch (IllegalArgumentException e) {
                out.yield("inner caught " + e.getMessage());
            }
            try {
                out.yield("inner 2");
            } finally {
                events.add("inner finally");
            }
        });
        Generator<String> outer = Generator.of(out -> {
            try {
                out.yieldFrom(inner);
            } finally {
                events.add("outer finally");
            }
        });

        assertThat(outer.next()).isEqualTo("inner 1");
        assertThat(outer.throwInto(new IllegalArgumentException("x"))).isEqualTo("inner caught x");
        assertThat(outer.next()).isEqualTo("inner 2");
        outer.close();

        assertThat(events).containsExactly("inner finally", "outer finally");
    }

    @Test
    void insideATaskTheBodyRunsWithNoOtherTaskInBetween() {
        SelectorLoop loop = new SelectorLoop(new VirtualClock());
        try {
            loop.runUntilComplete(() -> {
                createTask(() -> {
                    for (int v : Generator.<Integer>of(out -> {
                        for (int i = 0; i < 3; i++) {
                            events.add("body " + i);
                            out.yield(i);
                        }
                    })) {
                        events.add("A got " + v);
                    }
                });
                createTask(() -> events.add("B"));
                jasyncio.Asyncio.sleep(0);
                jasyncio.Asyncio.sleep(0);
            });
        } finally {
            loop.close();
        }

        assertThat(events).containsExactly("body 0", "A got 0", "body 1", "A got 1", "body 2", "A got 2", "B");
    }

    @Test
    void aSuspendedGeneratorNobodyReferencesIsClosedWhenCollected() throws InterruptedException {
        List<String> log = java.util.Collections.synchronizedList(new ArrayList<>());
        startAndDrop(log);

        for (int i = 0; i < 200 && log.isEmpty(); i++) {
            System.gc();
            Thread.sleep(10);
        }

        assertThat(log).containsExactly("closed by GeneratorExit");
    }

    private static void startAndDrop(List<String> log) {
        Generator<Integer> gen = Generator.of(out -> {
            try {
                out.yield(1);
            } catch (GeneratorExit e) {
                log.add("closed by GeneratorExit");
                throw e;
            }
        });
        gen.next();
    }
}
