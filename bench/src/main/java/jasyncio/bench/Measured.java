package jasyncio.bench;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What one implementation measured in one run: how many items, the wall and CPU time of the
 * measured section, and workload-specific extras (in the order they should be printed).
 */
record Measured(long n, long wallNanos, long cpuNanos, Map<String, Object> extras) {
    Measured {
        extras = new LinkedHashMap<>(extras);
    }

    Measured(long n, Stopwatch.Lap lap) {
        this(n, lap, Map.of());
    }

    /** The lap's times, its allocation per item as {@code alloc_b_per_item}, then {@code extras}. */
    Measured(long n, Stopwatch.Lap lap, Map<String, Object> extras) {
        this(n, lap.wallNanos(), lap.cpuNanos(), withAllocation(n, lap, extras));
    }

    private static Map<String, Object> withAllocation(long n, Stopwatch.Lap lap, Map<String, Object> extras) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("alloc_b_per_item", lap.allocatedBytes() < 0 ? null : (double) lap.allocatedBytes() / n);
        m.putAll(extras);
        return m;
    }

    /** This measurement with {@code key} added to its extras. */
    Measured with(String key, Object value) {
        Map<String, Object> more = new LinkedHashMap<>(extras);
        more.put(key, value);
        return new Measured(n, wallNanos, cpuNanos, more);
    }
}
