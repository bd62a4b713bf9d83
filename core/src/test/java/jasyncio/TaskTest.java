package jasyncio;

import static jasyncio.Asyncio.createTask;
import static jasyncio.Asyncio.currentTask;
import static jasyncio.Asyncio.sleep;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionException;

import jasyncio.internal.SelectorLoop;
import jasyncio.internal.VirtualClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Tasks, re-expressed from CPython's test_tasks.py: results and exceptions, names, currentTask,
 * allTasks, and the order in which tasks start and wake up. Expected orders were checked
 * against Python 3.11's asyncio running the same program.
 */
class TaskTest {
    private final SelectorLoop loop = new SelectorLoop(new VirtualClock());
    private final List<String> events = new ArrayList<>();

    @AfterEach
    void closeLoop() {
        loop.close();
    }

    // ------------------------------------------------------------ results and exceptions

    @Test
    void taskResultIsWhatItsCoroutineReturns() {
        Task<String> t = loop.createTask(() -> {
            sleep(1);
            return "value";
        });

        assertThat(loop.runUntilComplete(t)).isEqualTo("value");
        assertThat(t.isDone()).isTrue();
        assertThat(t.isCancelled()).isFalse();
        assertThat(t.result()).isEqualTo("value");
        assertThat(t.exception()).isNull();
    }

    @Test
    void resultOfARunningTaskIsNotReady() {
        Throwable seen = loop.runUntilComplete(() -> {
            try {
                currentTask().result();
                return null;
            } catch (InvalidStateError e) {
                return e;
            }
        });

        assertThat(seen).hasMessage("Result is not ready.");
    }

    @Test
    void taskAwaitingATaskGetsItsValue() {
        int got = loop.runUntilComplete(() -> {
            Task<Integer> inner = createTask(() -> {
                sleep(0.5);
                return 5;
            });
            return inner.await() * 2;
        });

        assertThat(got).isEqualTo(10);
    }

    @Test
    void uncheckedExceptionReachesTheAwaiterAsTheSameInstance() {
        IllegalArgumentException boom = new IllegalArgumentException("boom");
        Task<Throwable> outer = loop.createTask(() -> {
            Task<String> failing = createTask(() -> {
                sleep(0.1);
                throw boom;
            });
            try {
                failing.await();
                return null;
            } catch (IllegalArgumentException e) {
                return e;
            }
        });

        assertThat(loop.runUntilComplete(outer)).isSameAs(boom);
    }

    @Test
    void failedTaskStoresItsExceptionAndRunUntilCompleteRethrowsIt() {
        IllegalStateException boom = new IllegalStateException("boom");
        Task<String> t = loop.createTask(() -> {
            throw boom;
        });

        assertThatThrownBy(() -> loop.runUntilComplete(t)).isSameAs(boom);
        assertThat(t.isDone()).isTrue();
        assertThat(t.isCancelled()).isFalse();
        assertThat(t.exception()).isSameAs(boom);
        assertThatThrownBy(t::result).isSameAs(boom);
    }

    @Test
    void checkedExceptionReachesTheAwaiterWrappedInCompletionException() {
        IOException io = new IOException("disk gone");
        Task<String> failing = loop.createTask(() -> {
            throw io;
        });
        Throwable seen = loop.runUntilComplete(() -> {
            try {
                failing.await();
                return null;
            } catch (CompletionException e) {
                return e;
            }
        });

        assertThat(seen).isExactlyInstanceOf(CompletionException.class).cause().isSameAs(io);
        assertThat(failing.exception()).isSameAs(io);
    }

    @Test
    void awaiterFramesAreVisibleInTheRethrownException() {
        IllegalStateException boom = new IllegalStateException("boom");
        loop.runUntilComplete(() -> {
            Task<Void> failing = createTask(() -> {
                throw boom;
            }, "failing");
            try {
                failing.await();
            } catch (IllegalStateException e) {
                // expected
            }
        });

        assertThat(boom.getSuppressed()).isNotEmpty();
    }

    @Test
    void aTaskAwaitingItselfIsRefusedInsteadOfHangingForever() {
        // asyncio: RuntimeError('Task cannot await on itself: <Task ...>')
        Throwable seen = loop.runUntilComplete(() -> {
            try {
                currentTask().await();
                return null;
            } catch (IllegalStateException e) {
                return e;
            }
        });

        assertThat(seen).hasMessageStartingWith("Task cannot await on itself");
    }

    @Test
    void setResultAndSetExceptionAreRefusedOnATask() {
        Task<String> t = loop.createTask(() -> "x");

        assertThatThrownBy(() -> t.setResult("y")).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> t.setException(new RuntimeException())).isInstanceOf(IllegalStateException.class);
        assertThat(loop.runUntilComplete(t)).isEqualTo("x");
    }

    @Test
    void doneCallbacksOfATaskRunAfterItFinishes() {
        Task<String> t = loop.createTask(() -> {
            events.add("body");
            return "r";
        });
        t.addDoneCallback(f -> events.add("callback " + f.result()));

        loop.runUntilComplete(() -> sleep(0));

        assertThat(events).containsExactly("body", "callback r");
    }

    @Test
    void getCoroReturnsTheCoroutineTheTaskRuns() {
        Coroutine<String> coro = () -> "x";
        Task<String> t = loop.createTask(coro);

        assertThat(t.getCoro()).isSameAs(coro);
        loop.runUntilComplete(t);
    }

    // ------------------------------------------------------------ names, currentTask, allTasks

    @Test
    void unnamedTasksAreNumberedInCreationOrderAndNamedOnesDoNotUseANumber() {
        Task<Void> a = loop.createTask(() -> {});
        Task<Void> named = loop.createTask(() -> {}, "worker");
        Task<Void> b = loop.createTask(() -> {});

        assertThat(a.getName()).matches("Task-\\d+");
        int n = Integer.parseInt(a.getName().substring("Task-".length()));
        assertThat(b.getName()).isEqualTo("Task-" + (n + 1));
        assertThat(named.getName()).isEqualTo("worker");
        loop.runUntilComplete(b);
    }

    @Test
    void setNameRenamesTheTaskAndShowsInItsRepr() {
        Task<Void> t = loop.createTask(() -> {}, "before");

        t.setName("after");

        assertThat(t.getName()).isEqualTo("after");
        assertThat(t.toString()).contains("name='after'");
        assertThatThrownBy(() -> t.setName(null)).isInstanceOf(NullPointerException.class);
        loop.runUntilComplete(t);
    }

    @Test
    void currentTaskIsTheRunningTaskInsideAndNullOutside() {
        List<Object> seen = new ArrayList<>();
        Task<Void> main = loop.createTask(() -> {
            seen.add(currentTask());
            Task<Void> child = createTask(() -> {
                seen.add(currentTask());
            });
            loop.callSoon(() -> seen.add(String.valueOf(currentTask())));
            child.await();
            seen.add(child);
            seen.add(currentTask());
        });

        loop.runUntilComplete(main);

        assertThat(seen).hasSize(5);
        assertThat(seen.get(0)).isSameAs(main);
        assertThat(seen.get(1)).isSameAs(seen.get(3)).isNotSameAs(main);
        assertThat(seen.get(2)).isEqualTo("null"); // a callback runs outside any task
        assertThat(seen.get(4)).isSameAs(main);
        assertThat(currentTask()).isNull();
    }

    @Test
    void allTasksListsTheLiveTasksOfTheLoopOnly() {
        loop.runUntilComplete(() -> {
            Task<?> main = currentTask();
            Task<Void> sleeper = createTask(() -> sleep(10), "sleeper");
            Task<Void> quick = createTask(() -> {}, "quick");
            assertThat(Asyncio.allTasks()).containsExactlyInAnyOrder(main, sleeper, quick);
            quick.await();
            assertThat(Asyncio.allTasks()).containsExactlyInAnyOrder(main, sleeper);
            sleeper.await();
            assertThat(Asyncio.allTasks()).containsExactly(main);
        });

        assertThat(Asyncio.allTasks(loop)).isEmpty();
    }

    // ------------------------------------------------------------ ordering

    @Test
    void createTaskDoesNotRunTheBodyUntilTheCreatorYields() {
        loop.runUntilComplete(() -> {
            createTask(() -> events.add("child"));
            events.add("created");
            sleep(0);
            events.add("after yield");
        });

        assertThat(events).containsExactly("created", "child", "after yield");
    }

    @Test
    void tasksStartInCreationOrderInterleavedWithCallSoon() {
        // asyncio: ['main', 't1', 'cb', 't2', 'main2']
        loop.runUntilComplete(() -> {
            createTask(() -> events.add("t1"));
            loop.callSoon(() -> events.add("cb"));
            createTask(() -> events.add("t2"));
            events.add("main");
            sleep(0);
            events.add("main2");
        });

        assertThat(events).containsExactly("main", "t1", "cb", "t2", "main2");
    }

    @Test
    void manyTasksStartInCreationOrder() {
        loop.runUntilComplete(() -> {
            List<Task<Boolean>> tasks = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                int n = i;
                tasks.add(createTask(() -> events.add("t" + n)));
            }
            for (Task<Boolean> t : tasks) t.await();
        });

        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 50; i++) expected.add("t" + i);
        assertThat(events).isEqualTo(expected);
    }

    @Test
    void taskWokenByAFutureResumesAfterCallbacksScheduledEarlier() {
        // asyncio: ['w start', 'cb1', 'w woke', 'cb2']
        loop.runUntilComplete(() -> {
            Future<Void> fut = loop.createFuture();
            Task<Void> waiter = createTask(() -> {
                events.add("w start");
                fut.await();
                events.add("w woke");
            });
            sleep(0);
            loop.callSoon(() -> events.add("cb1"));
            fut.setResult(null);
            loop.callSoon(() -> events.add("cb2"));
            waiter.await();
        });

        assertThat(events).containsExactly("w start", "cb1", "w woke", "cb2");
    }

    @Test
    void waitingTaskWakesAtItsPlaceAmongTheFuturesDoneCallbacks() {
        // asyncio: ['set', 'cb-before', 'w woke', 'cb-after']
        loop.runUntilComplete(() -> {
            Future<Integer> fut = loop.createFuture();
            fut.addDoneCallback(f -> events.add("cb-before"));
            Task<Void> waiter = createTask(() -> {
                fut.await();
                events.add("w woke");
            });
            sleep(0);
            fut.addDoneCallback(f -> events.add("cb-after"));
            fut.setResult(1);
            events.add("set");
            waiter.await();
        });

        assertThat(events).containsExactly("set", "cb-before", "w woke", "cb-after");
    }

    @Test
    void taskAwaitingATaskResumesOneStepAfterTheInnerTaskFinishes() {
        // asyncio: ['outer', 'cb', 'inner', 'inner2', 'outer got 5']
        loop.runUntilComplete(() -> {
            Task<Void> outer = createTask(() -> {
                events.add("outer");
                int r = createTask(() -> {
                    events.add("inner");
                    sleep(0);
                    events.add("inner2");
                    return 5;
                }).await();
                events.add("outer got " + r);
            });
            loop.callSoon(() -> events.add("cb"));
            outer.await();
        });

        assertThat(events).containsExactly("outer", "cb", "inner", "inner2", "outer got 5");
    }

    @Test
    void awaitingATaskThatIsAlreadyDoneDoesNotYield() {
        // asyncio: ['work', 'waiter woke', 'cb1', 'cb2']
        loop.runUntilComplete(() -> {
            Task<Integer> work = createTask(() -> {
                events.add("work");
                return 1;
            });
            work.addDoneCallback(f -> events.add("cb1"));
            Task<Void> waiter = createTask(() -> {
                work.await();
                events.add("waiter woke");
            });
            work.addDoneCallback(f -> events.add("cb2"));
            waiter.await();
            sleep(0);
        });

        assertThat(events).containsExactly("work", "waiter woke", "cb1", "cb2");
    }
}
