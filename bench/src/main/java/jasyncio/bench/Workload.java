package jasyncio.bench;

import java.util.Locale;

/** The workloads of shared/bench/SPEC.md that this module runs, with their spec sizes. */
enum Workload {
    /** Create N tasks that each return an int at once, then one gather. */
    W1("spawn", 1_000_000, "tasks/s"),
    /** Two tasks hand a token back and forth through a one-slot channel; N round trips. */
    W2("pingpong", 1_000_000, "round trips/s"),
    /** N tasks each sleep d_i, uniform in [0, max delay], all started together. */
    W3("timers", 100_000, "timers/s"),
    /** Rounds of gather(10,000 tasks that each sleep(0) once); N tasks in all. */
    W4("fanout", 1_000_000, "tasks/s");

    final String title;
    final int defaultN;
    final String unit;

    Workload(String title, int defaultN, String unit) {
        this.title = title;
        this.defaultN = defaultN;
        this.unit = unit;
    }

    /** The workload named {@code id} ("W1" or "w1"), or an error listing the known ones. */
    static Workload parse(String id) {
        try {
            return valueOf(id.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new UsageError("unknown workload '" + id + "': this runner has W1, W2, W3, W4 (or 'all')");
        }
    }
}
