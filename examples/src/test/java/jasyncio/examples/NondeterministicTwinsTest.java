package jasyncio.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The twins of the examples without a golden file because python3's output varies between runs.
 * Each is tested where it is deterministic: the timer ties on the virtual clock (equal deadlines
 * fire in scheduling order), the thread pools by the multiset of lines they print.
 */
class NondeterministicTwinsTest {

    private static List<String> lines(String out) {
        assertThat(out).endsWith("\n");
        return List.of(out.substring(0, out.length() - 1).split("\n", -1));
    }

    /**
     * s000_07: main schedules the wait's 0.02 s timer before the two tasks start and schedule
     * their 0.02 s sleeps, so on the virtual clock all three fall due together and fire in that
     * order. main wakes first and finds neither task done (their wake-ups are queued behind
     * it): it prints [] and returns. The tasks' wake-ups were queued before main's done
     * callback that stops run_until_complete, so both print end. This is also what python3 printed
     * in 100 of 100 runs on an idle machine (MANIFEST.md).
     */
    @Test
    void waitTimeoutTieGivesAnEmptyDoneSetAndBothEndsOnTheVirtualClock() throws Throwable {
        String out = TwinHarness.runCaptured("s000_07_wait_timeout");

        assertThat(lines(out)).containsExactly(
                "执行协程函数内部代码",
                "main finish",
                "start",
                "start",
                "IO操作完成，结果为： []",
                "end",
                "end");
    }

    /**
     * s000_08: the same tie inside asyncio.run. wait_all wraps the coroutines in tasks and then
     * schedules the wait's timer before the tasks run, so again it fires first: wait_all returns
     * with nothing done, the two queued task wake-ups print end before the loop stops, and the
     * done set printed after asyncio.run is empty. python3 printed this in 100 of 100 idle runs.
     */
    @Test
    void runWaitTimeoutTiePrintsBothEndsThenAnEmptyListOnTheVirtualClock() throws Throwable {
        String out = TwinHarness.runCaptured("s000_08_run_wait_timeout");

        assertThat(lines(out)).containsExactly("start", "start", "end", "end", "[]");
    }

    /**
     * s000_11 and s003_19 submit func(0..9) to 5 threads: ten type names from the submitting
     * thread and the digits 0..9 from the workers, interleaved at random. The twin prints
     * FutureTask where Python prints Future (see the twin's class comment).
     */
    @ParameterizedTest
    @ValueSource(strings = {"s000_11_thread_pool_submit", "s003_19_thread_pool_submit"})
    void threadPoolPrintsTenFuturesAndTheDigitsInSomeOrder(String name) throws Throwable {
        List<String> expected = new ArrayList<>(Collections.nCopies(10, "FutureTask"));
        for (int i = 0; i < 10; i++) expected.add(Integer.toString(i));

        String out = TwinHarness.runCaptured(name);

        assertThat(lines(out)).containsExactlyInAnyOrderElementsOf(expected);
    }

    /** s002_09 submits func(1) ten times: ten type names and ten lines "1", whole (println never tears a line). */
    @Test
    void threadPoolOfOnesPrintsTenFuturesAndTenOnesInSomeOrder() throws Throwable {
        List<String> expected = new ArrayList<>(Collections.nCopies(10, "FutureTask"));
        expected.addAll(Collections.nCopies(10, "1"));

        String out = TwinHarness.runCaptured("s002_09_thread_pool_submit");

        assertThat(lines(out)).containsExactlyInAnyOrderElementsOf(expected);
    }

    /** The submitting loop prints its ten lines in order, whatever the workers do in between. */
    @ParameterizedTest
    @ValueSource(strings = {"s000_11_thread_pool_submit", "s003_19_thread_pool_submit"})
    void workersPrintEachDigitOnceAfterItsSubmission(String name) throws Throwable {
        List<String> out = lines(TwinHarness.runCaptured(name));

        for (int i = 0; i < 10; i++) {
            int printedAt = out.indexOf(Integer.toString(i));
            int submittedBefore = (int) out.subList(0, printedAt).stream().filter("FutureTask"::equals).count();
            // func(i) can only run after submit(func, i) returned... or while its print runs: at least i submits seen.
            assertThat(submittedBefore).as("submissions printed before %d", i).isGreaterThanOrEqualTo(i);
        }
    }
}
