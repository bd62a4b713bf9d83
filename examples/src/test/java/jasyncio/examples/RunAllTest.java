package jasyncio.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;

/** RunAll: headers, seed order, the skipped hanging examples, and name matching. */
class RunAllTest {

    private record Run(int failed, String out, String err) {}

    private static Run run(List<String> names, boolean skipHanging) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int failed = RunAll.run(names, skipHanging, TwinHarness.virtualLoops(),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(failed, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void namedExamplesPrintAHeaderThenTheirGoldenOutputInOrder() {
        Run r = run(List.of("s000_04_await_coroutine", "s004_14_shield_gather", "s003_01_plain_functions"), false);

        assertThat(r.failed()).isZero();
        assertThat(r.out()).isEqualTo(
                "== s000_04_await_coroutine ==\n" + TwinHarness.golden("s000_04_await_coroutine")
                        + "== s004_14_shield_gather ==\n" + TwinHarness.golden("s004_14_shield_gather")
                        + "== s003_01_plain_functions ==\n" + TwinHarness.golden("s003_01_plain_functions"));
    }

    @Test
    void runningEverythingSkipsTheHangingExamplesAndSaysSo() {
        Run r = run(Examples.SEED_ORDER, true);

        assertThat(r.failed()).as(r.err()).isZero();
        List<String> headers = r.out().lines().filter(l -> l.matches("== s\\d{3}_\\d{2}_\\w+ ==")).toList();
        List<String> expected = Examples.withTwins().stream()
                .filter(n -> !Examples.HANGING.contains(n))
                .map(n -> "== " + n + " ==")
                .toList();
        assertThat(headers).containsExactlyElementsOf(expected);
        assertThat(r.out()).contains("== skipped, they wait forever by design (name them to run them): "
                + "s000_09_future_never_set, s002_07_future_never_set, s003_17_future_never_set ==\n");
    }

    @Test
    void wordsMatchFullNamesPrefixesAndClassNames() {
        assertThat(Examples.matching("s000_04_await_coroutine")).containsExactly("s000_04_await_coroutine");
        assertThat(Examples.matching("s000_04")).containsExactly("s000_04_await_coroutine");
        assertThat(Examples.matching("S004_13Gather")).containsExactly("s004_13_gather");
        assertThat(Examples.matching("s004")).hasSize(14).first().isEqualTo("s004_01_regular_double");
        assertThat(Examples.matching("nothing")).isEmpty();
    }

    @Test
    void classNamesFollowTheSeedNumberAndCamelCaseRule() {
        assertThat(Examples.className("s000_04_await_coroutine")).isEqualTo("jasyncio.examples.S000_04AwaitCoroutine");
        assertThat(Examples.className("s004_14_shield_gather")).isEqualTo("jasyncio.examples.S004_14ShieldGather");
    }
}
