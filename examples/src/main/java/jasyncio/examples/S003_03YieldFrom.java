// twin of examples/python/s003_03_yield_from.py
package jasyncio.examples;

import static jasyncio.examples.Py.print;

import jasyncio.iter.Generator;

/**
 * Generators: {@code yield x} is {@code out.yield(x)} and {@code yield from func2()} is
 * {@code out.yieldFrom(func2())}; the body runs lazily as the for-each asks for values. No event
 * loop is involved. The output is 1 3 4 2.
 */
public final class S003_03YieldFrom {
    // 生成器函数
    static Generator<Integer> func1() {
        return Generator.of(out -> {
            out.yield(1);
            out.yieldFrom(func2());  // 跳到func2
            out.yield(2);
        });
    }

    static Generator<Integer> func2() {
        return Generator.of(out -> {
            out.yield(3);
            out.yield(4);
        });
    }

    public static void main(String[] args) {
        // 返回生成器
        Generator<Integer> f1 = func1();
        for (int item : f1) {
            print(item);
        }
    }
}
