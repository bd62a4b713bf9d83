package jasyncio.bench;

import java.util.List;

/** The workloads' answer checks: a wrong answer fails the run instead of producing a rate. */
final class Checks {
    private Checks() {}

    /** {@code results} must be 0, 1, …, n-1. */
    static void indexes(List<Integer> results, int n) {
        equal("result count", results.size(), n);
        for (int i = 0; i < n; i++) {
            if (results.get(i) != i) throw new IllegalStateException("result " + i + " is " + results.get(i));
        }
    }

    static void equal(String what, long actual, long expected) {
        if (actual != expected) {
            throw new IllegalStateException(what + " is " + actual + ", expected " + expected);
        }
    }
}
