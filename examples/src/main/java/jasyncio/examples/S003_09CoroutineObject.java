// twin of examples/python/s003_09_coroutine_object.py
package jasyncio.examples;

import jasyncio.VoidCoroutine;

/**
 * Calling an async function only makes a coroutine object; nothing runs and nothing is printed.
 * (CPython also warns on stderr that the coroutine was never awaited; a Java lambda that is
 * never called has no such warning.)
 */
public final class S003_09CoroutineObject {
    static void func() {
        // pass
    }

    public static void main(String[] args) {
        VoidCoroutine result = S003_09CoroutineObject::func;
    }
}
