package jasyncio;

import static jasyncio.Asyncio.createTask;
import static jasyncio.Asyncio.currentTask;
import static jasyncio.Asyncio.sleep;
import static jasyncio.Asyncio.taskGroup;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import jasyncio.internal.SelectorLoop;
import jasyncio.internal.VirtualClock;

/**
 * {@code asyncio.TaskGroup} (3.11+ semantics), re-expressed from CPython's test_taskgroups.py.
 * Runs on a virtual clock: every sleep is exact, so the order of failures is deterministic.
 */
@Timeout(10)
class TaskGroupTest {
    private final SelectorLoop loop = new SelectorLoop(new VirtualClock());

    @AfterEach
    void closeLoop() {
        loop.close();
    }

    /** Sleeps {@code delay} seconds, then throws {@code error}. */
    private static void crashAfter(double delay, RuntimeException error) {
        sleep(delay);
        throw error;
    }

    private static Set<Class<?>> errorTypes(ExceptionGroup eg) {
        Set<Class<?>> types = new LinkedHashSet<>();
        for (Throwable t : eg.exceptions()) types.add(t.getClass());
        return types;
    }

    private static ExceptionGroup groupOf(Throwable t) {
        assertThat(t).isInstanceOf(ExceptionGroup.class);
        return (ExceptionGroup) t;
    }

    // ------------------------------------------------------------------ all children awaited

    @Test
    void blockEndsOnlyWhenEveryChildIsDone() {
        loop.runUntilComplete(() -> {
            List<Task<Integer>> tasks = new ArrayList<>();
            taskGroup(tg -> {
                tasks.add(tg.createTask(() -> sleep(0.1, 42)));
                tasks.add(tg.createTask(() -> sleep(0.2, 11)));
            });
            assertThat(tasks.get(0).result()).isEqualTo(42);
            assertThat(tasks.get(1).result()).isEqualTo(11);
            assertThat(loop.time()).isEqualTo(0.2);
        });
    }

    @Test
    void childCreatedLaterInTheBodyIsAwaitedToo() {
        loop.runUntilComplete(() -> {
            List<Task<Integer>> tasks = new ArrayList<>();
            taskGroup(tg -> {
                tasks.add(tg.createTask(() -> sleep(0.1, 42)));
                sleep(0.15);
                tasks.add(tg.createTask(() -> sleep(0.2, 11)));
            });
            assertThat(tasks.get(0).result()).isEqualTo(42);
            assertThat(tasks.get(1).result()).isEqualTo(11);
            assertThat(loop.time()).isEqualTo(0.35);
        });
    }

    @Test
    void childCancelledExplicitlyDoesNotDisturbTheGroup() {
        loop.runUntilComplete(() -> {
            List<Task<Integer>> tasks = new ArrayList<>();
            taskGroup(tg -> {
                Task<Integer> t1 = tg.createTask(() -> sleep(1, 42));
                tasks.add(t1);
                sleep(0.15);
                t1.cancel();
                tasks.add(tg.createTask(() -> sleep(0.2, 11)));
            });
            assertThat(tasks.get(0).isCancelled()).isTrue();
            assertThat(tasks.get(1).result()).isEqualTo(11);
            assertThat(currentTask().cancelling()).isZero();
        });
    }

    @Test
    void childrenCanAddMoreChildrenToTheGroup() {
        List<String> events = new ArrayList<>();
        loop.runUntilComplete(() -> {
            taskGroup(tg -> tg.createTask(() -> {
                sleep(0.1);
                tg.createTask(() -> {
                    sleep(0.1);
                    events.add("grandchild 1 at " + loop.time());
                });
                tg.createTask(() -> {
                    sleep(0.2);
                    events.add("grandchild 2 at " + loop.time());
                });
            }));
            events.add("group done at " + loop.time());
        });
        assertThat(events).containsExactly("grandchild 1 at 0.2", "grandchild 2 at 0.3", "group done at 0.3");
    }

    @Test
    void childGetsTheGivenName() {
        loop.runUntilComplete(() -> taskGroup(tg -> {
            String[] seen = new String[1];
            Task<Void> t = tg.createTask(() -> {
                seen[0] = currentTask().getName();
            }, "yolo");
            assertThat(t.getName()).isEqualTo("yolo");
            t.await();
            assertThat(seen[0]).isEqualTo("yolo");
        }));
    }

    // ------------------------------------------------------------------ a child fails

    @Test
    void failingChildCancelsItsSiblingsAndTheBodyAndIsReportedInAnExceptionGroup() {
        List<String> events = new ArrayList<>();
        AtomicInteger num = new AtomicInteger();
        Task<Void> runner = loop.createTask(() -> {
            taskGroup(tg -> {
                for (int i = 0; i < 3; i++) tg.createTask(() -> crashAfter(0.1, new ArithmeticException("/ by zero")));
                tg.createTask(() -> {
                    try {
                        sleep(5);
                    } catch (CancelledError e) {
                        events.add("sibling cancelled at " + loop.time());
                        throw e;
                    }
                    num.incrementAndGet();
                });
                try {
                    sleep(10);
                } catch (CancelledError e) {
                    events.add("body cancelled at " + loop.time());
                    throw e;
                }
            });
            num.addAndGet(10);
        });
        Throwable thrown = catchThrowable(() -> loop.runUntilComplete(runner));
        ExceptionGroup eg = groupOf(thrown);
        assertThat(eg.exceptions()).hasSize(3).allMatch(e -> e instanceof ArithmeticException);
        assertThat(eg).hasMessage("unhandled errors in a TaskGroup (3 sub-exceptions)");
        assertThat(eg.message()).isEqualTo("unhandled errors in a TaskGroup");
        assertThat(num).hasValue(0);
        assertThat(events).containsExactlyInAnyOrder("sibling cancelled at 0.1", "body cancelled at 0.1");
        assertThat(runner.cancelling()).isZero();
        assertThat(runner.isCancelled()).isFalse();
    }

    @Test
    void oneFailureGivesASingularSubExceptionMessage() {
        Throwable thrown = loop.runUntilComplete(() -> catchThrowable(() -> taskGroup(tg -> {
            tg.createTask(() -> crashAfter(0.1, new IllegalStateException("x")));
        })));
        assertThat(thrown).hasMessage("unhandled errors in a TaskGroup (1 sub-exception)");
        assertThat(groupOf(thrown).exceptions()).singleElement().isInstanceOf(IllegalStateException.class);
    }

    @Test
    void errorsAreListedInTheOrderTheChildrenFailed() {
        Throwable thrown = loop.runUntilComplete(() -> catchThrowable(() -> taskGroup(tg -> {
            tg.createTask(() -> crashAfter(0.3, new IllegalArgumentException("third")));
            tg.createTask(() -> crashAfter(0.1, new IllegalStateException("first")));
            tg.createTask(() -> crashAfter(0.1, new UnsupportedOperationException("second")));
            sleep(1);
        })));
        // The 0.3 s child is cancelled by the first failure; the two at 0.1 s both fail.
        assertThat(groupOf(thrown).exceptions()).extracting(Throwable::getMessage).containsExactly("first", "second");
    }

    @Test
    void failureAfterTheBodyFinishedCancelsTheRemainingChildren() {
        List<String> events = new ArrayList<>();
        Task<?>[] t2 = new Task<?>[1];
        Throwable thrown = loop.runUntilComplete(() -> catchThrowable(() -> taskGroup(tg -> {
            tg.createTask(() -> crashAfter(0.1, new ArithmeticException()));
            t2[0] = tg.createTask(() -> {
                try {
                    sleep(1);
                } catch (CancelledError e) {
                    events.add("t2 cancelled");
                    throw e;
                }
                events.add("t2 finished");
            });
        })));
        assertThat(errorTypes(groupOf(thrown))).containsExactly(ArithmeticException.class);
        assertThat(events).containsExactly("t2 cancelled");
        assertThat(t2[0].isCancelled()).isTrue();
    }

    @Test
    void childThatCatchesItsCancellationFinishesWithItsOwnValue() {
        loop.runUntilComplete(() -> {
            List<Task<String>> stubborn = new ArrayList<>();
            Throwable thrown = catchThrowable(() -> taskGroup(tg -> {
                stubborn.add(tg.createTask(() -> {
                    try {
                        sleep(5);
                    } catch (CancelledError e) {
                        return "refused";
                    }
                    return "slept";
                }));
                tg.createTask(() -> crashAfter(0.1, new IllegalArgumentException("x")));
            }));
            assertThat(groupOf(thrown).exceptions()).singleElement().isInstanceOf(IllegalArgumentException.class);
            assertThat(stubborn.get(0).result()).isEqualTo("refused");
            assertThat(currentTask().cancelling()).isZero();
        });
    }

    @Test
    void childStillCleaningUpIsAwaitedBeforeTheGroupRaises() {
        List<String> events = new ArrayList<>();
        loop.runUntilComplete(() -> {
            Throwable thrown = catchThrowable(() -> taskGroup(tg -> {
                tg.createTask(() -> {
                    try {
                        sleep(5);
                    } finally {
                        sleep(2); // slow cleanup after the cancellation
                        events.add("cleanup done at " + loop.time());
                    }
                });
                tg.createTask(() -> crashAfter(1, new IllegalStateException()));
            }));
            events.add("group raised at " + loop.time());
            assertThat(thrown).isInstanceOf(ExceptionGroup.class);
        });
        assertThat(events).containsExactly("cleanup done at 3.0", "group raised at 3.0");
    }

    @Test
    void errorRaisedWhileTheBodyHandlesTheCancellationJoinsTheGroup() {
        Throwable thrown = loop.runUntilComplete(() -> catchThrowable(() -> taskGroup(tg -> {
            tg.createTask(() -> crashAfter(0.1, new ArithmeticException()));
            try {
                sleep(10);
            } finally {
                throw new IllegalStateException("from finally");
            }
        })));
        assertThat(errorTypes(groupOf(thrown)))
                .containsExactlyInAnyOrder(ArithmeticException.class, IllegalStateException.class);
    }

    @Test
    void bodyThatConvertsItsCancellationIntoAnErrorRaisesTheGroup() {
        Task<Void> runner = loop.createTask(() -> taskGroup(tg -> {
            try {
                sleep(10);
            } catch (CancelledError e) {
                throw new IllegalStateException("MyExc");
            }
        }));
        Throwable thrown = loop.runUntilComplete(() -> {
            sleep(0.1);
            runner.cancel();
            return catchThrowable(runner::await);
        });
        assertThat(errorTypes(groupOf(thrown))).containsExactly(IllegalStateException.class);
    }

    @Test
    void noNewChildrenOnceTheGroupIsShuttingDown() {
        List<String> events = new ArrayList<>();
        loop.runUntilComplete(() -> {
            Throwable thrown = catchThrowable(() -> taskGroup(tg -> {
                tg.createTask(() -> crashAfter(0.001, new ArithmeticException()));
                tg.createTask(() -> {
                    try {
                        sleep(1);
                    } catch (CancelledError e) {
                        Throwable refused = catchThrowable(() -> tg.createTask(() -> sleep(1)));
                        events.add(refused.getClass().getSimpleName() + ": " + refused.getMessage());
                    }
                });
            }));
            assertThat(errorTypes(groupOf(thrown))).containsExactly(ArithmeticException.class);
        });
        assertThat(events).hasSize(1);
        assertThat(events.get(0)).startsWith("IllegalStateException").contains("shutting down");
    }

    @Test
    void taskCreatedDuringTheFailureOfAnotherIsCancelledAtItsNextSuspension() {
        List<String> events = new ArrayList<>();
        loop.runUntilComplete(() -> {
            Throwable thrown = catchThrowable(() -> taskGroup(tg -> tg.createTask(() -> {
                tg.createTask(() -> {
                    throw new IllegalStateException("third task failed");
                });
                try {
                    sleep(0);
                    events.add("passed first sleep(0)");
                    sleep(0);
                    events.add("passed second sleep(0)");
                } catch (CancelledError e) {
                    events.add("cancelled");
                }
            })));
            assertThat(groupOf(thrown).exceptions()).singleElement().hasFieldOrPropertyWithValue("message",
                    "third task failed");
        });
        assertThat(events).containsExactly("passed first sleep(0)", "cancelled");
    }

    @Test
    void theHydraIsStoppedByHercules() {
        AtomicInteger hydras = new AtomicInteger();
        loop.runUntilComplete(() -> {
            Throwable thrown = catchThrowable(() -> taskGroup(tg -> {
                class Hydra {
                    void grow() {
                        hydras.incrementAndGet();
                        sleep(0.01);
                        tg.createTask(this::grow);
                        tg.createTask(this::grow);
                    }
                }
                tg.createTask(new Hydra()::grow);
                tg.createTask(() -> {
                    while (hydras.get() < 10) sleep(0.015);
                    throw new ArithmeticException();
                });
            }));
            assertThat(errorTypes(groupOf(thrown))).containsExactly(ArithmeticException.class);
        });
        assertThat(hydras.get()).isGreaterThanOrEqualTo(10);
    }

    // ------------------------------------------------------------------ the body fails

    @Test
    void bodyErrorCancelsTheChildrenAndIsTheOnlyMemberOfTheGroup() {
        loop.runUntilComplete(() -> {
            List<Task<Integer>> tasks = new ArrayList<>();
            Throwable thrown = catchThrowable(() -> taskGroup(tg -> {
                tasks.add(tg.createTask(() -> sleep(1, 42)));
                tasks.add(tg.createTask(() -> sleep(2, 11)));
                sleep(0.1);
                throw new ArithmeticException("/ by zero");
            }));
            assertThat(groupOf(thrown).exceptions()).singleElement().isInstanceOf(ArithmeticException.class);
            assertThat(tasks).allMatch(Task::isCancelled);
            assertThat(loop.time()).isEqualTo(0.1);
        });
    }

    @Test
    void checkedExceptionsAreGroupedAsThemselvesNotWrapped() {
        Throwable thrown = loop.runUntilComplete(() -> catchThrowable(() -> taskGroup(tg -> {
            tg.createTask(() -> {
                sleep(0.1);
                throw new java.io.IOException("child io");
            });
            try {
                sleep(1);
            } catch (CancelledError e) {
                throw new java.util.concurrent.TimeoutException("body checked");
            }
        })));
        assertThat(errorTypes(groupOf(thrown)))
                .containsExactly(java.io.IOException.class, java.util.concurrent.TimeoutException.class);
    }

    @Test
    void bodyErrorBeforeAnySuspensionCancelsChildrenThatNeverStarted() {
        List<String> events = new ArrayList<>();
        loop.runUntilComplete(() -> {
            List<Task<Void>> tasks = new ArrayList<>();
            Throwable thrown = catchThrowable(() -> taskGroup(tg -> {
                tasks.add(tg.createTask(() -> {
                    events.add("child 1 ran");
                }));
                tasks.add(tg.createTask(() -> {
                    events.add("child 2 ran");
                }));
                throw new ArithmeticException();
            }));
            assertThat(errorTypes(groupOf(thrown))).containsExactly(ArithmeticException.class);
            assertThat(tasks).allMatch(Task::isCancelled);
        });
        assertThat(events).isEmpty();
    }

    @Test
    void bodyErrorComesAfterTheChildErrorsThatHappenedFirst() {
        Throwable thrown = loop.runUntilComplete(() -> catchThrowable(() -> taskGroup(tg -> {
            tg.createTask(() -> crashAfter(0.05, new IllegalStateException("child")));
            tg.createTask(() -> crashAfter(0.2, new IllegalStateException("late child")));
            try {
                sleep(1);
            } catch (CancelledError e) {
                throw new IllegalArgumentException("body");
            }
        })));
        assertThat(groupOf(thrown).exceptions()).extracting(Throwable::getMessage).containsExactly("child", "body");
    }

    @Test
    void bodyErrorWinsOverAChildThatWouldFailLater() {
        Throwable thrown = loop.runUntilComplete(() -> catchThrowable(() -> taskGroup(tg -> {
            tg.createTask(() -> crashAfter(0.1, new IllegalStateException("child")));
            sleep(0.05);
            throw new IllegalArgumentException("body");
        })));
        assertThat(groupOf(thrown).exceptions()).extracting(Throwable::getMessage).containsExactly("body");
    }

    @Test
    void virtualMachineErrorInTheBodyPropagatesAsItself() {
        Throwable thrown = loop.runUntilComplete(() -> catchThrowable(() -> taskGroup(tg -> {
            tg.createTask(() -> crashAfter(0.1, new ArithmeticException()));
            try {
                sleep(10);
            } finally {
                throw new StackOverflowError("simulated");
            }
        })));
        assertThat(thrown).isInstanceOf(StackOverflowError.class).hasMessage("simulated");
    }

    @Test
    void virtualMachineErrorInAChildPropagatesAsItselfOverABodyError() {
        Throwable thrown = loop.runUntilComplete(() -> catchThrowable(() -> taskGroup(tg -> {
            tg.createTask(() -> {
                sleep(0.1);
                throw new StackOverflowError("child");
            });
            try {
                sleep(10);
            } finally {
                throw new IllegalStateException("body");
            }
        })));
        assertThat(thrown).isInstanceOf(StackOverflowError.class).hasMessage("child");
    }

    // ------------------------------------------------------------------ cancelled from outside

    @Test
    void parentCancelledFromOutsideCancelsTheChildrenAndPropagatesCancellation() {
        AtomicInteger childCancels = new AtomicInteger();
        int[] cancellingInside = {-1};
        Task<Void> runner = loop.createTask(() -> {
            try {
                taskGroup(tg -> {
                    for (int i = 0; i < 5; i++) {
                        tg.createTask(() -> {
                            try {
                                sleep(5);
                            } catch (CancelledError e) {
                                childCancels.incrementAndGet();
                                throw e;
                            }
                        });
                    }
                });
            } catch (CancelledError e) {
                cancellingInside[0] = currentTask().cancelling();
                throw e;
            }
        });
        Throwable thrown = loop.runUntilComplete(() -> {
            sleep(0.1);
            assertThat(runner.isDone()).isFalse();
            runner.cancel("test");
            return catchThrowable(runner::await);
        });
        assertThat(thrown).isInstanceOf(CancelledError.class).hasMessage("test");
        assertThat(childCancels).hasValue(5);
        assertThat(cancellingInside[0]).isEqualTo(1);
        assertThat(runner.isCancelled()).isTrue();
        assertThat(runner.cancelling()).isEqualTo(1);
    }

    @Test
    void repeatedOutsideCancellationStillWaitsForEveryChildsCleanup() {
        List<String> events = new ArrayList<>();
        Task<Void> runner = loop.createTask(() -> taskGroup(tg -> {
            for (String name : List.of("a", "b")) {
                tg.createTask(() -> {
                    try {
                        sleep(10);
                    } finally {
                        sleep(1); // cleanup that takes a while
                        events.add(name + " cleaned up at " + loop.time());
                    }
                });
            }
        }));
        Throwable thrown = loop.runUntilComplete(() -> {
            sleep(0.5);
            runner.cancel("first");
            sleep(0.25);
            runner.cancel("second");
            Throwable t = catchThrowable(runner::await);
            events.add("runner done at " + loop.time());
            return t;
        });
        assertThat(thrown).isInstanceOf(CancelledError.class).hasMessage("first");
        assertThat(events).containsExactly("a cleaned up at 1.5", "b cleaned up at 1.5", "runner done at 1.5");
        assertThat(runner.cancelling()).isEqualTo(2);
    }

    @Test
    void parentCancelledWhileTheBodyWaitsCancelsBodyAndChildren() {
        AtomicInteger num = new AtomicInteger();
        Task<Void> runner = loop.createTask(() -> taskGroup(tg -> {
            for (int i = 0; i < 5; i++) {
                tg.createTask(() -> {
                    try {
                        sleep(5);
                    } catch (CancelledError e) {
                        num.incrementAndGet();
                        throw e;
                    }
                });
            }
            try {
                sleep(10);
            } catch (CancelledError e) {
                num.addAndGet(10);
                throw e;
            }
        }));
        loop.runUntilComplete(() -> {
            sleep(0.1);
            runner.cancel();
            assertThatThrownBy(runner::await).isInstanceOf(CancelledError.class);
        });
        assertThat(num).hasValue(15);
    }

    @Test
    void parentCancelledWithoutChildrenPropagatesCancellation() {
        AtomicInteger num = new AtomicInteger();
        Task<Void> runner = loop.createTask(() -> taskGroup(tg -> {
            try {
                sleep(10);
            } catch (CancelledError e) {
                num.addAndGet(10);
                throw e;
            }
        }));
        loop.runUntilComplete(() -> {
            sleep(0.1);
            runner.cancel();
            assertThatThrownBy(runner::await).isInstanceOf(CancelledError.class);
        });
        assertThat(num).hasValue(10);
    }

    @Test
    void parentCancelledWhileWaitingForTheChildrenAtTheEndOfTheBlock() {
        Task<Void> runner = loop.createTask(() -> taskGroup(tg -> {
            tg.createTask(() -> sleep(1));
            tg.createTask(() -> sleep(2));
        }));
        loop.runUntilComplete(() -> {
            sleep(0.05);
            runner.cancel();
            assertThatThrownBy(runner::await).isInstanceOf(CancelledError.class);
        });
        assertThat(runner.isCancelled()).isTrue();
    }

    @Test
    void childFailingWhileTheBodyIsSlowToHonourAnOutsideCancellationTurnsItIntoAnExceptionGroup() {
        Task<Void> runner = loop.createTask(() -> taskGroup(tg -> {
            tg.createTask(() -> crashAfter(0.3, new ArithmeticException()));
            try {
                sleep(10);
            } catch (CancelledError e) {
                sleep(0.5);
                throw e;
            }
        }));
        Throwable thrown = loop.runUntilComplete(() -> {
            sleep(0.1);
            runner.cancel();
            return catchThrowable(runner::await);
        });
        assertThat(errorTypes(groupOf(thrown))).containsExactly(ArithmeticException.class);
        assertThat(runner.isCancelled()).isFalse();
    }

    @Test
    void childFailingWhileAGroupInAnAwaitedInnerTaskHonoursTheOuterCancellationWins() {
        Task<Void> runner = loop.createTask(() -> {
            Task<Void> nested = createTask(() -> taskGroup(tg -> {
                tg.createTask(() -> crashAfter(0.3, new ArithmeticException()));
                try {
                    sleep(10);
                } catch (CancelledError e) {
                    sleep(0.5);
                    throw e;
                }
            }));
            nested.await();
        });
        Throwable thrown = loop.runUntilComplete(() -> {
            sleep(0.1);
            runner.cancel();
            return catchThrowable(runner::await);
        });
        assertThat(errorTypes(groupOf(thrown))).containsExactly(ArithmeticException.class);
        assertThat(runner.isCancelled()).isFalse();
    }

    @Test
    void failureAndOutsideCancellationTogetherKeepTheCancellingCountStable() {
        // asyncio's test_error_and_cancel.
        List<String> events = new ArrayList<>();
        Future<Void> childStarted = loop.createFuture();
        Task<Void> inner = loop.createTask(() -> {
            Throwable thrown = catchThrowable(() -> taskGroup(tg -> {
                tg.createTask(() -> {
                    childStarted.setResult(null);
                    sleep(0);
                    throw new IllegalStateException();
                });
                sleep(1);
                events.add("sleep in group was not cancelled");
            }));
            events.add("group raised " + thrown.getClass().getSimpleName()
                    + " with cancelling()=" + currentTask().cancelling());
            sleep(1);
            events.add("sleep after group was not cancelled");
        });
        loop.runUntilComplete(() -> {
            childStarted.await();
            assertThat(inner.cancelling()).isZero();
            inner.cancel();
            assertThat(inner.cancelling()).isEqualTo(1);
            assertThatThrownBy(inner::await).isInstanceOf(CancelledError.class);
        });
        assertThat(inner.isCancelled()).isTrue();
        assertThat(events).containsExactly("group raised ExceptionGroup with cancelling()=1");
    }

    @Test
    void cancellingCountIsBackToZeroAfterTheGroupRaises() {
        loop.runUntilComplete(() -> {
            assertThatThrownBy(() -> taskGroup(tg -> tg.createTask(() -> crashAfter(0, new IllegalStateException()))))
                    .isInstanceOf(ExceptionGroup.class);
            assertThat(currentTask().cancelling()).isZero();
            sleep(0); // the group's own cancel request does not leak out
            sleep(0.5);
        });
    }

    @Test
    void errorInAContextClosedInsideTheBodyAndAChildErrorBothReachTheGroup() {
        // asyncio's test_taskgroup_context_manager_exit_raises.
        loop.runUntilComplete(() -> {
            Throwable thrown = catchThrowable(() -> taskGroup(tg -> {
                try {
                    tg.createTask(() -> {
                        throw new IllegalStateException("child");
                    });
                    sleep(1);
                } finally {
                    throw new IllegalStateException("resource close");
                }
            }));
            assertThat(groupOf(thrown).exceptions()).hasSize(2);
            assertThat(currentTask().cancelling()).isZero();
        });
    }

    // ------------------------------------------------------------------ nesting

    @Test
    void nestedGroupsPropagateAnOutsideCancellation() {
        Task<Void> runner = loop.createTask(() -> taskGroup(outer -> {
            outer.createTask(() -> sleep(10));
            taskGroup(inner -> {
                for (int i = 0; i < 5; i++) inner.createTask(() -> crashAfter(0.1, new ArithmeticException()));
                sleep(10);
            });
        }));
        loop.runUntilComplete(() -> {
            sleep(0.05);
            runner.cancel();
            assertThatThrownBy(runner::await).isInstanceOf(CancelledError.class);
        });
    }

    @Test
    void childrenFailingInTheirCleanupAfterAnOutsideCancellationRaiseAnExceptionGroup() {
        Task<Void> runner = loop.createTask(() -> taskGroup(tg -> {
            for (int i = 0; i < 5; i++) {
                tg.createTask(() -> {
                    try {
                        sleep(10);
                    } finally {
                        throw new ArithmeticException("/ by zero");
                    }
                });
            }
            sleep(10);
        }));
        Throwable thrown = loop.runUntilComplete(() -> {
            sleep(0.1);
            runner.cancel();
            return catchThrowable(runner::await);
        });
        ExceptionGroup eg = groupOf(thrown);
        assertThat(eg.exceptions()).hasSize(5);
        assertThat(errorTypes(eg)).containsExactly(ArithmeticException.class);
    }

    @Test
    void innerGroupWhoseChildrenFailInCleanupNestsInsideTheOuterGroupOnOutsideCancellation() {
        Task<Void> runner = loop.createTask(() -> taskGroup(g1 -> {
            g1.createTask(() -> sleep(10));
            taskGroup(g2 -> {
                for (int i = 0; i < 5; i++) {
                    g2.createTask(() -> {
                        try {
                            sleep(10);
                        } finally {
                            throw new ArithmeticException("/ by zero");
                        }
                    });
                }
                sleep(10);
            });
        }));
        Throwable thrown = loop.runUntilComplete(() -> {
            sleep(0.1);
            runner.cancel();
            return catchThrowable(runner::await);
        });
        ExceptionGroup outer = groupOf(thrown);
        assertThat(errorTypes(outer)).containsExactly(ExceptionGroup.class);
        assertThat(errorTypes(groupOf(outer.exceptions().get(0)))).containsExactly(ArithmeticException.class);
    }

    @Test
    void outerChildFailingFirstCancelsTheInnerGroupWhichRaisesNothingOfItsOwn() {
        Task<Void> runner = loop.createTask(() -> taskGroup(g1 -> {
            g1.createTask(() -> crashAfter(0.1, new IllegalArgumentException("0.1")));
            taskGroup(g2 -> g2.createTask(() -> crashAfter(10, new IllegalArgumentException("10"))));
        }));
        Throwable thrown = catchThrowable(() -> loop.runUntilComplete(runner));
        assertThat(groupOf(thrown).exceptions()).singleElement()
                .isInstanceOf(IllegalArgumentException.class).hasFieldOrPropertyWithValue("message", "0.1");
    }

    @Test
    void innerChildFailingFirstNestsTheInnerGroupInsideTheOuterOne() {
        Task<Void> runner = loop.createTask(() -> taskGroup(g1 -> {
            g1.createTask(() -> crashAfter(10, new IllegalArgumentException("10")));
            taskGroup(g2 -> g2.createTask(() -> crashAfter(0.1, new IllegalArgumentException("0.1"))));
        }));
        Throwable thrown = catchThrowable(() -> loop.runUntilComplete(runner));
        ExceptionGroup outer = groupOf(thrown);
        assertThat(errorTypes(outer)).containsExactly(ExceptionGroup.class);
        ExceptionGroup inner = groupOf(outer.exceptions().get(0));
        assertThat(inner.exceptions()).singleElement().isInstanceOf(IllegalArgumentException.class)
                .hasFieldOrPropertyWithValue("message", "0.1");
        assertThat(outer.subgroup(IllegalArgumentException.class)).isNotNull();
    }

    @Test
    void nestedGroupsThatBothFailLeaveTheCancellingCountConsistent() {
        // asyncio's test_nested_groups_both_cancelled.
        List<String> events = new ArrayList<>();
        loop.runUntilComplete(() -> {
            Throwable outerThrown = catchThrowable(() -> taskGroup(outer -> {
                Throwable innerThrown = catchThrowable(() -> taskGroup(inner -> {
                    inner.createTask(() -> crashAfter(0, new IllegalStateException("inner")));
                    outer.createTask(() -> crashAfter(0, new IllegalArgumentException("outer")));
                }));
                events.add("inner group raised " + innerThrown.getClass().getSimpleName());
                events.add("cancelling()=" + currentTask().cancelling());
            }));
            assertThat(groupOf(outerThrown).exceptions()).singleElement().isInstanceOf(IllegalArgumentException.class);
            events.add("after both: cancelling()=" + currentTask().cancelling());
        });
        assertThat(events).containsExactly("inner group raised ExceptionGroup", "cancelling()=1",
                "after both: cancelling()=0");
    }

    // ------------------------------------------------------------------ misuse

    @Test
    void createTaskAfterTheBlockEndedIsRefused() {
        loop.runUntilComplete(() -> {
            TaskGroup[] saved = new TaskGroup[1];
            taskGroup(tg -> saved[0] = tg);
            assertThatThrownBy(() -> saved[0].createTask(() -> sleep(0)))
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("is finished");
        });
        assertThat(loop.allTasks()).isEmpty();
    }

    @Test
    void taskGroupOutsideATaskIsRefused() {
        assertThatThrownBy(() -> taskGroup(tg -> {})).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("parent task");
    }

    @Test
    void taskGroupInALoopCallbackIsRefused() {
        Future<Throwable> seen = loop.createFuture();
        loop.callSoon(() -> seen.setResult(catchThrowable(() -> taskGroup(tg -> {}))));
        assertThat(loop.runUntilComplete(seen)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("parent task");
    }

    @Test
    void emptyGroupFinishesAtOnce() {
        loop.runUntilComplete(() -> {
            taskGroup(tg -> {});
            assertThat(loop.time()).isZero();
        });
    }
}
