package jasyncio;

import static jasyncio.Asyncio.createTask;
import static jasyncio.Asyncio.run;
import static jasyncio.Asyncio.sleep;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * What no asyncio user has: ordinary blocking JDK calls inside a task park only that task,
 * and the loop keeps running the others. Each test blocks one task and lets a second task make
 * progress that is only possible while the first is blocked; the order of recorded events proves
 * the loop was not stalled. Real clock, but no sleeps decide the order.
 */
@Timeout(20)
class BlockingInteropTest {

    /** Yields {@code n} times, recording each tick. */
    private static void tick(List<String> events, int n) {
        for (int i = 1; i <= n; i++) {
            sleep(0);
            events.add("tick " + i);
        }
    }

    @Test
    void taskBlockedInBlockingQueueTakeLeavesTheLoopRunning() {
        List<String> events = Collections.synchronizedList(new ArrayList<>());
        BlockingQueue<String> queue = new ArrayBlockingQueue<>(1);
        run(() -> {
            Task<String> taker = createTask(() -> {
                events.add("take");
                String v = queue.take();
                events.add("took " + v);
                return v;
            });
            Task<Void> ticker = createTask(() -> {
                tick(events, 3);
                queue.put("token");
            });
            assertThat(taker.await()).isEqualTo("token");
            ticker.await();
        });
        assertThat(events).containsExactly("take", "tick 1", "tick 2", "tick 3", "took token");
    }

    @Test
    void taskBlockedOnReentrantLockLeavesTheLoopRunning() throws Exception {
        List<String> events = Collections.synchronizedList(new ArrayList<>());
        ReentrantLock lock = new ReentrantLock();
        CountDownLatch ticked = new CountDownLatch(1);
        CountDownLatch held = new CountDownLatch(1);
        Thread holder = Thread.ofPlatform().start(() -> {
            lock.lock();
            try {
                held.countDown();
                ticked.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                lock.unlock();
            }
        });
        held.await();
        run(() -> {
            Task<Void> locker = createTask(() -> {
                events.add("lock");
                lock.lock();
                try {
                    events.add("locked");
                } finally {
                    lock.unlock();
                }
            });
            createTask(() -> {
                tick(events, 3);
                ticked.countDown();
            }).await();
            locker.await();
        });
        holder.join();
        assertThat(events).containsExactly("lock", "tick 1", "tick 2", "tick 3", "locked");
    }

    @Test
    void taskInThreadSleepLeavesTheLoopRunning() {
        AtomicInteger ticks = new AtomicInteger();
        int[] ticksSeenBySleeper = new int[1];
        run(() -> {
            Task<Void> sleeper = createTask(() -> {
                Thread.sleep(150);
                ticksSeenBySleeper[0] = ticks.get();
            });
            Task<Void> ticker = createTask(() -> {
                while (!sleeper.isDone()) {
                    sleep(0);
                    ticks.incrementAndGet();
                }
            });
            sleeper.await();
            ticker.await();
        });
        assertThat(ticksSeenBySleeper[0]).as("ticks while another task was in Thread.sleep").isPositive();
    }

    @Test
    void taskBlockedInSocketReadLeavesTheLoopRunning() throws Exception {
        List<String> events = Collections.synchronizedList(new ArrayList<>());
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            run(() -> {
                Task<Integer> reader = createTask(() -> {
                    try (Socket s = server.accept(); InputStream in = s.getInputStream()) {
                        events.add("read");
                        int b = in.read();
                        events.add("got " + b);
                        return b;
                    }
                });
                Task<Void> writer = createTask(() -> {
                    try (Socket c = new Socket(server.getInetAddress(), server.getLocalPort());
                         OutputStream out = c.getOutputStream()) {
                        // Wait until the reader is really blocked in read(), then tick and write.
                        while (!events.contains("read")) sleep(0);
                        tick(events, 3);
                        out.write(42);
                        out.flush();
                        reader.await();
                    }
                });
                assertThat(reader.await()).isEqualTo(42);
                writer.await();
            });
        }
        assertThat(events).containsExactly("read", "tick 1", "tick 2", "tick 3", "got 42");
    }

    @Test
    void cancellingATaskBlockedInBlockingQueueTakeEndsItPromptly() {
        BlockingQueue<String> never = new ArrayBlockingQueue<>(1);
        List<String> events = Collections.synchronizedList(new ArrayList<>());
        run(() -> {
            Task<String> taker = createTask(() -> {
                try {
                    return never.take();
                } finally {
                    events.add("finally");
                }
            });
            sleep(0); // let it block
            assertThat(taker.cancel("stop waiting")).isTrue();
            assertThatThrownBy(taker::await).isInstanceOf(CancelledError.class).hasMessage("stop waiting");
            assertThat(taker.isCancelled()).isTrue();
        });
        assertThat(events).containsExactly("finally");
    }

    @Test
    void cancellingATaskInAnHourLongThreadSleepEndsItPromptly() {
        long t0 = System.nanoTime();
        run(() -> {
            Task<Void> sleeper = createTask(() -> Thread.sleep(TimeUnit.HOURS.toMillis(1)));
            sleep(0);
            sleeper.cancel();
            assertThatThrownBy(sleeper::await).isInstanceOf(CancelledError.class);
        });
        assertThat(System.nanoTime() - t0).isLessThan(TimeUnit.SECONDS.toNanos(10));
    }

    @Test
    void cancellingATaskBlockedInSocketReadEndsItAndClosesTheSocket() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
             Socket client = new Socket(server.getInetAddress(), server.getLocalPort());
             Socket accepted = server.accept()) {
            run(() -> {
                Task<Integer> reader = createTask(() -> accepted.getInputStream().read());
                sleep(0);
                reader.cancel();
                assertThatThrownBy(reader::await).isInstanceOf(CancelledError.class);
            });
            // The JDK closes a socket whose blocked read is interrupted (documented hazard).
            assertThat(accepted.isClosed()).isTrue();
            assertThat(client.getInputStream().read()).isEqualTo(-1);
        }
    }

    @Test
    void timeoutInterruptsABlockingCallAndRaisesTimeoutError() {
        BlockingQueue<String> never = new ArrayBlockingQueue<>(1);
        run(() -> {
            assertThatThrownBy(() -> Asyncio.timeout(0.05, () -> never.take()))
                    .isInstanceOf(TimeoutError.class);
            Task<?> me = Asyncio.currentTask();
            assertThat(me.cancelling()).isZero();
            sleep(0); // the task is usable afterwards: no stale cancel request, no interrupt flag
            assertThat(Thread.currentThread().isInterrupted()).isFalse();
        });
    }
}
