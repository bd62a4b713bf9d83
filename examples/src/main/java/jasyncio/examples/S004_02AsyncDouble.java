// twin of examples/python/s004_02_async_double.py
package jasyncio.examples;

/**
 * An async function, only defined. jasyncio's functions are colourless: {@code async def} is
 * an ordinary method, which may suspend when called from a task. Prints nothing.
 */
public final class S004_02AsyncDouble {
    static int asyncDouble(int x) {  // async def async_double(x)
        return 2 * x;
    }

    public static void main(String[] args) {
        // the Python module only defines async_double
    }
}
