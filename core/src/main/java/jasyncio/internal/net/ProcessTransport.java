package jasyncio.internal.net;

import java.io.File;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Supplier;

import jasyncio.EventLoop;
import jasyncio.Future;
import jasyncio.internal.SelectorLoop;
import jasyncio.internal.Signals;
import jasyncio.net.BaseProtocol;
import jasyncio.net.ProcessLookupError;
import jasyncio.net.Protocol;
import jasyncio.net.SubprocessConnection;
import jasyncio.net.SubprocessOptions;
import jasyncio.net.SubprocessProtocol;
import jasyncio.net.SubprocessTransport;
import jasyncio.net.Transport;

/**
 * A child process started with {@link ProcessBuilder}, with its pipes as
 * {@link WritePipeTransport} (stdin) and {@link ReadPipeTransport} (stdout, stderr): asyncio's
 * {@code BaseSubprocessTransport}. The child's exit arrives through {@link Process#onExit()}
 * (completed by a JDK thread) and is handed to the loop.
 *
 * <p>Protocol events are queued until {@code connectionMade} has run, then scheduled in the
 * order they happened; {@code connectionLost(null)} follows once the child has exited and every
 * pipe is closed.
 *
 * <pre>
 *   running ──exit──▶ exited (returncode set, processExited) ──all pipes closed──▶ finished (connectionLost)
 *      │                                                                              ▲
 *      └──all pipes closed──▶ pipes closed ──exit──────────────────────────────────────┘
 * </pre>
 *
 * <p>Starting the child ({@code fork/exec}) runs on the calling task, as in asyncio. Loop-confined.
 */
public final class ProcessTransport implements SubprocessTransport {
    private static final System.Logger LOG = System.getLogger("jasyncio");

    private final SelectorLoop loop;
    private final Process proc;
    private final long pid;
    private final List<String> command;
    private SubprocessProtocol protocol;
    /** The pipes by fd (0 stdin, 1 stdout, 2 stderr). */
    private final TreeMap<Integer, Pipe> pipes = new TreeMap<>();
    /** Protocol calls made before connectionMade ran; null afterwards. */
    private List<Runnable> pendingCalls = new ArrayList<>();
    /** Signal numbers this transport sent, to tell {@code 128 + N} caused by them from an exit status. */
    private final Set<Integer> signalsSent = new HashSet<>();
    private Integer returncode;
    private boolean finished;
    /** connectionLost ran: the process is reaped and forgotten ({@code ProcessLookupError} from now on). */
    private boolean gone;
    private boolean closed;
    /** Run once connectionLost ran. */
    private final List<Runnable> finishWaiters = new ArrayList<>();

    /** One pipe: its transport, and whether it reported connectionLost. */
    private static final class Pipe {
        Transport transport;
        boolean disconnected;
    }

    private ProcessTransport(SelectorLoop loop, Process proc, SubprocessProtocol protocol, List<String> command) {
        this.loop = loop;
        this.proc = proc;
        this.pid = proc.pid();
        this.command = command;
        this.protocol = protocol;
    }

    /**
     * Starts {@code command} and waits until the protocol's connectionMade ran
     * ({@code loop.subprocess_exec}). A suspension point; a cancellation while waiting kills the
     * child and waits for it to end, so nothing outlives the call.
     *
     * @throws java.io.UncheckedIOException if the program cannot be started (no such file…)
     */
    public static <P extends SubprocessProtocol> SubprocessConnection<P> spawn(EventLoop eventLoop, Supplier<P> factory,
            List<String> command, SubprocessOptions options) {
        SelectorLoop loop = SelectorLoop.of(eventLoop);
        SockOps.requireTask(loop, "subprocessExec");
        if (command.isEmpty()) throw new IllegalArgumentException("the command is empty: give at least the program");
        SubprocessOptions o = options != null ? options : SubprocessOptions.PIPES;
        ProcessBuilder pb = new ProcessBuilder(command)
                .redirectInput(o.stdin())
                .redirectOutput(o.stdout())
                .redirectError(o.stderr())
                .redirectErrorStream(o.stderrToStdout());
        if (o.cwd() != null) pb.directory(o.cwd().toFile());
        if (o.env() != null) {
            pb.environment().clear();
            pb.environment().putAll(o.env());
        }
        P protocol = factory.get();
        Process proc;
        try {
            proc = pb.start();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e.getMessage(), e);
        }
        ProcessTransport t = new ProcessTransport(loop, proc, protocol, List.copyOf(command));
        Future<Void> waiter = loop.createFuture();
        t.start(o, waiter);
        try {
            waiter.await();
        } catch (Throwable e) {
            t.close(); // kills the child
            t.awaitFinished();
            throw e;
        }
        return new SubprocessConnection<>(t, protocol);
    }

    /** {@code cmd} through the platform's shell ({@code loop.subprocess_shell}): {@code /bin/sh -c} on POSIX. */
    public static <P extends SubprocessProtocol> SubprocessConnection<P> shell(EventLoop eventLoop, Supplier<P> factory,
            String cmd, SubprocessOptions options) {
        List<String> command = File.separatorChar == '\\' ? List.of("cmd.exe", "/c", cmd) : List.of("/bin/sh", "-c", cmd);
        return spawn(eventLoop, factory, command, options);
    }

    private void start(SubprocessOptions o, Future<Void> waiter) {
        String prefix = "jasyncio-subprocess-" + pid + "-";
        if (o.stdin().type() == ProcessBuilder.Redirect.Type.PIPE) {
            addPipe(0, p -> new WritePipeTransport(loop, proc.getOutputStream(), p, prefix + "stdin"));
        }
        if (o.stdout().type() == ProcessBuilder.Redirect.Type.PIPE) {
            addPipe(1, p -> new ReadPipeTransport(loop, proc.getInputStream(), p, prefix + "stdout"));
        }
        if (!o.stderrToStdout() && o.stderr().type() == ProcessBuilder.Redirect.Type.PIPE) {
            addPipe(2, p -> new ReadPipeTransport(loop, proc.getErrorStream(), p, prefix + "stderr"));
        }
        for (Pipe p : pipes.values()) {
            if (p.transport instanceof WritePipeTransport w) w.start();
            if (p.transport instanceof ReadPipeTransport r) r.start();
        }
        loop.callSoon(() -> {
            protocol.connectionMade(this);
            for (Runnable r : pendingCalls) loop.callSoon(r);
            pendingCalls = null;
            if (!waiter.isDone()) waiter.setResult(null);
        });
        proc.onExit().whenComplete((p, error) -> {
            // Skip one iteration, as asyncio does, so pipe data handed over just before runs first.
            try {
                loop.callSoonThreadsafe(() -> loop.callSoon(() -> processExited(proc.exitValue())));
            } catch (IllegalStateException closedLoop) {
                LOG.log(Level.DEBUG, "process " + pid + " exited after its event loop closed");
            }
        });
    }

    private void addPipe(int fd, java.util.function.Function<BaseProtocol, Transport> make) {
        Pipe pipe = new Pipe();
        pipes.put(fd, pipe);
        pipe.transport = make.apply(new PipeProtocol(fd));
    }

    /** Forwards one pipe's events to the transport, tagged with its fd. */
    private final class PipeProtocol implements Protocol {
        private final int fd;

        PipeProtocol(int fd) {
            this.fd = fd;
        }

        @Override
        public void dataReceived(byte[] data) {
            call(() -> protocol.pipeDataReceived(fd, data));
        }

        @Override
        public void connectionLost(Exception error) {
            pipes.get(fd).disconnected = true;
            call(() -> protocol.pipeConnectionLost(fd, error));
            tryFinish();
        }

        @Override
        public void pauseWriting() {
            protocol.pauseWriting();
        }

        @Override
        public void resumeWriting() {
            protocol.resumeWriting();
        }
    }

    private void call(Runnable r) {
        if (pendingCalls != null) {
            pendingCalls.add(r);
        } else {
            loop.callSoon(r);
        }
    }

    private void processExited(int status) {
        if (returncode != null) return;
        int signal = status - 128;
        returncode = status > 128 && signalsSent.contains(signal) ? -signal : status;
        if (loop.getDebug()) LOG.log(Level.INFO, this + " exited with return code " + returncode);
        call(() -> protocol.processExited());
        tryFinish();
    }

    private void tryFinish() {
        if (returncode == null || finished) return;
        for (Pipe p : pipes.values()) {
            if (!p.disconnected) return;
        }
        finished = true;
        call(() -> {
            try {
                protocol.connectionLost(null);
            } finally {
                gone = true;
                for (Runnable w : List.copyOf(finishWaiters)) w.run();
                finishWaiters.clear();
            }
        });
    }

    /** Suspends until connectionLost ran (asyncio's {@code await transp._wait()} after a failed start). */
    private void awaitFinished() {
        if (gone) return;
        Future<Void> f = loop.createFuture();
        finishWaiters.add(() -> {
            if (!f.isDone()) f.setResult(null);
        });
        f.await();
    }

    // =================================================================== SubprocessTransport

    @Override
    public long getPid() {
        return pid;
    }

    @Override
    public Integer getReturncode() {
        return returncode;
    }

    @Override
    public Transport getPipeTransport(int fd) {
        Pipe p = pipes.get(fd);
        return p == null ? null : p.transport;
    }

    @Override
    public void sendSignal(String name) {
        int signum = Signals.number(name);
        checkProc();
        if (signum == Signals.number("TERM")) {
            terminate();
        } else if (signum == Signals.number("KILL")) {
            kill();
        } else {
            signalsSent.add(signum);
            Signals.send(pid, signum);
        }
    }

    @Override
    public void terminate() {
        checkProc();
        signalsSent.add(Signals.number("TERM"));
        proc.destroy();
    }

    @Override
    public void kill() {
        checkProc();
        signalsSent.add(Signals.number("KILL"));
        proc.destroyForcibly();
    }

    private void checkProc() {
        if (gone) throw new ProcessLookupError("process " + pid + " has exited and its transport is finished");
    }

    /** Closes the pipes and kills the child if it still runs (asyncio's close). Idempotent. */
    @Override
    public void close() {
        if (closed) return;
        closed = true;
        for (Pipe p : pipes.values()) p.transport.close();
        if (returncode == null && proc.isAlive()) {
            if (loop.getDebug()) LOG.log(Level.WARNING, "Close running child process: kill " + this);
            signalsSent.add(Signals.number("KILL"));
            proc.destroyForcibly();
        }
    }

    @Override
    public boolean isClosing() {
        return closed;
    }

    /** {@code "subprocess"}: the {@link Process}. */
    @Override
    public Object getExtraInfo(String name, Object defaultValue) {
        return "subprocess".equals(name) ? proc : defaultValue;
    }

    @Override
    public BaseProtocol getProtocol() {
        return protocol;
    }

    @Override
    public void setProtocol(BaseProtocol protocol) {
        if (!(protocol instanceof SubprocessProtocol p)) {
            throw new IllegalArgumentException("a subprocess transport needs a jasyncio.net.SubprocessProtocol, not "
                    + (protocol == null ? "null" : protocol.getClass().getName()));
        }
        this.protocol = p;
    }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder("<ProcessTransport");
        if (closed) b.append(" closed");
        b.append(" pid=").append(pid);
        if (returncode != null) {
            b.append(" returncode=").append(returncode);
        } else {
            b.append(" running");
        }
        for (var e : pipes.entrySet()) {
            b.append(switch (e.getKey()) {
                case 0 -> " stdin=";
                case 1 -> " stdout=";
                default -> " stderr=";
            }).append(e.getValue().transport);
        }
        return b.append(' ').append(command.get(0)).append('>').toString();
    }
}
