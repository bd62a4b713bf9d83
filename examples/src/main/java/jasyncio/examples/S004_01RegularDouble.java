// twin of examples/python/s004_01_regular_double.py
package jasyncio.examples;

/** A standard synchronous function, only defined. Prints nothing. */
public final class S004_01RegularDouble {
    static int regularDouble(int x) {
        return 2 * x;
    }

    public static void main(String[] args) {
        // the Python module only defines regular_double
    }
}
