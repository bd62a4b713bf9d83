package jasyncio;

import static jasyncio.Asyncio.createTask;
import static jasyncio.Asyncio.currentTask;
import static jasyncio.Asyncio.gather;
import static jasyncio.Asyncio.sleep;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import jasyncio.internal.SelectorLoop;
import jasyncio.internal.VirtualClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@link Asyncio#sleep}, re-expressed from CPython's test_tasks.py (test_sleep*) and the
 * ordering rules of asyncio's loop: sleep(0) yields exactly one turn, timers fire in deadline
 * then scheduling order, and a sleeping task is cancellable. Expected orders were produced by
 * running the same programs on Python 3.11's asyncio.
 */
class SleepTest {
    private final SelectorLoop loop = new SelectorLoop(new VirtualClock());
    private final List<String> events = new ArrayList<>();

    @AfterEach
    void closeLoop() {
        loop.close();
    }

    // ------------------------------------------------------------ values and durations

    @Test
    void sleepReturnsTheGivenResultAfterTheDelay() {
        String r = loop.runUntilComplete(() -> sleep(2.5, "result"));

        assertThat(r).isEqualTo("result");
        assertThat(loop.time()).isEqualTo(2.5);
    }

    @Test
    void durationOverloadsSleepTheSameTime() {
        String r = loop.runUntilComplete(() -> {
            sleep(Duration.ofMillis(1500));
            events.add("t=" + loop.time());
            return sleep(Duration.ofSeconds(2), "after duration");
        });

        assertThat(r).isEqualTo("after duration");
        assertThat(events).containsExactly("t=1.5");
        assertThat(loop.time()).isEqualTo(3.5);
    }

    @Test
    void sleepZeroAndNegativeReturnTheirResultWithoutTime() {
        // asyncio: r0 neg
        String r = loop.runUntilComplete(() -> sleep(0, "r0") + " " + sleep(-1, "neg"));

        assertThat(r).isEqualTo("r0 neg");
        assertThat(loop.time()).isZero();
    }

    @Test
    void anHourLongSleepOnTheVirtualClockIsInstant() {
        long t0 = System.nanoTime();
        loop.runUntilComplete(() -> sleep(3600));

        assertThat(loop.time()).isEqualTo(3600.0);
        assertThat(System.nanoTime() - t0).isLessThan(5_000_000_000L); // generous: includes warm-up
    }

    @Test
    void nanDelayIsRefused() {
        loop.runUntilComplete(() -> {
            assertThatThrownBy(() -> sleep(Double.NaN)).isInstanceOf(IllegalArgumentException.class);
        });
    }

    @Test
    void sleepInALoopCallbackIsRefusedWithTheFix() {
        loop.callSoon(() -> {
            try {
                sleep(1);
                events.add("slept in a callback");
            } catch (IllegalStateException e) {
                events.add(e.getMessage());
            }
        });
        loop.runUntilComplete(() -> sleep(0));

        assertThat(events).singleElement().asString().contains("callback").contains("must not block");
    }

    // ------------------------------------------------------------ ordering

    @Test
    void sleepZeroYieldsOneTurnToEveryReadyTaskAndCallback() {
        // asyncio: ['main', 'a1', 'b1', 'cb', 'main2', 'a2', 'b2', 'a3', 'b3']
        loop.runUntilComplete(() -> {
            Task<Void> a = createTask(stepper("a"));
            Task<Void> b = createTask(stepper("b"));
            loop.callSoon(() -> events.add("cb"));
            events.add("main");
            sleep(0);
            events.add("main2");
            a.await();
            b.await();
        });

        assertThat(events).containsExactly("main", "a1", "b1", "cb", "main2", "a2", "b2", "a3", "b3");
    }

    private VoidCoroutine stepper(String name) {
        return () -> {
            events.add(name + "1");
            sleep(0);
            events.add(name + "2");
            sleep(0);
            events.add(name + "3");
        };
    }

    @Test
    void taskWokenByAFutureRunsBeforeTheTaskThatSetItAndThenYielded() {
        // asyncio: ['p1', 'q1', 'p2', 'p3', 'q2', 'p4']
        loop.runUntilComplete(() -> {
            Future<Integer> fut = loop.createFuture();
            Task<Void> p = createTask(() -> {
                events.add("p1");
                sleep(0);
                events.add("p2");
                fut.setResult(1);
                events.add("p3");
                sleep(0);
                events.add("p4");
            });
            Task<Void> q = createTask(() -> {
                events.add("q1");
                fut.await();
                events.add("q2");
            });
            gather(p, q);
        });

        assertThat(events).containsExactly("p1", "q1", "p2", "p3", "q2", "p4");
    }

    @Test
    void aDueTimerRunsAfterTheCallbacksAlreadyReady() {
        // asyncio: ['soon', 'main', 'timer0', 'main2']
        loop.runUntilComplete(() -> {
            loop.callLater(0, () -> events.add("timer0"));
            loop.callSoon(() -> events.add("soon"));
            sleep(0);
            events.add("main");
            sleep(0);
            events.add("main2");
        });

        assertThat(events).containsExactly("soon", "main", "timer0", "main2");
    }

    @Test
    void shorterSleepsWakeFirst() {
        // asyncio: ['c', 'b', 'a']
        loop.runUntilComplete(() -> gather(
                createTask(() -> {
                    sleep(2);
                    events.add("a");
                }),
                createTask(() -> {
                    sleep(1);
                    events.add("b");
                }),
                createTask(() -> {
                    sleep(0);
                    events.add("c");
                })));

        assertThat(events).containsExactly("c", "b", "a");
    }

    @Test
    void sleepsWithEqualDeadlinesWakeInTheOrderTheyStarted() {
        loop.runUntilComplete(() -> {
            List<Task<Void>> tasks = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                String name = "s" + i;
                tasks.add(createTask(() -> {
                    sleep(1);
                    events.add(name);
                }));
            }
            gather(tasks);
        });

        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 20; i++) expected.add("s" + i);
        assertThat(events).isEqualTo(expected);
    }

    @Test
    void timersWithEqualDeadlinesFireInSchedulingOrder() {
        // jasyncio's rule (DESIGN §3): asyncio's heap does not promise this for exactly equal deadlines.
        loop.runUntilComplete(() -> {
            double when = loop.time() + 1;
            for (int i = 0; i < 20; i++) {
                int n = i;
                if (i % 2 == 0) {
                    loop.callAt(when, () -> events.add("t" + n));
                } else {
                    loop.callLater(1, () -> events.add("t" + n));
                }
            }
            loop.callLater(0.5, () -> events.add("earlier"));
            sleep(2);
        });

        List<String> expected = new ArrayList<>();
        expected.add("earlier");
        for (int i = 0; i < 20; i++) expected.add("t" + i);
        assertThat(events).isEqualTo(expected);
    }

    @Test
    void taskWokenByATimerRunsAfterTheOtherTimersDueWithIt() {
        // asyncio: ['A', 'B', 'woke']
        loop.runUntilComplete(() -> {
            Future<Integer> fut = loop.createFuture();
            Task<Void> waiter = createTask(() -> {
                fut.await();
                events.add("woke");
            });
            sleep(0);
            loop.callLater(1, () -> {
                events.add("A");
                fut.setResult(1);
            });
            loop.callLater(1, () -> events.add("B"));
            waiter.await();
        });

        assertThat(events).containsExactly("A", "B", "woke");
    }

    @Test
    void cancelledTimerDoesNotFireNorHoldTheClock() {
        loop.runUntilComplete(() -> {
            TimerHandle h = loop.callLater(100, () -> events.add("fired"));
            loop.callLater(1, h::cancel);
            sleep(2);
            assertThat(h.isCancelled()).isTrue();
        });

        assertThat(events).isEmpty();
        assertThat(loop.time()).isEqualTo(2.0);
    }

    // ------------------------------------------------------------ cancellation

    @Test
    void cancellingASleepingTaskEndsItsSleepAtOnce() {
        Task<String> t = loop.createTask(() -> {
            try {
                return sleep(3600, "slept");
            } catch (CancelledError e) {
                events.add("cancelled at " + loop.time() + ": " + e.getMessage());
                throw e;
            }
        });
        loop.callLater(10, () -> t.cancel("wake up"));

        assertThatThrownBy(() -> loop.runUntilComplete(t)).isInstanceOf(CancelledError.class).hasMessage("wake up");
        assertThat(events).containsExactly("cancelled at 10.0: wake up");
        assertThat(loop.time()).isEqualTo(10.0);
    }

    @Test
    void cancellingADurationSleepWorksTheSame() {
        Task<String> t = loop.createTask(() -> sleep(Duration.ofHours(1), "slept"));
        loop.callLater(Duration.ofSeconds(3), t::cancel);

        assertThatThrownBy(() -> loop.runUntilComplete(t)).isInstanceOf(CancelledError.class);
        assertThat(loop.time()).isEqualTo(3.0);
    }

    @Test
    void sleepZeroIsACancellationPoint() {
        Task<Void> t = loop.createTask(() -> {
            currentTask().cancel("pending");
            events.add("before yield");
            sleep(0);
            events.add("after yield");
        });

        assertThatThrownBy(() -> loop.runUntilComplete(t)).isInstanceOf(CancelledError.class).hasMessage("pending");
        assertThat(events).containsExactly("before yield");
    }

    @Test
    void taskCancelledWhileReadyAfterSleepZeroSeesCancelledErrorThere() {
        loop.runUntilComplete(() -> {
            Task<Void> t = createTask(() -> {
                events.add("started");
                try {
                    sleep(0);
                    events.add("resumed");
                } catch (CancelledError e) {
                    events.add("cancelled: " + e.getMessage());
                    throw e;
                }
            });
            sleep(0); // t starts and yields; it is now queued to resume
            t.cancel("while ready");

            assertThatThrownBy(t::await).isInstanceOf(CancelledError.class);
        });

        assertThat(events).containsExactly("started", "cancelled: while ready");
    }
}
