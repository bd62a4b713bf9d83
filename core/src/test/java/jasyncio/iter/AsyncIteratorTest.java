package jasyncio.iter;

import static jasyncio.Asyncio.sleep;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import jasyncio.internal.SelectorLoop;
import jasyncio.internal.VirtualClock;

/**
 * {@link AsyncIterator} and {@link AsyncIterable}: {@code async for} as a for-each whose
 * {@code hasNext()} suspends, {@code anext(it, default)}, and {@code __aiter__} returning an async
 * generator (from CPython's test_asyncgen.py, check_async_iterator_anext and friends).
 */
@Timeout(10)
class AsyncIteratorTest {
    private final SelectorLoop loop = new SelectorLoop(new VirtualClock());

    @AfterEach
    void closeLoop() {
        loop.close();
    }

    /** Asynchronously yields 1, then 2 (MyAsyncIter). */
    static final class MyAsyncIter implements AsyncIterator<Integer> {
        private int yielded;

        @Override
        public Integer anext() {
            sleep(0.01);
            if (yielded >= 2) throw new StopAsyncIteration();
            return ++yielded;
        }
    }

    @Test
    void aForEachOverAnAsyncIteratorSuspendsInHasNext() {
        List<Object> seen = loop.runUntilComplete(() -> {
            List<Object> out = new ArrayList<>();
            for (int v : new MyAsyncIter()) out.add(v + "@" + loop.time());
            return out;
        });

        assertThat(seen).containsExactly("1@0.01", "2@0.02");
    }

    @Test
    void anextOrDefaultGivesTheDefaultAtTheEnd() {
        loop.runUntilComplete(() -> {
            MyAsyncIter it = new MyAsyncIter();
            assertThat(it.anextOrDefault(0)).isEqualTo(1);
            assertThat(it.anextOrDefault(0)).isEqualTo(2);
            assertThat(it.anextOrDefault(-1)).isEqualTo(-1);
            assertThat(it.anextOrDefault(-1)).isEqualTo(-1);
            assertThatThrownBy(it::anext).isInstanceOf(StopAsyncIteration.class);
        });
    }

    @Test
    void anAsyncGeneratorGivesTheDefaultToo() {
        loop.runUntilComplete(() -> {
            AsyncGenerator<Integer> g = AsyncGenerator.of(out -> {
                out.yield(1);
                out.yield(2);
            });
            assertThat(List.of(g.anext(), g.anext(), g.anextOrDefault(99))).containsExactly(1, 2, 99);
        });
    }

    @Test
    void anIterableWhoseAiterIsAnAsyncGeneratorWorksInAForEach() {
        AsyncIterable<Integer> gen = () -> AsyncGenerator.of(out -> {
            out.yield(1);
            sleep(0.01);
            out.yield(2);
        });

        List<Integer> seen = loop.runUntilComplete(() -> {
            List<Integer> out = new ArrayList<>();
            for (int v : gen) out.add(v);
            return out;
        });

        assertThat(seen).containsExactly(1, 2);
    }

    @Test
    void anIteratorIsItsOwnAiter() {
        MyAsyncIter it = new MyAsyncIter();

        assertThat(it.aiter()).isSameAs(it);
    }

    @Test
    void theJavaIteratorFetchesOnceAndEndsWithNoSuchElement() {
        loop.runUntilComplete(() -> {
            Iterator<Integer> it = new MyAsyncIter().iterator();
            assertThat(it.hasNext()).isTrue();
            assertThat(it.hasNext()).isTrue(); // the fetched value waits for next()
            assertThat(it.next()).isEqualTo(1);
            assertThat(it.next()).isEqualTo(2);
            assertThat(it.hasNext()).isFalse();
            assertThatThrownBy(it::next).isInstanceOf(NoSuchElementException.class);
        });
    }
}
