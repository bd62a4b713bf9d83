package jasyncio.bench;

/**
 * One way of running the workloads: jasyncio, plain JDK virtual threads, or the floor (the
 * same bookkeeping in a plain loop, no suspension). Each run measures only its workload's
 * section with a {@link Stopwatch} (not JVM start-up, not the loop's creation and close) and
 * checks its own answer, failing loudly rather than reporting a rate for wrong work.
 */
interface Implementation {
    /** The {@code "impl"} of the JSON lines and the {@code --impl} value. */
    String name();

    /** Why {@code w} with {@code p} cannot run here, or null if it can. */
    default String whyNot(Workload w, Params p) {
        return null;
    }

    /** Runs {@code w} once with {@code p}. */
    default Measured run(Workload w, Params p) throws Exception {
        return switch (w) {
            case W1 -> spawn(p);
            case W2 -> pingpong(p);
            case W3 -> timers(p);
            case W4 -> fanout(p);
        };
    }

    Measured spawn(Params p) throws Exception;

    Measured pingpong(Params p) throws Exception;

    Measured timers(Params p) throws Exception;

    Measured fanout(Params p) throws Exception;

    /** The implementations by name: jasyncio, jdk-vthreads, floor. */
    static Implementation named(String name) {
        return switch (name) {
            case JasyncioWorkloads.NAME -> new JasyncioWorkloads();
            case VirtualThreadWorkloads.NAME -> new VirtualThreadWorkloads();
            case FloorWorkloads.NAME -> new FloorWorkloads();
            default -> throw new UsageError("unknown --impl '" + name + "': use jasyncio, jdk-vthreads, floor or all");
        };
    }
}
