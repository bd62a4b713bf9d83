package jasyncio.examples;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

import jasyncio.EventLoop;
import jasyncio.internal.SelectorLoop;

/**
 * Runs the Java twins of the seed examples ({@code ./jasyncio examples [name...]}): every twin
 * in seed order, or the named ones (a full name, a prefix such as {@code s000_04} or {@code s004},
 * or a class name). Each run prints a header line {@code == s000_04_await_coroutine ==} and then
 * the twin's own output, and gets the asyncio state of a fresh python3 process ({@link FreshPolicy}).
 *
 * <p>The examples that wait forever by design ({@link Examples#HANGING}) are skipped unless named;
 * named, they wait forever as their Python originals do (stop them with Ctrl-C). Exit status 1 if
 * a twin threw, 2 for an unknown name.
 */
public final class RunAll {
    private RunAll() {}

    public static void main(String[] names) {
        List<String> selected = new ArrayList<>();
        boolean all = names.length == 0;
        if (all) {
            selected.addAll(Examples.SEED_ORDER);
        } else {
            Set<String> chosen = new LinkedHashSet<>();
            for (String word : names) {
                List<String> m = Examples.matching(word);
                if (m.isEmpty()) {
                    System.err.println("RunAll: no seed example is named " + word
                            + " (try a name such as s000_04_await_coroutine, a prefix such as s004, or no name for all)");
                    System.exit(2);
                }
                chosen.addAll(m);
            }
            selected.addAll(chosen);
        }
        int failed = run(selected, all, SelectorLoop::new, System.out, System.err);
        System.exit(failed == 0 ? 0 : 1);
    }

    /**
     * Runs {@code names} in order with loops from {@code loops}, printing to {@code out}; when
     * {@code skipHanging}, the hanging examples are left out and listed at the end. Examples
     * without a twin are listed at the end too. Returns how many twins threw.
     */
    static int run(List<String> names, boolean skipHanging, Supplier<? extends EventLoop> loops,
                   PrintStream out, PrintStream err) {
        List<String> hanging = new ArrayList<>();
        List<String> noTwin = new ArrayList<>();
        int failed = 0;
        PrintStream savedOut = System.out;
        try {
            System.setOut(out);
            for (String name : names) {
                if (Examples.twin(name).isEmpty()) {
                    noTwin.add(name);
                    continue;
                }
                if (skipHanging && Examples.HANGING.contains(name)) {
                    hanging.add(name);
                    continue;
                }
                out.println("== " + name + " ==");
                try (FreshPolicy policy = FreshPolicy.install(loops)) {
                    Examples.runMain(name);
                } catch (Throwable e) {
                    failed++;
                    out.flush();
                    err.println("RunAll: " + name + " failed:");
                    e.printStackTrace(err);
                }
                out.flush();
            }
        } finally {
            System.setOut(savedOut);
        }
        if (!hanging.isEmpty()) {
            out.println("== skipped, they wait forever by design (name them to run them): "
                    + String.join(", ", hanging) + " ==");
        }
        if (!noTwin.isEmpty()) {
            out.println("== no Java twin yet: " + String.join(", ", noTwin) + " ==");
        }
        out.flush();
        return failed;
    }
}
