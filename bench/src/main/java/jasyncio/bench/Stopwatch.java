package jasyncio.bench;

import java.lang.management.ManagementFactory;

/**
 * Wall-clock time, process-CPU time and heap allocation of a section: {@code var sw = Stopwatch.start(); …;
 * var lap = sw.stop();}. Process CPU time counts every thread of the JVM (the loop, the
 * carriers, the GC and the JIT compilers), which is what the spec's {@code cpu_s} asks for.
 */
final class Stopwatch {
    private static final com.sun.management.OperatingSystemMXBean OS =
            ManagementFactory.getPlatformMXBean(com.sun.management.OperatingSystemMXBean.class);

    private static final com.sun.management.ThreadMXBean THREADS = threads();

    private final long wall0;
    private final long cpu0;
    private final long alloc0;

    private Stopwatch() {
        this.alloc0 = allocatedBytes();
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
        long alloc1 = allocatedBytes();
        return new Lap(wall, cpu0 < 0 || cpu1 < 0 ? -1 : cpu1 - cpu0, alloc0 < 0 || alloc1 < 0 ? -1 : alloc1 - alloc0);
    }

    /**
     * Bytes allocated so far by all live platform threads (virtual threads allocate in their
     * carrier's buffers, so their allocation counts too), or -1 if the JVM cannot tell. A
     * thread that ended during the section takes its count with it: good enough for the
     * loop-and-carriers workloads here, where the allocating threads live throughout.
     */
    static long allocatedBytes() {
        if (THREADS == null || !THREADS.isThreadAllocatedMemorySupported()
                || !THREADS.isThreadAllocatedMemoryEnabled()) {
            return -1;
        }
        return THREADS.getTotalThreadAllocatedBytes();
    }

    private static com.sun.management.ThreadMXBean threads() {
        if (ManagementFactory.getThreadMXBean() instanceof com.sun.management.ThreadMXBean t
                && t.isThreadAllocatedMemorySupported()) {
            if (!t.isThreadAllocatedMemoryEnabled()) t.setThreadAllocatedMemoryEnabled(true);
            return t;
        }
        return null;
    }

    /** CPU time of the whole process so far, in nanoseconds (-1 if the JVM cannot tell). */
    static long cpuNanos() {
        return OS == null ? -1 : OS.getProcessCpuTime();
    }

    /** One measured section; {@code cpuNanos} and {@code allocatedBytes} are -1 where unknown. */
    record Lap(long wallNanos, long cpuNanos, long allocatedBytes) {}
}
