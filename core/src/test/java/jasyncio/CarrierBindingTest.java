package jasyncio;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

import jasyncio.internal.CarrierBinding;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The one reflective class: it works with the flag and names the flag without it. */
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

    @Test
    void aJvmStartedWithoutTheOpensFlagGetsTheExactFlagInItsError() throws Exception {
        String java = ProcessHandle.current().info().command().orElseThrow();
        Process p = new ProcessBuilder(List.of(java, "-cp", System.getProperty("java.class.path"),
                WithoutFlag.class.getName()))
                .redirectErrorStream(true)
                .start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(50, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isNotZero();
        assertThat(output)
                .contains("IllegalStateException")
                .contains("Start the JVM with: --add-opens java.base/java.lang=ALL-UNNAMED")
                .doesNotContain("unreachable");
        assertThat(new File(java)).exists();
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
