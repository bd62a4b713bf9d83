package jasyncio.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code ./jasyncio bench W1 [W2 …] [options]}: runs workloads of shared/bench/SPEC.md and prints
 * one JSON line per measured run on stdout; notes (warm-ups, skips, failures) go to stderr.
 *
 * <p>Each (workload, implementation) pair runs in a JVM of its own when more than one is asked
 * for, so one pair's heap growth, JIT state and peak RSS do not colour the next; the children
 * get this JVM's flags. In that JVM: one warm-up run (the measured size unless
 * {@code --warmup} says otherwise), then {@code --repeat} measured runs, each after a reset of
 * the peak-RSS mark. Each line carries the machine's one-minute load average taken just before
 * the run ({@code load1}): on a shared machine, a load above the core count means the wall-clock
 * figures are stretched, and {@code cpu_us_per_item} is the one to compare.
 */
public final class Main {
    static final String USAGE = """
            usage: ./jasyncio bench W1 [W2 W3 W4 | all] [options]
                   ./jasyncio bench serve-echo --port P [--protocol | --streams]   (W5's echo server, see --help)
              --impl NAME[,NAME]   jasyncio (default), jdk-vthreads, floor, or all
              --repeat K           K measured runs, one JSON line each; K >= 2 adds a median line
              --n N                size instead of the spec's (W1/W2/W4: 1,000,000; W3: 100,000)
              --warmup N           warm-up size (default: the measured size; 0: no warm-up)
              --channel KIND       W2's one-slot channel: future (a Future per hop, default) or queue
              --max-delay-ms MS    W3's longest sleep (spec: 1000)
              --in-process         run every pair in this JVM (default: one child JVM per pair
                                   when there are several)
              --help               this text
            JVM flags come from JASYNCIO_JAVA_OPTS and are printed in every line ("jvm_flags").
            To profile, run one pair at a time, e.g.
              JASYNCIO_JAVA_OPTS=-XX:StartFlightRecording=filename=w1.jfr ./jasyncio bench W1
            """;

    private Main() {}

    public static void main(String[] args) {
        int code = run(args, System.out, System.err);
        System.out.flush();
        System.exit(code);
    }

    /** Runs the command line; returns the exit status (0 ok, 1 a run failed, 2 bad usage). */
    static int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length > 0 && args[0].equals("serve-echo")) {
            return ServeEcho.run(java.util.Arrays.copyOfRange(args, 1, args.length), err);
        }
        if (java.util.Arrays.asList(args).contains("--help") || java.util.Arrays.asList(args).contains("-h")) {
            out.print(USAGE);
            return 0;
        }
        Options o;
        try {
            o = Options.parse(args);
        } catch (UsageError e) {
            err.println("bench: " + e.getMessage());
            err.print(USAGE);
            return 2;
        }
        List<Pair> pairs = new ArrayList<>();
        for (Workload w : o.workloads()) {
            for (String name : o.impls()) {
                Implementation impl = Implementation.named(name);
                String why = impl.whyNot(w, o.params(w));
                if (why != null) {
                    err.println("bench: no " + w + " for " + name + ": " + why);
                } else {
                    pairs.add(new Pair(w, impl));
                }
            }
        }
        boolean fork = !o.inProcess() && pairs.size() > 1;
        int status = 0;
        for (Pair p : pairs) {
            int s = fork ? runChild(p, o, out, err) : runPair(p, o, out, err);
            status = Math.max(status, s);
        }
        return status;
    }

    private record Pair(Workload workload, Implementation impl) {}

    /** Warm-up, then the measured runs and their median; returns 0, or 1 if a run failed. */
    static int runPair(Pair pair, Options o, PrintStream out, PrintStream err) {
        Workload w = pair.workload();
        Implementation impl = pair.impl();
        Params p = o.params(w);
        String what = w + " " + w.title + " [" + impl.name() + "]";
        try {
            if (w == Workload.W4 && (long) p.fanoutRounds() * p.fanoutWidth() != p.n()) {
                err.printf("bench: W4 runs whole rounds of %d: n=%d becomes %d%n",
                        p.fanoutWidth(), p.n(), p.fanoutRounds() * p.fanoutWidth());
            }
            int warm = o.warmup() != null ? o.warmup() : p.n();
            if (warm > 0) {
                String size = warm == p.n() ? "same size as the measured runs" : "measured runs: n=" + p.n();
                err.printf("bench: %s warm-up run, n=%d (%s)%n", what, warm, size);
                Measured m = impl.run(w, p.withN(warm));
                err.printf("bench: %s warm-up took %.3f s%n", what, m.wallNanos() / 1e9);
            } else {
                err.printf("bench: %s without warm-up%n", what);
            }
            List<Result> results = new ArrayList<>();
            for (int k = 1; k <= o.repeat(); k++) {
                // No System.gc() here: a full GC shrinks G1's heap to a few MB, and the run would
                // then measure heap regrowth instead of the workload.
                Double load = ProcessStats.loadAverage();
                boolean reset = ProcessStats.resetPeakRss();
                Measured m = impl.run(w, p);
                Double rss = ProcessStats.peakRssMb();
                m = m.with("rss_scope", reset ? "run" : "process").with("load1", load).with("run", k);
                Result r = Result.of(impl.name(), w, m, rss);
                results.add(r);
                out.println(r.toJson());
                out.flush();
            }
            if (results.size() >= 2) {
                out.println(Result.median(results).toJson());
                out.flush();
            }
            return 0;
        } catch (Exception | Error e) {
            err.println("bench: " + what + " failed:");
            e.printStackTrace(err);
            return 1;
        }
    }

    /** Runs one pair in a child JVM with this JVM's flags; its JSON lines are copied to {@code out}. */
    private static int runChild(Pair pair, Options o, PrintStream out, PrintStream err) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments());
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(Main.class.getName());
        cmd.addAll(o.childArgs(pair.workload(), pair.impl().name()));
        try {
            Process child = new ProcessBuilder(cmd)
                    .redirectError(ProcessBuilder.Redirect.INHERIT)
                    .redirectInput(ProcessBuilder.Redirect.INHERIT)
                    .start();
            try (BufferedReader lines = new BufferedReader(
                    new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = lines.readLine()) != null) {
                    out.println(line);
                    out.flush();
                }
            }
            int code = child.waitFor();
            if (code != 0) err.println("bench: " + pair.workload() + " [" + pair.impl().name() + "] exited with " + code);
            return code == 0 ? 0 : 1;
        } catch (IOException e) {
            err.println("bench: cannot start a JVM for " + pair.workload() + " [" + pair.impl().name() + "]: " + e);
            return 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 1;
        }
    }
}
