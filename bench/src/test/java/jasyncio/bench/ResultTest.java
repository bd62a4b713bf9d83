package jasyncio.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class ResultTest {
    private static Result run(double seconds, double rss, double cpu, double lateP99, int k) {
        Measured m = new Measured(1000, (long) (seconds * 1e9), (long) (cpu * 1e9),
                Map.of("late_p99_ms", lateP99)).with("channel", "future").with("run", k);
        return Result.of("jasyncio", Workload.W3, m, rss);
    }

    @Test
    void medianTakesTheMiddleOfEachFieldSeparately() {
        Result m = Result.median(List.of(run(3.0, 10, 0.5, 9, 1), run(1.0, 30, 0.7, 7, 2), run(2.0, 20, 0.6, 8, 3)));

        assertThat(m.seconds()).isEqualTo(2.0);
        assertThat(m.rate()).isEqualTo(500.0);
        assertThat(m.rssMb()).isEqualTo(20.0);
        assertThat(m.cpuS()).isEqualTo(0.6);
        assertThat(m.cpuUsPerItem()).isEqualTo(600.0);
        assertThat(m.extras()).containsEntry("late_p99_ms", 8.0).containsEntry("channel", "future")
                .containsEntry("median", true).containsEntry("runs", 3).doesNotContainKey("run");
    }

    @Test
    void medianOfAnEvenCountIsTheMeanOfTheMiddleTwo() {
        Result m = Result.median(List.of(run(1.0, 10, 1, 1, 1), run(3.0, 20, 2, 2, 2)));

        assertThat(m.seconds()).isEqualTo(2.0);
        assertThat(m.rssMb()).isEqualTo(15.0);
    }

    @Test
    void unknownRssAndCpuAreNullInTheLine() {
        Measured m = new Measured(10, 1_000_000_000L, -1, Map.of());
        Map<String, Object> line = FlatJson.parse(Result.of("floor", Workload.W1, m, null).toJson());

        assertThat(line).containsEntry("rss_mb", null).containsEntry("cpu_s", null)
                .containsEntry("cpu_us_per_item", null).containsEntry("rate", 10.0);
    }

    @Test
    void stringsAreEscaped() {
        assertThat(Json.object(Map.of("k", "a\"b\\c\nd\u0001"))).isEqualTo("{\"k\":\"a\\\"b\\\\c\\nd\\u0001\"}");
    }
}
