package jasyncio.net;

/**
 * A child process and its pipes as a transport ({@code asyncio.SubprocessTransport}), as
 * {@code loop.subprocessExec} / {@code loop.subprocessShell} return it.
 *
 * <p>{@link #close()} closes the pipes and kills the child if it is still running. Loop-confined,
 * like every transport.
 */
public interface SubprocessTransport extends BaseTransport {
    /** The child's process id. */
    long getPid();

    /**
     * How the child ended, or null while it runs: its exit status, or {@code -N} if it was
     * ended by signal {@code N} that this transport sent. The JDK reports a death by signal
     * {@code N} as status {@code 128 + N}, like a shell; this is what is returned for a signal
     * sent by someone else, as it cannot be told apart from {@code exit(128 + N)}.
     */
    Integer getReturncode();

    /**
     * The transport of pipe {@code fd}: 0 (stdin: write to it), 1 (stdout) or 2 (stderr: read
     * halves, which can be paused); null if that stream is not a pipe. A pipe transport
     * implements only its own half of {@link Transport}: the other half's methods throw
     * {@link IllegalStateException}.
     */
    Transport getPipeTransport(int fd);

    /**
     * Sends signal {@code name} ("HUP" or "SIGHUP", "USR1", "INT"…) to the child.
     *
     * @throws ProcessLookupError       if the transport has finished (the child was reaped)
     * @throws IllegalArgumentException if the platform has no signal of that name
     */
    void sendSignal(String name);

    /** Asks the child to end: SIGTERM on POSIX ({@link Process#destroy()}). */
    void terminate();

    /** Ends the child at once: SIGKILL on POSIX ({@link Process#destroyForcibly()}). */
    void kill();
}
