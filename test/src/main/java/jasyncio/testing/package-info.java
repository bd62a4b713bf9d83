/**
 * jasyncio's test kit: {@link jasyncio.testing.TestClock}, a virtual clock that makes timeout
 * tests instant and deterministic, and {@link jasyncio.testing.AsyncioExtension}, a JUnit 5
 * extension that gives each test a fresh loop on it and fails tests that leak tasks, leave loops
 * open or let errors reach a loop's exception handler, and {@link jasyncio.testing.StreamPairs},
 * connected in-memory stream pairs (also one byte at a time) for testing stream code without sockets.
 *
 * <pre>{@code
 * class RetryTest {
 *     @RegisterExtension
 *     final AsyncioExtension asyncio = new AsyncioExtension();
 *
 *     @Test
 *     void givesUpAfterThreeAttemptsAMinuteApart() {
 *         assertThatThrownBy(() -> asyncio.run(() -> retry(3, Duration.ofMinutes(1), this::alwaysFails)))
 *                 .isInstanceOf(IOException.class);
 *         assertThat(asyncio.clock().time()).isEqualTo(120.0);   // no real waiting
 *     }
 * }
 * }</pre>
 */
package jasyncio.testing;
