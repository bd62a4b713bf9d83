package jasyncio;

import static jasyncio.Asyncio.createTask;
import static jasyncio.Asyncio.run;
import static jasyncio.Asyncio.sleep;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import jasyncio.internal.CarrierBinding;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The thread a task runs on. Task threads are pooled per loop (in the default mode), so these
 * check that each task still sees a thread of its own: stable for the task's life, and with
 * nothing left over from the task that ran on it before (thread-locals, interrupt status,
 * uncaught-exception handler).
 */
@Timeout(20)
class TaskThreadTest {

    private static final ThreadLocal<String> LOCAL = new ThreadLocal<>();

    /** Runs {@code n} short tasks one after another and returns the threads they ran on. */
    private static List<Thread> sequentialTasks(int n, Coroutine<?> body) {
        return run(() -> {
            List<Thread> threads = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                createTask(() -> {
                    threads.add(Thread.currentThread());
                    return body.call();
                }).await();
            }
            return threads;
        });
    }

    @Test
    void sequentialTasksReuseThreadsAndSeeNoThreadLocalsOfEarlierTasks() {
        List<String> seen = new ArrayList<>();
        List<Thread> threads = sequentialTasks(5, () -> {
            seen.add(LOCAL.get());
            LOCAL.set("left by an earlier task");
            return null;
        });
        assertThat(seen).containsOnlyNulls().hasSize(5);
        // Not a requirement of asyncio, but what makes the checks above meaningful: the same
        // thread did run several of the tasks. (The single-carrier mode gives each task a new
        // thread, as it cannot clear a pooled one's thread-locals.)
        if (!CarrierBinding.singleCarrier()) assertThat(new HashSet<>(threads)).hasSizeLessThan(5);
    }

    @Test
    void interruptStatusDoesNotLeakIntoTheNextTask() {
        List<Boolean> seen = new ArrayList<>();
        sequentialTasks(4, () -> {
            seen.add(Thread.currentThread().isInterrupted());
            Thread.currentThread().interrupt();
            return null;
        });
        assertThat(seen).containsOnly(false).hasSize(4);
    }

    @Test
    void aTaskThatReplacesItsThreadsUncaughtExceptionHandlerDoesNotBreakLaterTasks() {
        List<Boolean> found = new ArrayList<>();
        List<Thread> threads = sequentialTasks(4, () -> {
            Task<?> me = Task.current();
            found.add(me != null && me == Asyncio.currentTask());
            Thread.currentThread().setUncaughtExceptionHandler((t, e) -> { });
            return null;
        });
        assertThat(found).containsOnly(true).hasSize(4);
        if (!CarrierBinding.singleCarrier()) assertThat(new HashSet<>(threads)).hasSizeLessThan(4);
    }

    @Test
    void aTaskKeepsItsThreadAcrossSuspensionsAndFindsItselfAfterEach() {
        Set<Boolean> checks = new HashSet<>();
        run(() -> {
            List<Task<Void>> tasks = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                tasks.add(createTask(() -> {
                    Thread mine = Thread.currentThread();
                    Task<?> me = Task.current();
                    for (int k = 0; k < 3; k++) {
                        sleep(0);
                        checks.add(Thread.currentThread() == mine && Task.current() == me);
                    }
                }));
            }
            Asyncio.gather(tasks);
            return null;
        });
        assertThat(checks).containsExactly(true);
    }

    @Test
    void noTaskOutsideTasks() throws Exception {
        assertThat(Task.current()).isNull();
        Object[] inPlainVirtualThread = {"unset"};
        Thread plain = Thread.ofVirtual().start(() -> inPlainVirtualThread[0] = Task.current());
        plain.join();
        assertThat(inPlainVirtualThread[0]).isNull();
        run(() -> {
            Future<Task<?>> fromCallback = Asyncio.getRunningLoop().createFuture();
            Asyncio.getRunningLoop().callSoon(() -> fromCallback.setResult(Task.current()));
            assertThat(fromCallback.await()).isNull();
            return null;
        });
    }
}
