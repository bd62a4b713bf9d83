package jasyncio.bench;

import java.io.IOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * Facts about this JVM process for the JSON lines: peak resident memory, the JVM flags, the
 * garbage collector in use, the machine's load.
 *
 * <p>Peak RSS is Linux's {@code VmHWM} from {@code /proc/self/status}. Writing {@code 5} to
 * {@code /proc/self/clear_refs} resets that high-water mark to the current RSS (Linux 4.0+), so a
 * run's peak can be read apart from the warm-up's; where the reset is refused the figure is the
 * process's lifetime peak, and the JSON line says so ({@code "rss_scope":"process"}).
 */
final class ProcessStats {
    private static final Path STATUS = Path.of("/proc/self/status");
    private static final Path CLEAR_REFS = Path.of("/proc/self/clear_refs");

    private ProcessStats() {}

    /** Peak RSS in MiB (VmHWM), or null where /proc is not there (not Linux). */
    static Double peakRssMb() {
        try {
            for (String line : Files.readAllLines(STATUS, StandardCharsets.US_ASCII)) {
                if (line.startsWith("VmHWM:")) {
                    String kb = line.substring("VmHWM:".length()).replace("kB", "").trim();
                    return Long.parseLong(kb) / 1024.0;
                }
            }
        } catch (IOException | RuntimeException e) {
            return null;
        }
        return null;
    }

    /**
     * Resets the peak-RSS mark to the current RSS. Returns true if it did, false if the kernel
     * refused (then {@link #peakRssMb()} stays the lifetime peak).
     */
    static boolean resetPeakRss() {
        try {
            Files.writeString(CLEAR_REFS, "5", StandardCharsets.US_ASCII);
            return true;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /** The one-minute load average of the machine (/proc/loadavg), or null where unavailable. */
    static Double loadAverage() {
        try {
            String s = Files.readString(Path.of("/proc/loadavg"), StandardCharsets.US_ASCII);
            return Double.parseDouble(s.substring(0, s.indexOf(' ')));
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** The JVM's own arguments (not the program's), space-separated, as the launcher passed them. */
    static String jvmFlags() {
        return String.join(" ", ManagementFactory.getRuntimeMXBean().getInputArguments());
    }

    /** A short name of the garbage collector: G1, Parallel, Serial, ZGC, Shenandoah, Epsilon. */
    static String gcName() {
        Set<String> names = new LinkedHashSet<>();
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            String n = gc.getName();
            if (n.startsWith("G1")) names.add("G1");
            else if (n.startsWith("PS ")) names.add("Parallel");
            else if (n.equals("Copy") || n.equals("MarkSweepCompact")) names.add("Serial");
            else if (n.startsWith("ZGC")) names.add("ZGC");
            else if (n.startsWith("Shenandoah")) names.add("Shenandoah");
            else names.add(n);
        }
        return names.isEmpty() ? "Epsilon" : String.join("+", names);
    }

    /** The largest heap this JVM may use, in MiB. */
    static long maxHeapMb() {
        return Runtime.getRuntime().maxMemory() / (1024 * 1024);
    }
}
