// twin of examples/python/s003_01_plain_functions.py
package jasyncio.examples;

import static jasyncio.examples.Py.print;

/** Two plain functions called in turn: no event loop. */
public final class S003_01PlainFunctions {
    static void func1() {
        print(1);
        // ...
        print(2);
    }

    static void func2() {
        print(3);
        // ...
        print(4);
    }

    public static void main(String[] args) {
        func1();
        func2();
    }
}
