package jasyncio.bench;

import java.lang.management.ManagementFactory;

/**
 * Wall-clock and process-CPU time of a section: {@code var sw = Stopwatch.start(); …;
 * var lap = sw.stop();}. Process CPU time counts every thread of the JVM (the loop, the
 * carriers, the GC and the JIT compilers), which is what the spec's {@code cpu_s} asks for.
 */
final class Stopwatch {
    private static final com.sun.management.OperatingSystemMXBean OS =
            ManagementFactory.getPlatformMXBean(com.sun.management.OperatingSystemMXBean.class);

    private final long wall0;
    private final long cpu0;

    private Stopwatch() {
        this.cpu0 = cpuNanos();
        this.wall0 = System.nanoTime();
    }

    /** Starts measuring now. */
    static Stopwatch start() {
        return new Stopwatch();
    }

    /** Wall and CPU nanoseconds since {@link #start()}. */
    Lap stop() {
        long wall = System.nanoTime() - wall0;
        long cpu1 = cpuNanos();
        return new Lap(wall, cpu0 < 0 || cpu1 < 0 ? -1 : cpu1 - cpu0);
    }

    /** CPU time of the whole process so far, in nanoseconds (-1 if the JVM cannot tell). */
    static long cpuNanos() {
        return OS == null ? -1 : OS.getProcessCpuTime();
    }

    /** One measured section; {@code cpuNanos} is -1 when the JVM cannot read process CPU time. */
    record Lap(long wallNanos, long cpuNanos) {}
}
