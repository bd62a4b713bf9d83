package jasyncio.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jasyncio.CancelledError;
import jasyncio.Outcome;
import org.junit.jupiter.api.Test;

/** Py prints what Python 3.11 prints for the same values (checked with python3). */
class PyTest {

    @Test
    void printJoinsStrOfEachArgumentWithASpace() throws Throwable {
        String out = TwinHarness.captureStdout(() -> Py.print("finish", null, 12, List.of("返回值", "x"), true));

        assertThat(out).isEqualTo("finish None 12 ['返回值', 'x'] True\n");
    }

    @Test
    void reprQuotesLikePython() {
        assertThat(Py.repr("it's")).isEqualTo("\"it's\"");
        assertThat(Py.repr("a\"b'c")).isEqualTo("'a\"b\\'c'");
        assertThat(Py.repr("tab\there\nback\\")).isEqualTo("'tab\\there\\nback\\\\'");
        assertThat(Py.repr("\u0001")).isEqualTo("'\\x01'");
    }

    @Test
    void reprOfContainersExceptionsAndOutcomes() {
        assertThat(Py.repr(List.of())).isEqualTo("[]");
        assertThat(Py.repr(Set.of())).isEqualTo("set()");
        assertThat(Py.repr(new LinkedHashSet<>(List.of(1, 2)))).isEqualTo("{1, 2}");
        assertThat(Py.repr(Map.of("k", List.of(1)))).isEqualTo("{'k': [1]}");
        assertThat(Py.repr(new CancelledError())).isEqualTo("CancelledError()");
        assertThat(Py.repr(new CancelledError(""))).isEqualTo("CancelledError('')");
        assertThat(Py.repr(List.of(new Outcome.Failure<Integer>(new CancelledError("bye")), new Outcome.Success<>(4))))
                .isEqualTo("[CancelledError('bye'), 4]");
    }

    @Test
    void strOfAnExceptionIsItsMessage() {
        assertThat(Py.str(new IllegalStateException("boom"))).isEqualTo("boom");
        assertThat(Py.str(new CancelledError())).isEmpty();
    }
}
