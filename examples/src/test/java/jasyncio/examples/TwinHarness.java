package jasyncio.examples;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

import jasyncio.EventLoop;
import jasyncio.internal.SelectorLoop;
import jasyncio.internal.VirtualClock;

/** Runs twins with System.out captured and on virtual-clock loops; reads the golden files and the manifest. */
final class TwinHarness {
    static final Path GOLDEN_DIR = Path.of("src/test/resources/golden");
    static final Path MANIFEST = Path.of("python/MANIFEST.md");

    private TwinHarness() {}

    /** Loops whose clock jumps to the next timer when idle: instant and deterministic. */
    static Supplier<EventLoop> virtualLoops() {
        return () -> new SelectorLoop(new VirtualClock());
    }

    /** Runs example {@code name}'s main on virtual-clock loops and returns what it printed. */
    static String runCaptured(String name) throws Throwable {
        return captureStdout(() -> {
            try (FreshPolicy policy = FreshPolicy.install(virtualLoops())) {
                Examples.runMain(name);
            }
        });
    }

    interface Body {
        void run() throws Throwable;
    }

    /** What {@code body} printed to System.out (from any thread), as UTF-8. */
    static String captureStdout(Body body) throws Throwable {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream saved = System.out;
        System.setOut(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        try {
            body.run();
        } finally {
            System.out.flush();
            System.setOut(saved);
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    /** The golden output of example {@code name}, or null if it has none. */
    static String golden(String name) {
        Path p = GOLDEN_DIR.resolve(name + ".txt");
        if (!Files.exists(p)) return null;
        try {
            return Files.readString(p, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The names of all golden files, sorted (seed order). */
    static List<String> goldenNames() {
        try (var files = Files.list(GOLDEN_DIR)) {
            return files.map(p -> p.getFileName().toString())
                    .filter(f -> f.endsWith(".txt"))
                    .map(f -> f.substring(0, f.length() - 4))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The manifest's category of example {@code name} (runtime, sync-iter, network, ...). */
    static String category(String name) {
        for (String line : manifestLines()) {
            if (!line.startsWith("| " + name + ".py |")) continue;
            String[] cells = line.split("\\|");
            // | file | seed / section | features | category | golden |
            return cells[4].trim();
        }
        throw new IllegalArgumentException("MANIFEST.md has no row for " + name);
    }

    private static List<String> manifest;

    private static synchronized List<String> manifestLines() {
        if (manifest == null) {
            try {
                manifest = Files.readAllLines(MANIFEST, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return manifest;
    }

    /**
     * A line diff of {@code expected} against {@code actual} (longest common subsequence):
     * {@code "  "} both, {@code "- "} only expected, {@code "+ "} only actual.
     */
    static String diff(String expected, String actual) {
        String[] a = expected.split("\n", -1);
        String[] b = actual.split("\n", -1);
        int[][] lcs = new int[a.length + 1][b.length + 1];
        for (int i = a.length - 1; i >= 0; i--) {
            for (int j = b.length - 1; j >= 0; j--) {
                lcs[i][j] = a[i].equals(b[j]) ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
            }
        }
        List<String> out = new ArrayList<>();
        int i = 0;
        int j = 0;
        while (i < a.length || j < b.length) {
            if (i < a.length && j < b.length && a[i].equals(b[j])) {
                out.add("  " + a[i++]);
                j++;
            } else if (i < a.length && (j == b.length || lcs[i + 1][j] >= lcs[i][j + 1])) {
                out.add("- " + a[i++]);
            } else {
                out.add("+ " + b[j++]);
            }
        }
        return String.join("\n", out);
    }
}
