package jasyncio.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The runner's output contract (the spec's JSON line, one per measured run, n as asked), with
 * tiny sizes. Not timing: no figure is checked except for its presence and type.
 */
class MainTest {
    /** What one invocation printed. */
    private record Output(int status, List<Map<String, Object>> lines, String err) {}

    private static Output bench(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status;
        try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
             PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
            status = Main.run(args, o, e);
        }
        List<Map<String, Object>> lines = new ArrayList<>();
        for (String line : out.toString(StandardCharsets.UTF_8).split("\n")) {
            if (!line.isEmpty()) lines.add(FlatJson.parse(line));
        }
        return new Output(status, lines, err.toString(StandardCharsets.UTF_8));
    }

    static Stream<Arguments> pairs() {
        return Stream.of(
                Arguments.of("jasyncio", "W1"), Arguments.of("jasyncio", "W2"),
                Arguments.of("jasyncio", "W3"), Arguments.of("jasyncio", "W4"),
                Arguments.of("jdk-vthreads", "W1"), Arguments.of("jdk-vthreads", "W2"),
                Arguments.of("jdk-vthreads", "W3"), Arguments.of("jdk-vthreads", "W4"),
                Arguments.of("floor", "W1"), Arguments.of("floor", "W2"));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("pairs")
    void eachWorkloadPrintsOneSpecLineWithTheRequestedN(String impl, String workload) {
        Output r = bench(workload, "--impl", impl, "--n", "300", "--warmup", "50", "--max-delay-ms", "20", "--in-process");

        assertThat(r.status()).as(r.err()).isZero();
        assertThat(r.lines()).hasSize(1);
        Map<String, Object> line = r.lines().getFirst();
        assertThat(line.keySet()).startsWith("impl", "workload", "n", "seconds", "rate", "rss_mb", "cpu_s", "cpu_us_per_item");
        assertThat(line).containsEntry("impl", impl).containsEntry("workload", workload).containsEntry("n", 300.0);
        assertThat(line.get("seconds")).isInstanceOf(Double.class);
        assertThat((Double) line.get("seconds")).isPositive();
        assertThat(line.get("rate")).isInstanceOf(Double.class);
        assertThat(line.get("rss_mb")).isInstanceOf(Double.class); // Linux: VmHWM is there
        assertThat(line.get("cpu_s")).isInstanceOf(Double.class);
        assertThat(line.get("cpu_us_per_item")).isInstanceOf(Double.class);
        assertThat(line.get("jvm_flags")).asString().contains("--add-opens");
        assertThat(r.err()).contains("warm-up run, n=50");
    }

    @Test
    void timersReportLatenessPercentilesInOrder() {
        Output r = bench("W3", "--n", "200", "--warmup", "0", "--max-delay-ms", "10", "--in-process");

        Map<String, Object> line = r.lines().getFirst();
        double p50 = (Double) line.get("late_p50_ms");
        double p99 = (Double) line.get("late_p99_ms");
        double max = (Double) line.get("late_max_ms");
        assertThat(p50).isLessThanOrEqualTo(p99);
        assertThat(p99).isLessThanOrEqualTo(max);
        assertThat(line).containsEntry("max_delay_ms", 10.0);
    }

    @Test
    void fanoutReportsItsRoundsAndWidth() {
        Output r = bench("W4", "--n", "500", "--warmup", "0", "--in-process");

        assertThat(r.lines().getFirst())
                .containsEntry("n", 500.0).containsEntry("rounds", 1.0).containsEntry("width", 500.0);
    }

    @Test
    void fanoutSplitsIntoTenThousandWideRoundsAsTheSpecDoes() {
        Params spec = new Params(1_000_000, "future", 1000);
        Params odd = new Params(25_000, "future", 1000);

        assertThat(spec.fanoutRounds()).isEqualTo(100);
        assertThat(spec.fanoutWidth()).isEqualTo(10_000);
        assertThat(odd.fanoutRounds() * odd.fanoutWidth()).isEqualTo(20_000);
    }

    @Test
    void repeatThreePrintsThreeRunsThenTheirMedian() {
        Output r = bench("W1", "--n", "100", "--warmup", "0", "--repeat", "3", "--in-process");

        assertThat(r.status()).isZero();
        assertThat(r.lines()).hasSize(4);
        assertThat(r.lines()).extracting(l -> l.get("run")).containsExactly(1.0, 2.0, 3.0, null);
        Map<String, Object> median = r.lines().get(3);
        assertThat(median).containsEntry("median", true).containsEntry("runs", 3.0).containsEntry("n", 100.0);
        List<Double> seconds = r.lines().subList(0, 3).stream().map(l -> (Double) l.get("seconds")).sorted().toList();
        assertThat((Double) median.get("seconds")).isEqualTo(seconds.get(1));
    }

    @Test
    void floorHasNoTimersOrFanoutAndSaysSo() {
        Output r = bench("W3", "W4", "--impl", "floor", "--n", "10", "--warmup", "0");

        assertThat(r.status()).isZero();
        assertThat(r.lines()).isEmpty();
        assertThat(r.err()).contains("no W3 for floor", "no W4 for floor");
    }

    @ParameterizedTest
    @ValueSource(strings = {"jasyncio", "jdk-vthreads"})
    void queueChannelVariantOfPingPongRuns(String impl) {
        Output r = bench("W2", "--impl", impl, "--channel", "queue", "--n", "100", "--warmup", "0", "--in-process");

        assertThat(r.lines()).singleElement().satisfies(l ->
                assertThat(l).containsEntry("channel", "queue").containsEntry("n", 100.0));
    }

    @Test
    void floorHasNoQueueChannelAndSaysSo() {
        Output r = bench("W2", "--impl", "floor", "--channel", "queue", "--n", "10", "--warmup", "0");

        assertThat(r.lines()).isEmpty();
        assertThat(r.err()).contains("no W2 for floor");
    }

    @Test
    void unknownWorkloadIsAUsageErrorWithStatusTwo() {
        Output r = bench("W9");

        assertThat(r.status()).isEqualTo(2);
        assertThat(r.err()).contains("unknown workload 'W9'", "usage: ./jasyncio bench");
    }

    @Test
    void helpPrintsTheUsageOnStdoutAndSucceeds() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int status;
        try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8)) {
            status = Main.run(new String[] {"--help"}, o, o);
        }

        assertThat(status).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).startsWith("usage: ./jasyncio bench").contains("--channel");
    }

    @Test
    void noWorkloadIsAUsageError() {
        Output r = bench("--impl", "jasyncio");

        assertThat(r.status()).isEqualTo(2);
        assertThat(r.err()).contains("which workloads?");
    }
}
