package jasyncio.bench;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The parsed command line of {@code ./jasyncio bench}; see {@link Main#USAGE}.
 *
 * @param n          the size to run instead of each workload's spec size, or null
 * @param warmup     the warm-up size, or null for "the measured size"; 0 means no warm-up
 * @param inProcess  run every pair in this JVM instead of one child JVM per (workload, impl)
 */
record Options(List<Workload> workloads, List<String> impls, int repeat, Integer n, Integer warmup,
               String channel, int maxDelayMs, boolean inProcess) {

    static final List<String> ALL_IMPLS = List.of(JasyncioWorkloads.NAME, VirtualThreadWorkloads.NAME, FloorWorkloads.NAME);

    static Options parse(String[] args) {
        Set<Workload> workloads = new LinkedHashSet<>();
        Set<String> impls = new LinkedHashSet<>();
        int repeat = 1;
        Integer n = null;
        Integer warmup = null;
        String channel = "future";
        int maxDelayMs = 1000;
        boolean inProcess = false;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            switch (a) {
                case "--impl" -> {
                    for (String name : value(args, ++i, a).split(",")) {
                        if (name.equals("all")) {
                            impls.addAll(ALL_IMPLS);
                        } else {
                            Implementation.named(name); // validates
                            impls.add(name);
                        }
                    }
                }
                case "--repeat" -> repeat = positive(args, ++i, a, 1);
                case "--n" -> n = positive(args, ++i, a, 1);
                case "--warmup" -> warmup = positive(args, ++i, a, 0);
                case "--channel" -> {
                    channel = value(args, ++i, a);
                    if (!channel.equals("future") && !channel.equals("queue")) {
                        throw new UsageError("--channel is future or queue, not '" + channel + "'");
                    }
                }
                case "--max-delay-ms" -> maxDelayMs = positive(args, ++i, a, 0);
                case "--in-process" -> inProcess = true;
                case "all" -> workloads.addAll(EnumSet.allOf(Workload.class));
                default -> {
                    if (a.startsWith("-")) throw new UsageError("unknown option " + a);
                    workloads.add(Workload.parse(a));
                }
            }
        }
        if (workloads.isEmpty()) throw new UsageError("which workloads? e.g. ./jasyncio bench W1 W2");
        if (impls.isEmpty()) impls.add(JasyncioWorkloads.NAME);
        return new Options(List.copyOf(workloads), List.copyOf(impls), repeat, n, warmup, channel, maxDelayMs, inProcess);
    }

    private static String value(String[] args, int i, String option) {
        if (i >= args.length) throw new UsageError(option + " needs a value");
        return args[i];
    }

    private static int positive(String[] args, int i, String option, int min) {
        String v = value(args, i, option);
        try {
            int x = Integer.parseInt(v.replace("_", ""));
            if (x < min) throw new UsageError(option + " must be at least " + min + ", got " + v);
            return x;
        } catch (NumberFormatException e) {
            throw new UsageError(option + " takes a whole number, got '" + v + "'");
        }
    }

    /** The parameters of {@code w}'s measured runs. */
    Params params(Workload w) {
        return new Params(n != null ? n : w.defaultN, channel, maxDelayMs);
    }

    /** The command-line arguments that run just {@code w} with {@code impl} in a child JVM. */
    List<String> childArgs(Workload w, String impl) {
        List<String> a = new ArrayList<>(List.of(w.name(), "--impl", impl, "--in-process",
                "--repeat", Integer.toString(repeat), "--channel", channel,
                "--max-delay-ms", Integer.toString(maxDelayMs)));
        if (n != null) a.addAll(List.of("--n", n.toString()));
        if (warmup != null) a.addAll(List.of("--warmup", warmup.toString()));
        return a;
    }
}
