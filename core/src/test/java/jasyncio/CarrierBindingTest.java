package jasyncio;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import jasyncio.internal.CarrierBinding;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The one reflective class: it works with the flag; without it a JVM runs in the single-carrier
 * mode if its properties allow, and otherwise fails naming both fixes.
 */
@Timeout(60)
class CarrierBindingTest {

    /** Run in a child JVM started without the opens flag. */
    public static final class WithoutFlag {
        public static void main(String[] args) {
            Asyncio.run(() -> System.out.println("unreachable"));
        }
    }

    @Test
    void isAvailableWithTheOpensFlagOfTheTestJvm() {
        assertThat(CarrierBinding.isAvailable()).isTrue();
        assertThat(CarrierBinding.requiredFlag()).isEqualTo("--add-opens java.base/java.lang=ALL-UNNAMED");
    }

    /** Runs {@link WithoutFlag} or {@link SingleCarrierProgram} in a child JVM without the opens flag. */
    private static String runChild(Class<?> main, List<String> jvmOptions, int expectedExit) throws Exception {
        String java = ProcessHandle.current().info().command().orElseThrow();
        List<String> command = new ArrayList<>();
        command.add(java);
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), main.getName()));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        try {
            assertThat(p.waitFor(50, TimeUnit.SECONDS)).as("the child ended").isTrue();
            String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(p.exitValue()).as(output).isEqualTo(expectedExit);
            assertThat(new File(java)).exists();
            return output;
        } finally {
            p.destroyForcibly();
        }
    }

    /** Run in a child JVM started without the opens flag but with the single-carrier properties. */
    public static final class SingleCarrierProgram {
        public static void main(String[] args) {
            String s = Asyncio.run(() -> {
                Task<String> t = Asyncio.createTask(() -> {
                    Thread.sleep(1); // a blocking JDK call parks only the task
                    return "task on " + (Thread.currentThread().isVirtual() ? "a virtual thread" : "?");
                });
                return t.await() + ", loop on " + (Thread.currentThread().isVirtual() ? "a virtual thread" : "?");
            });
            System.out.println(s + ", single carrier: " + CarrierBinding.singleCarrier());
        }
    }

    @Test
    void aJvmWithNeitherTheOpensFlagNorTheSingleCarrierPropertiesGetsBothFixesInItsError() throws Exception {
        String output = runChild(WithoutFlag.class, List.of(), 1);
        assertThat(output)
                .contains("IllegalStateException")
                .contains("Start the JVM with: --add-opens java.base/java.lang=ALL-UNNAMED")
                .contains("or, to run every loop and its tasks on the JDK's one virtual-thread carrier")
                .contains("with: -Djdk.virtualThreadScheduler.parallelism=1 -Djdk.virtualThreadScheduler.maxPoolSize=1")
                .doesNotContain("unreachable");
    }

    @Test
    void aJvmWithOnlyHalfTheSingleCarrierPropertiesIsToldWhatItsSchedulerLooksLike() throws Exception {
        String output = runChild(WithoutFlag.class, List.of("-Djdk.virtualThreadScheduler.parallelism=1"), 1);
        assertThat(output)
                .contains("--add-opens java.base/java.lang=ALL-UNNAMED")
                .contains("with this JVM's settings the default scheduler has parallelism=1 and maxPoolSize=256;"
                        + " both must be 1")
                .doesNotContain("unreachable");
    }

    @Test
    void aJvmWithTheSingleCarrierPropertiesRunsWithoutTheOpensFlag() throws Exception {
        String output = runChild(SingleCarrierProgram.class, List.of(
                "-Djdk.virtualThreadScheduler.parallelism=1", "-Djdk.virtualThreadScheduler.maxPoolSize=1"), 0);
        assertThat(output.strip())
                .isEqualTo("task on a virtual thread, loop on a virtual thread, single carrier: true");
    }

    @Test
    void tasksRunOnVirtualThreadsScheduledByTheLoopThread() {
        String[] observed = new String[2];
        try (EventLoop loop = Asyncio.newEventLoop()) {
            loop.runUntilComplete(() -> {
                observed[0] = String.valueOf(Thread.currentThread().isVirtual());
                observed[1] = Thread.currentThread().toString();
                return null;
            });
        }
        assertThat(observed[0]).isEqualTo("true");
        // A mounted virtual thread prints its carrier: the thread that ran the loop (this one).
        assertThat(observed[1]).endsWith("@" + Thread.currentThread().getName());
    }
}
