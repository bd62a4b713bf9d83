package jasyncio;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import jasyncio.internal.Signals;

/**
 * Ctrl-C during {@link Asyncio#run}, as asyncio's Runner handles it (test_runners'
 * test_signal_install_not_supported_ok and friends, re-expressed): a real SIGINT sent to a JVM
 * of its own running {@link CtrlCMain}, each step waiting for the line the program prints.
 */
@Timeout(20)
class CtrlCTest {

    /** The child JVM, its output lines so far, and its exit status once it ended. */
    static final class Child implements AutoCloseable {
        final Process process;
        final BufferedReader out;
        final List<String> lines = new ArrayList<>();

        Child(String scenario) throws IOException {
            String java = ProcessHandle.current().info().command().orElse("java");
            // A quick start: C1 only and the serial collector (the program does almost nothing).
            process = new ProcessBuilder(java, "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
                    "--add-opens", "java.base/java.lang=ALL-UNNAMED",
                    "-cp", System.getProperty("java.class.path"), CtrlCMain.class.getName(), scenario)
                    .redirectError(ProcessBuilder.Redirect.DISCARD)
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .start();
            out = new BufferedReader(new InputStreamReader(process.getInputStream(), UTF_8));
        }

        /** Reads lines until {@code line} (recorded with the others); fails at the end of the output. */
        void awaitLine(String line) throws IOException {
            while (true) {
                String l = out.readLine();
                assertThat(l).as("output ended before %s; got %s", line, lines).isNotNull();
                lines.add(l);
                if (l.equals(line)) return;
            }
        }

        void interrupt() {
            Signals.send(process.pid(), Signals.number("INT"));
        }

        /** Reads the rest of the output and waits for the exit status. */
        int finish() throws Exception {
            for (String l; (l = out.readLine()) != null; ) lines.add(l);
            return process.waitFor();
        }

        @Override
        public void close() throws IOException {
            process.destroyForcibly();
            out.close();
        }
    }

    @Test
    void theFirstSigintCancelsTheMainTaskAndRunThrowsKeyboardInterrupt() throws Exception {
        try (Child child = new Child("cancel")) {
            child.awaitLine("ready");
            child.interrupt();
            assertThat(child.finish()).isZero();
            assertThat(child.lines).containsExactly("ready", "main task cancelled",
                    "KeyboardInterrupt caused by CancelledError");
        }
    }

    @Test
    void aMainTaskThatSwallowsTheCancellationEndsRunNormally() throws Exception {
        try (Child child = new Child("swallow")) {
            child.awaitLine("ready");
            child.interrupt();
            assertThat(child.finish()).isZero();
            assertThat(child.lines).containsExactly("ready", "run returned: cancellation swallowed");
        }
    }

    @Test
    void aSecondSigintWhileTheTaskIgnoresTheFirstEndsTheJvmAsCtrlCDoes() throws Exception {
        try (Child child = new Child("stubborn")) {
            child.awaitLine("ready");
            child.interrupt();
            child.awaitLine("ignoring the cancellation");
            child.interrupt();
            assertThat(child.finish()).isEqualTo(130);
            assertThat(child.lines).containsExactly("ready", "ignoring the cancellation");
        }
    }

    @Test
    void aProgramsOwnSigintHandlerIsLeftInPlace() throws Exception {
        try (Child child = new Child("own-handler")) {
            child.awaitLine("ready");
            child.interrupt();
            assertThat(child.finish()).isZero();
            assertThat(child.lines).containsExactly("ready", "run returned: own handler ran");
        }
    }

    @Test
    void runOnAnotherThreadLeavesCtrlCToTheJvm() throws Exception {
        try (Child child = new Child("worker-thread")) {
            child.awaitLine("ready");
            child.interrupt();
            assertThat(child.finish()).isEqualTo(130);
            assertThat(child.lines).containsExactly("ready");
        }
    }
}
