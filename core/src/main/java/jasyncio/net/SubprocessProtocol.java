package jasyncio.net;

/**
 * Receives a child process's events from its {@link SubprocessTransport}
 * ({@code asyncio.SubprocessProtocol}): output of its pipes, their closing, its exit. Callbacks
 * run on the loop thread, one at a time, and must not block; every method has an empty default.
 *
 * <p>Order: {@code connectionMade} first; then {@code pipeDataReceived} and
 * {@code pipeConnectionLost} per pipe and {@code processExited} as they happen; finally
 * {@code connectionLost(null)} once the process has exited and every pipe is closed.
 */
public interface SubprocessProtocol extends BaseProtocol {
    /** The child wrote {@code data} to its stdout ({@code fd} 1) or stderr ({@code fd} 2). */
    default void pipeDataReceived(int fd, byte[] data) {}

    /**
     * The pipe {@code fd} (0 stdin, 1 stdout, 2 stderr) was closed: {@code error} is null after
     * EOF or a close, else why it broke (a {@link BrokenPipeError} when writing to a child that
     * stopped reading).
     */
    default void pipeConnectionLost(int fd, Exception error) {}

    /** The child exited; {@link SubprocessTransport#getReturncode()} now tells how. */
    default void processExited() {}
}
