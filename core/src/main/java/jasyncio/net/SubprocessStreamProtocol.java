package jasyncio.net;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

import jasyncio.EventLoop;
import jasyncio.Future;

/**
 * The protocol under a {@link Subprocess} ({@code asyncio.subprocess.SubprocessStreamProtocol}):
 * feeds the child's stdout and stderr to {@link StreamReader}s, gives its stdin a
 * {@link StreamWriter}, closes the transport once the child exited and its output pipes are
 * closed, and wakes {@link Subprocess#waitFor()} when the transport is finished.
 *
 * <p>The stdin writer's flow control and close waiter live in a {@link StreamReaderProtocol}
 * of its own (its reader is never fed), the part {@link StreamWriter} is built on.
 * Loop-confined.
 */
final class SubprocessStreamProtocol implements SubprocessProtocol {
    private final EventLoop loop;
    private final int limit;
    private SubprocessTransport transport;
    StreamWriter stdin;
    StreamReader stdout;
    StreamReader stderr;
    /** The stdin writer's flow control and close waiter; null without a stdin pipe. */
    private StreamReaderProtocol stdinSide;
    /** Output pipes not closed yet. */
    private final TreeSet<Integer> pipeFds = new TreeSet<>();
    private boolean processExited;
    private boolean finished;
    /** Tasks in {@link #waitFinished()}, each with a future of its own (a cancelled one must not cancel the others). */
    private final List<Future<Void>> finishWaiters = new ArrayList<>();

    SubprocessStreamProtocol(int limit, EventLoop loop) {
        this.limit = limit;
        this.loop = loop;
    }

    @Override
    public void connectionMade(BaseTransport t) {
        transport = (SubprocessTransport) t;
        Transport out = transport.getPipeTransport(1);
        if (out != null) {
            stdout = new StreamReader(limit, loop);
            stdout.setTransport(out);
            pipeFds.add(1);
        }
        Transport err = transport.getPipeTransport(2);
        if (err != null) {
            stderr = new StreamReader(limit, loop);
            stderr.setTransport(err);
            pipeFds.add(2);
        }
        Transport in = transport.getPipeTransport(0);
        if (in != null) {
            stdinSide = new StreamReaderProtocol(new StreamReader(limit, loop), loop);
            stdin = new StreamWriter(in, stdinSide, null, loop);
        }
    }

    @Override
    public void pipeDataReceived(int fd, byte[] data) {
        StreamReader reader = fd == 1 ? stdout : fd == 2 ? stderr : null;
        if (reader != null) reader.feedData(data);
    }

    @Override
    public void pipeConnectionLost(int fd, Exception error) {
        if (fd == 0) {
            if (stdin != null) stdin.close();
            if (stdinSide != null) stdinSide.connectionLost(error);
            return;
        }
        StreamReader reader = fd == 1 ? stdout : fd == 2 ? stderr : null;
        if (reader != null) {
            if (error == null) {
                reader.feedEof();
            } else {
                reader.setException(error);
            }
        }
        pipeFds.remove(fd);
        maybeCloseTransport();
    }

    @Override
    public void processExited() {
        processExited = true;
        maybeCloseTransport();
    }

    private void maybeCloseTransport() {
        if (pipeFds.isEmpty() && processExited) transport.close();
    }

    @Override
    public void pauseWriting() {
        if (stdinSide != null) stdinSide.pauseWriting();
    }

    @Override
    public void resumeWriting() {
        if (stdinSide != null) stdinSide.resumeWriting();
    }

    @Override
    public void connectionLost(Exception error) {
        finished = true;
        for (Future<Void> w : List.copyOf(finishWaiters)) {
            if (!w.isDone()) w.setResult(null);
        }
        finishWaiters.clear();
    }

    /** Suspends until the transport is finished (the child exited and every pipe is closed). */
    void waitFinished() {
        if (finished) return;
        Future<Void> w = loop.createFuture();
        finishWaiters.add(w);
        try {
            w.await();
        } finally {
            finishWaiters.remove(w);
        }
    }
}
