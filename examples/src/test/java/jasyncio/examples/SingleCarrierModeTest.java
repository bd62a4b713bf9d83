package jasyncio.examples;

import static org.assertj.core.api.Assertions.assertThat;

import jasyncio.internal.CarrierBinding;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Guards the examples' {@code single-carrier} surefire execution: that JVM really runs the
 * single-carrier mode, so the golden outputs it checks are this mode's.
 */
@EnabledIfSystemProperty(named = "jdk.virtualThreadScheduler.maxPoolSize", matches = "1",
        disabledReason = "runs in the single-carrier surefire execution only")
class SingleCarrierModeTest {

    @Test
    void theTwinsOfThisJvmRunInTheSingleCarrierMode() throws Throwable {
        assertThat(CarrierBinding.singleCarrier()).isTrue();
        assertThat(TwinHarness.runCaptured("s002_04_create_task")).isEqualTo(TwinHarness.golden("s002_04_create_task"));
    }
}
