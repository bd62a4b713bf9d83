// twin of examples/python/s003_22_async_iterator.py
package jasyncio.examples;

import static jasyncio.Asyncio.run;
import static jasyncio.examples.Py.print;

import jasyncio.iter.AsyncIterator;
import jasyncio.iter.StopAsyncIteration;

/**
 * The same async iterator as s000_14: {@code __anext__} is {@link AsyncIterator#anext()}, which
 * may suspend and throws {@link StopAsyncIteration} at the end; {@code async for} is a for-each.
 * Prints 1 to 99.
 */
public final class S003_22AsyncIterator {
    /** 自定义异步迭代器（同时也是异步可迭代对象） */
    static final class Reader implements AsyncIterator<Integer> {
        private int count = 0;

        Integer readline() {
            // sleep(0.01);
            count += 1;
            if (count == 100) return null;
            return count;
        }

        @Override
        public Integer anext() {
            Integer val = readline();
            if (val == null) throw new StopAsyncIteration();
            return val;
        }
    }

    static void func() {
        Reader obj = new Reader();
        for (int item : obj) {
            print(item);
        }
    }

    public static void main(String[] args) {
        run(S003_22AsyncIterator::func);
    }
}
