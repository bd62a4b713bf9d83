package jasyncio.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Event;
import org.junit.platform.testkit.engine.Events;

/**
 * Runs a nested test class through the JUnit engine, the way a build would, so that the
 * extension's verdict on it can be checked. The nested classes are static, so neither Surefire
 * (which skips {@code $} classes) nor a run of the enclosing class picks them up by themselves.
 */
final class InnerTests {
    private InnerTests() {}

    /** Runs {@code testClass}, which must hold exactly one test, and returns why it failed. */
    static Throwable failureOf(Class<?> testClass) {
        Events tests = run(testClass);
        tests.assertStatistics(s -> s.started(1).failed(1));
        Event failed = tests.failed().stream().findFirst().orElseThrow();
        return failed.getRequiredPayload(TestExecutionResult.class).getThrowable().orElseThrow();
    }

    /** Runs {@code testClass} and asserts that all of its tests passed; returns how many ran. */
    static long passed(Class<?> testClass) {
        Events tests = run(testClass);
        assertThat(tests.failed().stream().map(e -> e.getRequiredPayload(TestExecutionResult.class)
                .getThrowable().map(Throwable::toString).orElse("?")).toList()).isEmpty();
        assertThat(tests.started().count()).isPositive();
        return tests.succeeded().count();
    }

    private static Events run(Class<?> testClass) {
        return EngineTestKit.engine("junit-jupiter").selectors(selectClass(testClass)).execute().testEvents();
    }
}
