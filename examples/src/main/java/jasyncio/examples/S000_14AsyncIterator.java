// twin of examples/python/s000_14_async_iterator.py
package jasyncio.examples;

import static jasyncio.Asyncio.run;
import static jasyncio.examples.Py.print;

import jasyncio.iter.AsyncIterator;
import jasyncio.iter.StopAsyncIteration;

/**
 * An async iterator: {@code __anext__} is {@link AsyncIterator#anext()} (it may suspend), which
 * throws {@link StopAsyncIteration} at the end; {@code __aiter__} returning {@code self} is the
 * interface's default; {@code async for} is a for-each. Prints 1 to 99.
 */
public final class S000_14AsyncIterator {
    static final class Reader implements AsyncIterator<Integer> {
        private int count = 0;

        Integer readCount() {
            // sleep(0.01);
            count += 1;
            if (count == 100) return null;
            return count;
        }

        @Override
        public Integer anext() {
            Integer val = readCount();
            if (val == null) throw new StopAsyncIteration();
            return val;
        }
    }

    static void func() {
        Reader obj = new Reader();
        // async for 必须写在一个协程函数中
        for (int item : obj) {
            print(item);
        }
    }

    public static void main(String[] args) {
        run(S000_14AsyncIterator::func);
    }
}
