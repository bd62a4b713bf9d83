package jasyncio.bench;

/**
 * The size and knobs of one run of a workload.
 *
 * @param n          work items (tasks, round trips, timers), as the spec counts them
 * @param channel    W2's one-slot channel: {@code future} (a Future per hop) or {@code queue} (Queue(1))
 * @param maxDelayMs W3's largest sleep; the spec's is 1000 ms
 */
record Params(int n, String channel, int maxDelayMs) {
    /** W4 gathers this many tasks per round (the spec: 100 rounds of 10,000). */
    static final int FANOUT_WIDTH = 10_000;

    Params withN(int size) {
        return new Params(size, channel, maxDelayMs);
    }

    /** W4's rounds for {@link #n}: n / 10,000 rounds of 10,000, or one round of n if smaller. */
    int fanoutRounds() {
        return Math.max(1, n / FANOUT_WIDTH);
    }

    /** W4's gather width for {@link #n}. */
    int fanoutWidth() {
        return Math.min(n, FANOUT_WIDTH);
    }
}
