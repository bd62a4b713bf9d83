package jasyncio.bench;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * One JSON line of the spec: {@code {"impl","workload","n","seconds","rate","rss_mb","cpu_s",
 * "cpu_us_per_item", …extras}}, then the context needed to read it ({@code gc},
 * {@code heap_max_mb}, {@code java}, {@code jvm_flags}).
 *
 * @param rate         items per wall second
 * @param rssMb        peak RSS in MiB, or null where it cannot be read
 * @param cpuS         process CPU seconds of the measured section, or null where it cannot be read
 * @param cpuUsPerItem {@code cpuS * 1e6 / n}, or null
 */
record Result(String impl, Workload workload, long n, double seconds, double rate, Double rssMb, Double cpuS,
              Double cpuUsPerItem, Map<String, Object> extras) {

    /** A result from one measured run. */
    static Result of(String impl, Workload w, Measured m, Double rssMb) {
        double seconds = m.wallNanos() / 1e9;
        Double cpu = m.cpuNanos() < 0 ? null : m.cpuNanos() / 1e9;
        return new Result(impl, w, m.n(), seconds, m.n() / seconds, rssMb, cpu,
                cpu == null ? null : cpu * 1e6 / m.n(), m.extras());
    }

    /**
     * The median of {@code runs}, field by field (the mean of the middle two for an even count).
     * Numeric extras are medians too; other extras are the first run's. The line is marked
     * {@code "median":true,"runs":K}.
     */
    static Result median(List<Result> runs) {
        Result first = runs.getFirst();
        Map<String, Object> extras = new LinkedHashMap<>();
        extras.put("median", true);
        extras.put("runs", runs.size());
        for (Map.Entry<String, Object> e : first.extras.entrySet()) {
            String key = e.getKey();
            if (key.equals("run")) continue; // which run a line was; the median line has "runs"
            if (e.getValue() instanceof Number && runs.stream().allMatch(r -> r.extras.get(key) instanceof Number)) {
                extras.put(key, median(runs, r -> ((Number) r.extras.get(key)).doubleValue()));
            } else {
                extras.put(key, e.getValue());
            }
        }
        boolean allRss = runs.stream().allMatch(r -> r.rssMb != null);
        boolean allCpu = runs.stream().allMatch(r -> r.cpuS != null);
        // Each field is its own median; for an odd count seconds and rate come from the same run.
        return new Result(first.impl, first.workload, first.n,
                median(runs, Result::seconds), median(runs, Result::rate),
                allRss ? median(runs, Result::rssMb) : null,
                allCpu ? median(runs, Result::cpuS) : null,
                allCpu ? median(runs, Result::cpuUsPerItem) : null, extras);
    }

    static double median(List<Result> runs, ToDoubleFunction<Result> field) {
        double[] v = runs.stream().mapToDouble(field).toArray();
        Arrays.sort(v);
        int k = v.length / 2;
        return v.length % 2 == 1 ? v[k] : (v[k - 1] + v[k]) / 2;
    }

    /** The JSON line. */
    String toJson() {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("impl", impl);
        f.put("workload", workload.name());
        f.put("n", n);
        f.put("seconds", seconds);
        f.put("rate", rate);
        f.put("rss_mb", rssMb);
        f.put("cpu_s", cpuS);
        f.put("cpu_us_per_item", cpuUsPerItem);
        f.putAll(extras);
        f.put("gc", ProcessStats.gcName());
        f.put("heap_max_mb", ProcessStats.maxHeapMb());
        f.put("java", Runtime.version().toString());
        f.put("jvm_flags", ProcessStats.jvmFlags());
        return Json.object(f);
    }
}
