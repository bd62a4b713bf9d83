package jasyncio.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every twin that has a golden file prints exactly that file (python3's stdout), run on
 * virtual-clock loops so sleeps take no time and timer ties are decided by scheduling order.
 */
class GoldenOutputTest {

    /**
     * Golden files that intentionally have no twin yet, with the reason. Runtime examples may not
     * appear here; an entry whose twin exists fails the build so the list stays true.
     */
    static final Map<String, String> WITHOUT_TWIN = Map.of();

    static Stream<String> goldenExamplesWithTwins() {
        return TwinHarness.goldenNames().stream().filter(n -> Examples.twin(n).isPresent());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("goldenExamplesWithTwins")
    void twinPrintsTheGoldenOutput(String name) throws Throwable {
        String expected = TwinHarness.golden(name);

        String actual = TwinHarness.runCaptured(name);

        assertThat(actual)
                .as("%s printed other lines than python3 (- golden, + twin):%n%s", name, TwinHarness.diff(expected, actual))
                .isEqualTo(expected);
    }

    @Test
    void everyGoldenFileHasATwinExceptTheListedOnes() {
        List<String> missing = new ArrayList<>();
        for (String name : TwinHarness.goldenNames()) {
            if (Examples.twin(name).isEmpty() && !WITHOUT_TWIN.containsKey(name)) missing.add(name);
        }

        assertThat(missing).as("golden files without a Java twin (named by Examples.className)")
                .isEmpty();
    }

    @Test
    void theListOfGoldenFilesWithoutTwinHoldsNoRuntimeExampleAndNoTwinnedOne() {
        for (String name : WITHOUT_TWIN.keySet()) {
            assertThat(TwinHarness.golden(name)).as("%s has a golden file", name).isNotNull();
            assertThat(TwinHarness.category(name)).as("category of %s", name).isNotEqualTo("runtime");
            assertThat(Examples.twin(name)).as("%s has a twin now: remove it from WITHOUT_TWIN", name).isEmpty();
        }
    }

    @Test
    void everyRuntimeExampleHasATwin() {
        List<String> missing = Examples.SEED_ORDER.stream()
                .filter(n -> TwinHarness.category(n).equals("runtime"))
                .filter(n -> Examples.twin(n).isEmpty())
                .toList();

        assertThat(missing).isEmpty();
    }

    @Test
    void theCatalogueListsEveryPythonExample() throws Exception {
        List<String> files;
        try (var s = java.nio.file.Files.list(java.nio.file.Path.of("python"))) {
            files = s.map(p -> p.getFileName().toString()).filter(f -> f.endsWith(".py"))
                    .map(f -> f.substring(0, f.length() - 3))
                    .filter(f -> !Examples.DOCS_TWINS.containsKey(f)).sorted().toList();
        }

        assertThat(Examples.SEED_ORDER).containsExactlyElementsOf(files);
    }
}
