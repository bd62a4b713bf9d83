package jasyncio.bench;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/** W3's timer lateness: how long after its intended wake-up time each sleeper woke. */
final class Lateness {
    private Lateness() {}

    /**
     * {@code late_p50_ms}, {@code late_p99_ms}, {@code late_max_ms} of {@code lateNanos}
     * (nearest-rank percentiles; the array is sorted in place).
     */
    static Map<String, Object> summary(long[] lateNanos) {
        Arrays.sort(lateNanos);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("late_p50_ms", percentile(lateNanos, 50) / 1e6);
        m.put("late_p99_ms", percentile(lateNanos, 99) / 1e6);
        m.put("late_max_ms", lateNanos.length == 0 ? 0.0 : lateNanos[lateNanos.length - 1] / 1e6);
        return m;
    }

    private static double percentile(long[] sorted, int p) {
        if (sorted.length == 0) return 0;
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(0, rank - 1)];
    }

    /**
     * W3's sleeps in nanoseconds: uniform in [0, maxDelayMs] ms from {@code new Random(42)}. The
     * distribution is the spec's; the sequence is Java's, not the one Python's
     * {@code random.Random(42)} draws, so individual delays differ between implementations.
     */
    static long[] delaysNanos(int n, int maxDelayMs) {
        java.util.Random rnd = new java.util.Random(42);
        long[] d = new long[n];
        for (int i = 0; i < n; i++) d[i] = (long) (rnd.nextDouble() * maxDelayMs * 1_000_000L);
        return d;
    }
}
