package jasyncio.net;

import static jasyncio.Asyncio.createTask;
import static jasyncio.Asyncio.gather;
import static java.nio.charset.StandardCharsets.US_ASCII;
import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.concurrent.TimeUnit.NANOSECONDS;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeoutException;
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
 * echo server on one loop, every connection held open until all are connected, then each
 * client sends a line and reads its echo, then all close. The clients are tasks on a second
 * loop in this JVM, or (the stress run's 10,000) plain sockets in a JVM of their own,
 * {@link ScaleClientMain}.
 *
 * <p>What is checked is memory and file descriptors, never time: the heap used after a full GC
 * grows by less than {@link #HEAP_PER_CONNECTION} per connection while they are all open (what
 * this JVM holds of each: both ends and both tasks, or the server end and its task), nothing
 * per connection stays reachable after they closed, and the process has the same open file
 * descriptors before and after.
 */
@Timeout(120)
class ScaleTest {

    /** The bound on the heap one connection may hold in this JVM, its two ends and their tasks together. */
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
     * The figure: 10,000 connections held at once by one server loop. The client ends
     * live in a JVM of their own ({@link ScaleClientMain}): both ends in this one would need
     * 20,000 descriptors plus the JVM's own, past the hard limit of exactly 20,000 of the
     * machines this was written on. The heap, descriptor and connection counts are this JVM's,
     * the server's; the echoes are checked by the client process, which reports them.
     */
    @Test
    @Tag("stress")
    void tenThousandConnectionsOpenAtOnceOnOneServerLoopStayWithinTheHeapBoundAndLeaveNoFileDescriptor()
            throws Exception {
        int n = 10_000;
        long spare = maxOpenFiles() - openFds() - 200; // 200: the JVM's own, the loop's, the JUnit runner's
        assumeTrue(spare >= n, "the open file limit " + maxOpenFiles() + " leaves room for only " + spare
                + " server connections; raise it (ulimit -n) to run " + n);
        runWithClientProcess(10); // warm-up: classes, and what the JDK opens once (process pipes, loops)
        Result r = check(runWithClientProcess(n), n);
        System.out.printf("%d connections (clients in a child JVM): %d bytes of heap per server connection while open,"
                + " %d bytes retained after%n", n, r.heapPerConnection(), r.retainedAfter());
    }

    record Result(long heapPerConnection, long retainedAfter) {}

    /** Runs {@code n} connections after a small warm-up round, and checks what {@link #run} measured. */
    private static Result exchange(int n) {
        run(10); // loads every class involved, and lets the JDK open what it opens once, before the counts
        return check(run(n), n);
    }

    /** Checks what {@link #run} or {@link #runWithClientProcess} measured for {@code n} connections. */
    private static Result check(Measured m, int n) {
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
     * {@code n} clients in a {@link ClientProcess} connect (all open at once), exchange a line
     * each with the echo server in this JVM, and close.
     */
    private static Measured runWithClientProcess(int n) throws Exception {
        long fdsBefore = openFds();
        long heapBefore = usedHeapAfterGc();

        EchoServer server = new EchoServer(n);
        long heapWhileOpen;
        List<String> wrong;
        try {
            int port = server.port.get(STEP_TIMEOUT.toSeconds(), SECONDS);
            try (ClientProcess client = ClientProcess.start(port, n)) {
                client.awaitLine("connected " + n);
                try {
                    server.allAccepted.get(STEP_TIMEOUT.toSeconds(), SECONDS);
                } catch (TimeoutException e) {
                    throw new AssertionError("the client process connected " + n + " times but the server held only "
                            + server.open.get() + " connections after " + STEP_TIMEOUT, e);
                }
                heapWhileOpen = usedHeapAfterGc();
                client.send("go");
                String[] result = client.awaitLine("result ").split(" ");
                assertThat(client.exitStatus()).as("exit status of the client process").isZero();
                wrong = client.linesStartingWith("wrong ");
                assertThat(Integer.parseInt(result[2])).as("echoes the client process found wrong").isEqualTo(wrong.size());
                assertThat(Integer.parseInt(result[1])).as("echoes the client process found right").isEqualTo(n - wrong.size());
            }
        } finally {
            server.stopAndJoin();
        }

        long heapAfter = usedHeapAfterGc();
        return new Measured(wrong, server.echoed.get(), server.maxOpen.get(), server.open.get(), heapBefore,
                heapWhileOpen, heapAfter, fdsBefore, openFds());
    }

    /** How long one step of {@link #runWithClientProcess} may take (connecting all, echoing all). */
    static final Duration STEP_TIMEOUT = Duration.ofSeconds(60);

    /**
     * {@link ScaleClientMain} running in a JVM of its own, started from this JVM's java binary
     * and class path, its standard error merged into its output. A daemon thread reads the
     * output into a queue (the child never blocks on a full pipe); every wait for a line is
     * bounded by {@link #STEP_TIMEOUT}. {@link #close()} kills the child if it still runs, and
     * a shutdown hook does so if this JVM exits first; should this JVM be killed outright, the
     * child sees its standard input end and halts.
     */
    static final class ClientProcess implements AutoCloseable {
        private final Process process;
        private final Thread killOnExit;
        private final Thread reader;
        /** The child's output lines; an empty one marks the end of the output. */
        private final BlockingQueue<Optional<String>> output = new LinkedBlockingQueue<>();
        /** Every line read so far, for failure messages. */
        private final List<String> seen = new ArrayList<>();
        private boolean ended;

        private ClientProcess(Process process) {
            this.process = process;
            killOnExit = Thread.ofPlatform().unstarted(process::destroyForcibly);
            Runtime.getRuntime().addShutdownHook(killOnExit);
            reader = Thread.ofPlatform().daemon().name("scale-client-output").start(() -> {
                try (var in = new BufferedReader(new InputStreamReader(process.getInputStream(), UTF_8))) {
                    for (String line; (line = in.readLine()) != null; ) output.add(Optional.of(line));
                } catch (IOException e) {
                    output.add(Optional.of("(reading the output failed: " + e + ")"));
                } finally {
                    output.add(Optional.empty());
                }
            });
        }

        static ClientProcess start(int port, int n) throws IOException {
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            Process p = new ProcessBuilder(java, "-Xmx256m", "-XX:+UseSerialGC",
                    "-cp", System.getProperty("java.class.path"), ScaleClientMain.class.getName(),
                    "127.0.0.1", Integer.toString(port), Integer.toString(n))
                    .redirectErrorStream(true)
                    .start();
            return new ClientProcess(p);
        }

        /**
         * Reads lines until one that starts with {@code prefix} and returns it; fails if the
         * child reports a failure, its output ends, or no such line comes within the step timeout.
         */
        String awaitLine(String prefix) throws InterruptedException {
            long deadline = System.nanoTime() + STEP_TIMEOUT.toNanos();
            while (!ended) {
                Optional<String> next = output.poll(deadline - System.nanoTime(), NANOSECONDS);
                if (next == null) throw new AssertionError("the client process printed no '" + prefix + "' line within "
                        + STEP_TIMEOUT + "; its output so far: " + seen);
                if (next.isEmpty()) {
                    ended = true;
                    break;
                }
                String line = next.get();
                seen.add(line);
                if (line.startsWith("failed ")) throw new AssertionError("the client process failed: " + seen);
                if (line.startsWith(prefix)) return line;
            }
            throw new AssertionError("the client process's output ended before a '" + prefix + "' line: " + seen);
        }

        /** The lines read so far that start with {@code prefix}. */
        List<String> linesStartingWith(String prefix) {
            return seen.stream().filter(l -> l.startsWith(prefix)).toList();
        }

        /** Writes {@code line} to the child's standard input. */
        void send(String line) throws IOException {
            OutputStream in = process.getOutputStream();
            in.write((line + "\n").getBytes(US_ASCII));
            in.flush();
        }

        /** Waits (at most the step timeout) for the child to exit, and returns its status. */
        int exitStatus() throws InterruptedException {
            if (!process.waitFor(STEP_TIMEOUT.toNanos(), NANOSECONDS)) {
                throw new AssertionError("the client process did not exit within " + STEP_TIMEOUT + "; its output: " + seen);
            }
            return process.exitValue();
        }

        /** Kills the child if it still runs, waits for it, and releases its pipes and the output reader. */
        @Override
        public void close() throws Exception {
            process.destroyForcibly();
            try {
                if (!process.waitFor(STEP_TIMEOUT.toNanos(), NANOSECONDS)) {
                    throw new AssertionError("the client process (pid " + process.pid() + ") did not die when killed");
                }
                process.getOutputStream().close();
                reader.join(); // it ends at the end of the output, which the child's death brings
            } finally {
                try {
                    Runtime.getRuntime().removeShutdownHook(killOnExit);
                } catch (IllegalStateException e) {
                    // this JVM is exiting: the hook runs (or ran) anyway
                }
            }
        }
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
