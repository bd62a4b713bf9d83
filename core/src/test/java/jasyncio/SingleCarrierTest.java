package jasyncio;

import static jasyncio.Asyncio.createTask;
import static jasyncio.Asyncio.getRunningLoop;
import static jasyncio.Asyncio.run;
import static jasyncio.Asyncio.runCoroutineThreadsafe;
import static jasyncio.Asyncio.sleep;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.channels.Pipe;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;

import jasyncio.internal.CarrierBinding;
import jasyncio.internal.SelectorLoop;
import jasyncio.net.Server;
import jasyncio.net.Streams;
import jasyncio.queue.Queue;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * The single-carrier mode (DESIGN §2): run only by the core module's {@code single-carrier}
 * surefire execution (elsewhere it disables itself), in a JVM started without
 * {@code --add-opens java.base/java.lang} and with
 * {@code -Djdk.virtualThreadScheduler.parallelism=1 -Djdk.virtualThreadScheduler.maxPoolSize=1}
 * (the same execution also runs most of the other core tests in that mode). What is checked
 * here is what only this mode has: the loop is a virtual thread beside its tasks, it must hand
 * the carrier over in asyncio's order, never hold it while it waits, let threads woken from
 * outside the carrier run, and see what tasks the JDK woke did while it waited.
 */
@Timeout(20)
@EnabledIfSystemProperty(named = "jdk.virtualThreadScheduler.maxPoolSize", matches = "1",
        disabledReason = "runs in the single-carrier surefire execution only")
class SingleCarrierTest {

    @BeforeAll
    static void thisJvmRunsTheSingleCarrierMode() {
        assertThat(CarrierBinding.singleCarrier())
                .as("SingleCarrierTest must run without --add-opens and with " + CarrierBinding.singleCarrierFlags())
                .isTrue();
    }

    @Test
    void theLoopRunsOnAVirtualThreadOfItsOwnAndTasksOnOthers() {
        Thread caller = Thread.currentThread();
        List<Object> seen = Collections.synchronizedList(new ArrayList<>());
        try (EventLoop loop = Asyncio.newEventLoop()) {
            loop.callSoon(() -> {
                Thread me = Thread.currentThread();
                seen.add(me.isVirtual());
                seen.add(me != caller);
                seen.add(SelectorLoop.of(loop).isLoopThread(me));
                seen.add(Task.current() == null);
            });
            Thread taskThread = loop.runUntilComplete(() -> {
                seen.add(Task.current() != null);
                seen.add(SelectorLoop.of(loop).isLoopThread(Thread.currentThread()));
                return Thread.currentThread();
            });
            assertThat(taskThread.isVirtual()).isTrue();
        }
        assertThat(seen).containsExactly(true, true, true, true, true, false);
    }

    @Test
    void aLoopRunFromAVirtualThreadRunsOnThatThread() throws Exception {
        CompletableFuture<Boolean> sameThread = new CompletableFuture<>();
        Thread t = Thread.ofVirtual().start(() -> {
            Thread me = Thread.currentThread();
            try (EventLoop loop = Asyncio.newEventLoop()) {
                loop.callSoon(() -> sameThread.complete(Thread.currentThread() == me));
                loop.runUntilComplete(() -> sleep(0));
            }
        });
        t.join();
        assertThat(sameThread.get(5, TimeUnit.SECONDS)).isTrue();
    }

    /** asyncio's order: wake-ups and callbacks share one FIFO, task starts included. */
    @Test
    void wakeUpsStartsAndCallbacksKeepAsynciosOrder() {
        List<String> log = Collections.synchronizedList(new ArrayList<>());
        run(() -> {
            EventLoop loop = getRunningLoop();
            Future<Void> f1 = loop.createFuture();
            Future<Void> f2 = loop.createFuture();
            Task<Void> t1 = createTask(() -> {
                log.add("t1 start");
                f1.await();
                log.add("t1 woke");
            });
            Task<Void> t2 = createTask(() -> {
                log.add("t2 start");
                f2.await();
                log.add("t2 woke");
            });
            loop.callSoon(() -> log.add("cb1"));
            sleep(0);
            log.add("main");
            f2.setResult(null);
            loop.callSoon(() -> log.add("cb2"));
            f1.setResult(null);
            loop.callSoon(() -> log.add("cb3"));
            createTask(() -> log.add("t3 start"));
            sleep(0);
            log.add("main again");
            t1.await();
            t2.await();
        });
        assertThat(log).containsExactly("t1 start", "t2 start", "cb1", "main",
                "t2 woke", "cb2", "t1 woke", "cb3", "t3 start", "main again");
    }

    /** One snapshot of the ready queue per iteration: a task that keeps yielding cannot starve a timer. */
    @Test
    void aTaskThatKeepsYieldingDoesNotStarveATimer() {
        int[] yieldsBeforeTimer = new int[1];
        run(() -> {
            AtomicBoolean fired = new AtomicBoolean();
            getRunningLoop().callLater(0, () -> fired.set(true));
            while (!fired.get()) {
                sleep(0);
                yieldsBeforeTimer[0]++;
            }
        });
        assertThat(yieldsBeforeTimer[0]).isBetween(1, 2);
    }

    /**
     * Threads woken from outside the carrier (here the JDK's timer thread ending Thread.sleep)
     * sit in the scheduler's submission queues, which it reads only when its local queue is
     * empty. A loop that never waits keeps that queue busy; it parks now and then so they run.
     */
    @Test
    void aLoopThatNeverWaitsStillLetsThreadsWokenFromOutsideTheCarrierRun() {
        int[] rounds = new int[1];
        run(() -> {
            Queue<Integer> ping = new Queue<>();
            Queue<Integer> pong = new Queue<>();
            AtomicBoolean sleeperDone = new AtomicBoolean();
            Task<Void> sleeper = createTask(() -> {
                for (int i = 0; i < 20; i++) Thread.sleep(1);
                sleeperDone.set(true);
            });
            Task<Void> ponger = createTask(() -> {
                while (true) pong.put(ping.get() + 1);
            });
            int n = 0;
            while (!sleeperDone.get()) {
                ping.put(n);
                n = pong.get();
            }
            rounds[0] = n;
            ponger.cancel();
            sleeper.await();
        });
        assertThat(rounds[0]).isPositive();
    }

    /** The loop waits in select without holding the carrier: an unrelated virtual thread runs meanwhile. */
    @Test
    void aSelectingLoopLeavesTheCarrierToOtherVirtualThreads() {
        String answer = run(() -> {
            EventLoop loop = getRunningLoop();
            // A registered channel, so the loop waits in select.
            Server server = Asyncio.startServer((r, w) -> w.close(), "127.0.0.1", 0);
            try {
                Future<String> done = loop.createFuture();
                // Started from a platform thread, so it is no thread of this loop.
                Thread.ofPlatform().start(() -> Thread.ofVirtual().start(() -> {
                    String v = Thread.currentThread().isVirtual() ? "ran beside the loop" : "?";
                    loop.callSoonThreadsafe(() -> done.trySetResult(v));
                })).join();
                return done.await();
            } finally {
                server.close();
                server.waitClosed();
            }
        });
        assertThat(answer).isEqualTo("ran beside the loop");
    }

    /**
     * A task the JDK woke runs while the loop waits; a channel it starts watching must wake the
     * loop, whose select would not see it. Here the reader is the only way the task can go on.
     */
    @Test
    void aChannelWatchedByATaskTheJdkWokeWakesTheWaitingLoop() throws Exception {
        Pipe pipe = Pipe.open();
        try {
            pipe.sink().write(ByteBuffer.wrap(new byte[] {42}));
            String got = run(() -> {
                EventLoop loop = getRunningLoop();
                BlockingQueue<String> handoff = new LinkedBlockingQueue<>();
                // A registered channel, so the loop waits in select, not in a park.
                Server server = Asyncio.startServer((r, w) -> w.close(), "127.0.0.1", 0);
                try {
                    Task<String> t = createTask(() -> {
                        Thread.sleep(5); // the loop is waiting when this returns
                        loop.addReader(pipe.source(), () -> {
                            ByteBuffer b = ByteBuffer.allocate(1);
                            try {
                                pipe.source().read(b);
                            } catch (IOException e) {
                                throw new UncheckedIOException(e);
                            }
                            loop.removeReader(pipe.source());
                            handoff.add("read " + b.get(0));
                        });
                        return handoff.take();
                    });
                    return t.await();
                } finally {
                    server.close();
                    server.waitClosed();
                }
            });
            assertThat(got).isEqualTo("read 42");
        } finally {
            pipe.source().close();
            pipe.sink().close();
        }
    }

    /**
     * Likewise a callback, a timer or a wake-up of another task that a task the JDK woke adds
     * while the loop waits, with no timer due, in select (a channel is registered) or in a park
     * (none is).
     */
    @Test
    void workQueuedByATaskTheJdkWokeWakesTheWaitingLoop() {
        for (String kind : List.of("callSoon", "callLater", "wake a task")) {
            for (boolean withChannel : new boolean[] {false, true}) {
                String got = run(() -> {
                    EventLoop loop = getRunningLoop();
                    Server server = withChannel
                            ? Asyncio.startServer((r, w) -> w.close(), "127.0.0.1", 0) : null;
                    try {
                        BlockingQueue<String> handoff = new LinkedBlockingQueue<>();
                        Future<String> gate = loop.createFuture();
                        Task<Void> waiter = createTask(() -> {
                            handoff.add(gate.await());
                        });
                        Task<String> t = createTask(() -> {
                            Thread.sleep(5); // the loop waits when this returns
                            switch (kind) {
                                case "callSoon" -> loop.callSoon(() -> handoff.add("callback ran"));
                                case "callLater" -> loop.callLater(0.001, () -> handoff.add("timer fired"));
                                default -> gate.setResult("task woke");
                            }
                            return handoff.take();
                        });
                        String v = t.await();
                        gate.trySetResult("unused");
                        waiter.await();
                        return v;
                    } finally {
                        if (server != null) {
                            server.close();
                            server.waitClosed();
                        }
                    }
                });
                assertThat(got).as(kind + ", channel registered: " + withChannel)
                        .isEqualTo(switch (kind) {
                            case "callSoon" -> "callback ran";
                            case "callLater" -> "timer fired";
                            default -> "task woke";
                        });
            }
        }
    }

    /** Blocking JDK calls park only their task; the loop keeps its timers going meanwhile. */
    @Test
    void blockingJdkCallsInTasksLeaveTheLoopRunning() throws Exception {
        BlockingQueue<String> queue = new LinkedBlockingQueue<>();
        ReentrantLock lock = new ReentrantLock();
        CountDownLatch locked = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Thread holder = Thread.ofPlatform().start(() -> {
            lock.lock();
            try {
                locked.countDown();
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                lock.unlock();
            }
        });
        locked.await();
        try (ServerSocket listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Thread server = Thread.ofPlatform().start(() -> {
                try (Socket s = listener.accept(); OutputStream out = s.getOutputStream()) {
                    release.await();
                    out.write(7);
                } catch (IOException | InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            });
            List<String> results = run(() -> {
                Task<String> taker = createTask(() -> queue.take());
                Task<String> locker = createTask(() -> {
                    lock.lock();
                    lock.unlock();
                    return "locked";
                });
                Task<String> reader = createTask(() -> {
                    try (Socket s = new Socket(InetAddress.getLoopbackAddress(), listener.getLocalPort());
                         InputStream in = s.getInputStream()) {
                        return "read " + in.read();
                    }
                });
                Task<String> sleeper = createTask(() -> {
                    Thread.sleep(10);
                    return "slept";
                });
                int ticks = 0;
                while (ticks < 5) {
                    sleep(0.001);
                    ticks++;
                }
                // Only now, after the loop ticked with all four blocked, are they released.
                queue.add("taken");
                release.countDown();
                return List.of(taker.await(), locker.await(), reader.await(), sleeper.await(), "ticks " + ticks);
            });
            server.join();
            assertThat(results).containsExactly("taken", "locked", "read 7", "slept", "ticks 5");
        } finally {
            release.countDown();
            holder.join();
        }
    }

    /** Several loops may run at once; they take turns on the one carrier. */
    @Test
    void twoLoopsRunAtOnceAndTalkThroughRunCoroutineThreadsafe() throws Exception {
        CompletableFuture<EventLoop> bLoop = new CompletableFuture<>();
        CountDownLatch stopB = new CountDownLatch(1);
        Thread b = Thread.ofPlatform().name("caller-B").start(() -> run(() -> {
            bLoop.complete(getRunningLoop());
            Asyncio.toThread(() -> {
                stopB.await();
                return null;
            });
        }));
        EventLoop loopB = bLoop.get(5, TimeUnit.SECONDS);
        AtomicInteger sum = new AtomicInteger();
        try {
            int total = run(() -> {
                EventLoop loopA = getRunningLoop();
                int acc = 0;
                for (int i = 1; i <= 50; i++) {
                    int v = i;
                    acc += runCoroutineThreadsafe(() -> {
                        assertThat(getRunningLoop()).isSameAs(loopB);
                        sleep(0);
                        return v;
                    }, loopB).await();
                    assertThat(getRunningLoop()).isSameAs(loopA);
                }
                sum.set(acc);
                return acc;
            });
            assertThat(total).isEqualTo(50 * 51 / 2);
        } finally {
            stopB.countDown();
            b.join();
        }
        assertThat(sum.get()).isEqualTo(1275);
    }

    /** Debug mode: a task the JDK woke that holds the carrier while the loop yields to it is reported. */
    @Test
    void debugModeReportsAJdkWokenStepThatHeldTheCarrier() {
        try (EventLoopTest.CapturedLog log = new EventLoopTest.CapturedLog()) {
            run(() -> {
                getRunningLoop().setSlowCallbackDuration(Duration.ofMillis(20));
                AtomicBoolean spun = new AtomicBoolean();
                Task<Void> spinner = createTask(() -> {
                    Thread.sleep(1); // woken by the JDK's timer thread, not by the loop
                    long end = System.nanoTime() + 60_000_000L;
                    while (System.nanoTime() < end) Thread.onSpinWait();
                    spun.set(true);
                });
                // Keep the loop busy, so the spinner runs while the loop yields to the scheduler.
                while (!spun.get()) sleep(0);
                spinner.await();
            }, true);
            assertThat(log.records).anySatisfy(r -> assertThat(r.message())
                    .containsPattern("Virtual threads the JDK woke held the carrier for \\d+\\.\\d{3} seconds"));
        }
    }

    /** close() of a loop, called from a task of another loop, drains on a thread of its own. */
    @Test
    void closeCalledFromATaskOfAnotherLoopDrainsOnAThreadOfItsOwn() {
        EventLoop other = Asyncio.newEventLoop();
        List<Object> seen = Collections.synchronizedList(new ArrayList<>());
        Thread taskThread = run(() -> {
            other.callSoon(() -> {
                seen.add(Thread.currentThread());
                seen.add(Task.current() == null);
            });
            other.close(); // parks only this task while the other loop drains
            return Thread.currentThread();
        });
        assertThat(other.isClosed()).isTrue();
        assertThat(seen).hasSize(2);
        assertThat(seen.get(0)).isNotSameAs(taskThread);
        assertThat(seen.get(1)).isEqualTo(true);
    }

    /** Run in a child JVM whose selector would block the carrier (see the test below). */
    public static final class BlockingSelectorProgram {
        public static void main(String[] args) {
            String out = run(() -> {
                EventLoop loop = getRunningLoop();
                Server server = Asyncio.startServer((reader, writer) -> {
                    writer.write(reader.readline());
                    writer.drain();
                    writer.close();
                }, "127.0.0.1", 0);
                try {
                    // The loop waits in select, with a listener, while a task the JDK woke must run.
                    BlockingQueue<String> handoff = new LinkedBlockingQueue<>();
                    Task<String> t = createTask(() -> {
                        Thread.sleep(5);
                        loop.callSoon(() -> handoff.add("callback ran"));
                        return handoff.take();
                    });
                    String first = t.await();
                    int port = ((InetSocketAddress) server.sockets().get(0).getLocalAddress()).getPort();
                    Streams c = Asyncio.openConnection("127.0.0.1", port);
                    c.writer().write("echo\n".getBytes(StandardCharsets.UTF_8));
                    String echoed = new String(c.reader().readline(), StandardCharsets.UTF_8).strip();
                    c.writer().close();
                    return first + ", " + echoed + ", selector " + SelectorLoop.of(loop).selector().getClass().getSimpleName();
                } finally {
                    server.close();
                    server.waitClosed();
                }
            });
            System.out.println(out);
        }
    }

    /**
     * Only Linux's epoll selector parks a virtual thread in select(); any other would block the
     * one carrier, and with it the task the loop waits for. The loop then selects on a helper
     * thread. Checked with the poll selector, which blocks in its system call.
     */
    @Test
    void aSelectorThatWouldBlockTheCarrierSelectsOnAHelperThread() throws Exception {
        String java = ProcessHandle.current().info().command().orElseThrow();
        Process p = new ProcessBuilder(List.of(java,
                "-Djdk.virtualThreadScheduler.parallelism=1", "-Djdk.virtualThreadScheduler.maxPoolSize=1",
                "-Djava.nio.channels.spi.SelectorProvider=sun.nio.ch.PollSelectorProvider",
                "-cp", System.getProperty("java.class.path"), BlockingSelectorProgram.class.getName()))
                .redirectErrorStream(true)
                .start();
        try {
            assertThat(p.waitFor(15, TimeUnit.SECONDS)).as("the child ended").isTrue();
            String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(p.exitValue()).as(output).isZero();
            assertThat(output.strip()).isEqualTo("callback ran, echo, selector PollSelectorImpl");
        } finally {
            p.destroyForcibly();
        }
    }

    /** The task's thread cannot carry thread-locals over from an earlier task: each task gets a fresh thread. */
    @Test
    void tasksNeverSeeThreadLocalsOfEarlierTasks() {
        ThreadLocal<String> mark = new ThreadLocal<>();
        List<String> seen = run(() -> {
            List<String> out = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                int n = i;
                out.add(createTask(() -> {
                    String before = mark.get();
                    mark.set("task " + n);
                    return String.valueOf(before);
                }).await());
            }
            return out;
        });
        assertThat(seen).hasSize(20).containsOnly("null");
    }
}
