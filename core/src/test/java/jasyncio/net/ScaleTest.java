package jasyncio.net;

import static jasyncio.Asyncio.createTask;
import static jasyncio.Asyncio.gather;
import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

import jasyncio.Future;
import jasyncio.Task;
import jasyncio.internal.SelectorLoop;
import jasyncio.sync.Event;
import jasyncio.sync.Semaphore;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Thousands of stream connections open at once on one loop: a {@link Streams#startServer}
 * echo server on one loop, the clients on a second loop, every connection held open until all
 * are connected, then each client sends a line and reads its echo, then all close.
 *
 * <p>What is checked is memory and file descriptors, never time: the heap used after a full GC
 * grows by less than {@link #HEAP_PER_CONNECTION} per connection while they are all open (both
 * ends and both tasks counted), nothing per connection stays reachable after they closed, and
 * the process has the same open file descriptors before and after.
 */
@Timeout(120)
class ScaleTest {

    /** The bound on the heap one connection may hold, its two ends and their tasks together. */
    static final long HEAP_PER_CONNECTION = 64 * 1024;
    /** Connects in flight at once: keeps the server's accept queue far below its backlog. */
    static final int CONNECTING_AT_ONCE = 64;
    static final int BACKLOG = 1024;

    @Test
    void twoThousandConnectionsOpenAtOnceStayWithinTheHeapBoundAndLeaveNoFileDescriptor() {
        Result r = exchange(2_000);
        System.out.printf("2000 connections: %d bytes of heap per connection while open, %d bytes retained after%n",
                r.heapPerConnection(), r.retainedAfter());
    }

    /**
     * The figure. Both ends of every connection live in this process, so 10,000
     * connections need 20,000 descriptors plus the JVM's own; where the limit is lower (the
     * machines this was written on have a hard limit of exactly 20,000, so the soft limit
     * cannot be raised past it) the test opens as many as fit, and at least 9,000.
     */
    @Test
    @Tag("stress")
    void tenThousandConnectionsOpenAtOnceStayWithinTheHeapBoundAndLeaveNoFileDescriptor() {
        exchange(2_000); // warm-up: classes, JIT, the JDK's lazily opened descriptors
        long spare = maxOpenFiles() - openFds() - 200; // 200: the JVM's own, the loops', the JUnit runner's
        int n = (int) Math.min(10_000, spare / 2 / 100 * 100);
        assumeTrue(n >= 9_000, "the open file limit " + maxOpenFiles() + " leaves room for only " + n + " connections");
        Result r = exchange(n);
        System.out.printf("%d connections: %d bytes of heap per connection while open, %d bytes retained after%n",
                n, r.heapPerConnection(), r.retainedAfter());
    }

    record Result(long heapPerConnection, long retainedAfter) {}

    /** Runs {@code n} connections after a small warm-up round, and checks what {@link #run} measured. */
    private static Result exchange(int n) {
        run(10); // loads every class involved, and lets the JDK open what it opens once, before the counts
        Measured m = run(n);
        assertThat(m.wrong()).as("echoes that differ from what was sent").isEmpty();
        assertThat(m.echoed()).as("lines echoed").isEqualTo(n);
        assertThat(m.maxOpen()).as("connections the server held at once").isEqualTo(n);
        assertThat(m.openAfter()).as("server connections still open").isZero();
        long perConnection = (m.heapWhileOpen() - m.heapBefore()) / n;
        assertThat(perConnection).as("bytes of heap per open connection").isLessThan(HEAP_PER_CONNECTION);
        // Nothing per connection outlives it: a transport, reader or task kept alive would be
        // kilobytes each. (Some hundred bytes per connection do stay: tables in the JDK that
        // grew to hold every socket and never shrink.)
        long retained = m.heapAfter() - m.heapBefore();
        assertThat(retained).as("bytes of heap still used after closing").isLessThan(Math.max(2 << 20, 512L * n));
        assertThat(m.fdsAfter()).as("open file descriptors after " + n + " connections").isEqualTo(m.fdsBefore());
        return new Result(perConnection, retained);
    }

    record Measured(List<String> wrong, int echoed, int maxOpen, int openAfter, long heapBefore,
                    long heapWhileOpen, long heapAfter, long fdsBefore, long fdsAfter) {}

    /** {@code n} clients connect (all open at once), exchange a line each with the echo server, and close. */
    private static Measured run(int n) {
        long fdsBefore = openFds();
        long heapBefore = usedHeapAfterGc();

        EchoServer server = new EchoServer(n);
        SelectorLoop clientLoop = new SelectorLoop();
        long[] heapWhileOpen = {0};
        List<String> wrong;
        try {
            wrong = clientLoop.runUntilComplete(() -> {
                Semaphore connecting = new Semaphore(CONNECTING_AT_ONCE);
                Event go = new Event();
                AtomicInteger connected = new AtomicInteger();
                Future<Void> allConnected = clientLoop.createFuture();
                int port = server.port.join();
                List<Task<String>> clients = new ArrayList<>(n);
                for (int i = 0; i < n; i++) {
                    String message = "client " + i + " says hello\n";
                    clients.add(createTask(() -> {
                        Streams s;
                        try (var held = connecting.acquire()) {
                            s = Streams.openConnection("127.0.0.1", port);
                        }
                        if (connected.incrementAndGet() == n) allConnected.setResult(null);
                        go.await();
                        try (s) {
                            s.writer().write(message.getBytes(US_ASCII));
                            s.writer().drain();
                            String echo = new String(s.reader().readexactly(message.length()), US_ASCII);
                            return echo.equals(message) ? null : message + " came back as " + echo;
                        } finally {
                            s.writer().waitClosed();
                        }
                    }));
                }
                allConnected.await();
                server.allAccepted.await();
                heapWhileOpen[0] = usedHeapAfterGc();
                go.set();
                return gather(clients).stream().filter(r -> r != null).toList();
            });
        } finally {
            server.stopAndJoin();
            clientLoop.close();
        }

        long heapAfter = usedHeapAfterGc();
        return new Measured(wrong, server.echoed.get(), server.maxOpen.get(), server.open.get(), heapBefore,
                heapWhileOpen[0], heapAfter, fdsBefore, openFds());
    }

    /**
     * A {@link Streams#startServer} line echo server on a loop of its own thread, one task per
     * connection; it counts the connections it holds.
     */
    static final class EchoServer {
        final AtomicInteger open = new AtomicInteger();
        final AtomicInteger maxOpen = new AtomicInteger();
        final AtomicInteger echoed = new AtomicInteger();
        final CompletableFuture<Integer> port = new CompletableFuture<>();
        private final SelectorLoop loop = new SelectorLoop();
        /** Done once {@code expected} connections are open at the same time. */
        final Future<Void> allAccepted = loop.createFuture();
        private final Future<Void> stop = loop.createFuture();
        private final Thread thread;

        EchoServer(int expected) {
            ClientConnected echo = (reader, writer) -> {
                int now = open.incrementAndGet();
                maxOpen.accumulateAndGet(now, Math::max);
                if (now == expected) allAccepted.setResult(null);
                try {
                    for (byte[] line : reader) {
                        writer.write(line);
                        writer.drain();
                        echoed.incrementAndGet();
                    }
                } finally {
                    open.decrementAndGet();
                    writer.close();
                }
            };
            thread = Thread.ofPlatform().name("scale-echo-server").start(() -> {
                try {
                    loop.runUntilComplete(() -> {
                        ServerOptions options = ServerOptions.builder().backlog(BACKLOG).build();
                        Server server = Streams.startServer(echo, "127.0.0.1", 0, StreamReader.DEFAULT_LIMIT, options);
                        port.complete(((InetSocketAddress) server.sockets().get(0).getLocalAddress()).getPort());
                        try {
                            stop.await();
                        } finally {
                            server.close();
                            server.waitClosed();
                        }
                    });
                } catch (Throwable e) {
                    port.completeExceptionally(e); // no client waits forever for a server that failed
                    throw e;
                } finally {
                    loop.close();
                }
            });
        }

        /** Closes the server, waits until its last connection is gone, and ends its thread. */
        void stopAndJoin() {
            if (!stop.isDone()) stop.setResult(null);
            try {
                thread.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    /** The used heap after full collections, once it stops shrinking. */
    static long usedHeapAfterGc() {
        Runtime rt = Runtime.getRuntime();
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 3; i++) {
            System.gc();
            long now = rt.totalMemory() - rt.freeMemory();
            if (now >= used) return now;
            used = now;
        }
        return used;
    }

    /** Open file descriptors of this process ({@code /proc/self/fd}). */
    static long openFds() {
        try (var s = Files.list(Path.of("/proc/self/fd"))) {
            return s.count();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** This process's soft limit on open files ({@code /proc/self/limits}). */
    static long maxOpenFiles() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/limits"))) {
                if (line.startsWith("Max open files")) return Long.parseLong(line.substring(26).trim().split("\\s+")[0]);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        throw new IllegalStateException("no 'Max open files' line in /proc/self/limits");
    }
}
