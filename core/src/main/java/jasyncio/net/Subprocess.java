package jasyncio.net;

import java.util.ArrayList;
import java.util.List;

import jasyncio.Asyncio;
import jasyncio.Coroutine;
import jasyncio.EventLoop;

/**
 * A child process started by {@link Asyncio#createSubprocessExec} or
 * {@link Asyncio#createSubprocessShell} ({@code asyncio.subprocess.Process}): its pipes as
 * streams, its exit status, and signals.
 *
 * <pre>{@code
 * var options = SubprocessOptions.builder().stdin(Stdio.PIPE).stdout(Stdio.PIPE).build();
 * Subprocess proc = Asyncio.createSubprocessExec(options, "cat");
 * Subprocess.Output out = proc.communicate("some data".getBytes());
 * int status = proc.returncode();
 * }</pre>
 *
 * <p>Suspension points: {@link #waitFor()}, {@link #communicate}, and the stream methods
 * ({@code stdout().read()}, {@code stdin().drain()}…); each is a cancellation point, and
 * cancelling one leaves the child running, as in asyncio: end it with {@link #kill()} if
 * that is what you want. The JDK's pipes are blocking streams; platform daemon threads (one per
 * pipe) move their bytes, so no task and never the loop thread waits for the child.
 *
 * <p>Deadlocks: as in asyncio, {@link #waitFor()} with {@link Stdio#PIPE} output that nobody
 * reads can wait forever once the pipe is full (the child blocks writing). Read the output
 * first, or use {@link #communicate}.
 *
 * <p>Thread-safety: none; a subprocess belongs to the tasks of the loop that started it. The
 * transport closes itself once the child exited and its output pipes are closed.
 */
public final class Subprocess {
    private final SubprocessTransport transport;
    private final SubprocessStreamProtocol protocol;

    /**
     * What {@link #communicate} collected ({@code stdout_data, stderr_data}).
     *
     * @param stdout everything the child wrote to stdout, or null if stdout is not a pipe
     * @param stderr everything the child wrote to stderr, or null if stderr is not a pipe
     */
    public record Output(byte[] stdout, byte[] stderr) {}

    private Subprocess(SubprocessTransport transport, SubprocessStreamProtocol protocol) {
        this.transport = transport;
        this.protocol = protocol;
    }

    /**
     * Starts {@code command} (the program, then its arguments) on the running loop
     * ({@code asyncio.create_subprocess_exec}). A suspension point; a cancellation during the
     * start kills the child.
     *
     * @throws java.io.UncheckedIOException if the program cannot be started
     */
    public static Subprocess exec(List<String> command, SubprocessOptions options) {
        EventLoop loop = Asyncio.getRunningLoop();
        SubprocessOptions o = options != null ? options : SubprocessOptions.DEFAULTS;
        int limit = o.limit();
        SubprocessConnection<SubprocessStreamProtocol> c =
                loop.subprocessExec(() -> new SubprocessStreamProtocol(limit, loop), command, o);
        return new Subprocess(c.transport(), c.protocol());
    }

    /** Runs {@code cmd} through the shell ({@code asyncio.create_subprocess_shell}): {@code /bin/sh -c cmd} on POSIX. */
    public static Subprocess shell(String cmd, SubprocessOptions options) {
        EventLoop loop = Asyncio.getRunningLoop();
        SubprocessOptions o = options != null ? options : SubprocessOptions.DEFAULTS;
        int limit = o.limit();
        SubprocessConnection<SubprocessStreamProtocol> c =
                loop.subprocessShell(() -> new SubprocessStreamProtocol(limit, loop), cmd, o);
        return new Subprocess(c.transport(), c.protocol());
    }

    /** The writer to the child's stdin, or null unless stdin is {@link Stdio#PIPE}. */
    public StreamWriter stdin() {
        return protocol.stdin;
    }

    /** The reader of the child's stdout, or null unless stdout is {@link Stdio#PIPE}. */
    public StreamReader stdout() {
        return protocol.stdout;
    }

    /** The reader of the child's stderr, or null unless stderr is {@link Stdio#PIPE}. */
    public StreamReader stderr() {
        return protocol.stderr;
    }

    /** The child's process id. */
    public long pid() {
        return transport.getPid();
    }

    /**
     * How the child ended, or null while it runs (or until the loop has heard of its exit): the
     * exit status, or {@code -N} after this object's {@link #sendSignal}, {@link #terminate} or
     * {@link #kill} ended it with signal {@code N} (see {@link SubprocessTransport#getReturncode()}).
     */
    public Integer returncode() {
        return transport.getReturncode();
    }

    /**
     * Waits for the child to exit and returns {@link #returncode()} ({@code await proc.wait()};
     * Java's {@code Object.wait} owns the shorter name). Once the exit is known it also waits
     * for the output pipes to close. A suspension point; cancelling it leaves the child running.
     */
    public int waitFor() {
        Integer rc = transport.getReturncode();
        if (rc != null) return rc;
        protocol.waitFinished();
        return transport.getReturncode();
    }

    /** {@link #communicate(byte[])} without input: stdin, if a pipe, is just closed. */
    public Output communicate() {
        return communicate(null);
    }

    /**
     * Sends {@code input} (if not null) to stdin and closes it, reads stdout and stderr to their
     * end, all at once, then waits for the child to exit ({@code await proc.communicate(input)}).
     * A broken stdin pipe (the child stopped reading) is ignored, as in asyncio. A suspension
     * point; cancelling it cancels the reads and the feeding, and leaves the child running.
     */
    public Output communicate(byte[] input) {
        List<Coroutine<byte[]>> parts = new ArrayList<>(3);
        parts.add(stdin() != null ? () -> feedStdin(input) : () -> null);
        parts.add(stdout() != null ? () -> readStream(1) : () -> null);
        parts.add(stderr() != null ? () -> readStream(2) : () -> null);
        @SuppressWarnings("unchecked")
        List<byte[]> results = Asyncio.gather(parts.toArray(new Coroutine[0]));
        waitFor();
        return new Output(results.get(1), results.get(2));
    }

    private byte[] feedStdin(byte[] input) {
        StreamWriter in = stdin();
        try {
            if (input != null) in.write(input);
            in.drain();
        } catch (BrokenPipeError | ConnectionResetError e) {
            // communicate() ignores a child that stopped reading, as asyncio does
        }
        in.close();
        return null;
    }

    private byte[] readStream(int fd) {
        byte[] output = (fd == 1 ? stdout() : stderr()).read();
        transport.getPipeTransport(fd).close();
        return output;
    }

    /**
     * Sends signal {@code name} ("HUP", "SIGUSR1"…) to the child ({@code send_signal}).
     *
     * @throws ProcessLookupError       if the child has exited and been reaped
     * @throws IllegalArgumentException if the platform has no signal of that name
     */
    public void sendSignal(String name) {
        transport.sendSignal(name);
    }

    /** Asks the child to end (SIGTERM on POSIX). @throws ProcessLookupError if it is gone */
    public void terminate() {
        transport.terminate();
    }

    /** Ends the child at once (SIGKILL on POSIX). @throws ProcessLookupError if it is gone */
    public void kill() {
        transport.kill();
    }

    /** The transport under this process (pipes, extra info such as {@code "subprocess"}). */
    public SubprocessTransport transport() {
        return transport;
    }

    @Override
    public String toString() {
        return "<Subprocess " + pid() + ">";
    }
}
