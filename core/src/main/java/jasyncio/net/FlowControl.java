package jasyncio.net;

import java.util.ArrayList;
import java.util.List;

import jasyncio.EventLoop;
import jasyncio.Future;

/**
 * The write-side flow control a protocol keeps for the {@link StreamWriter}s above it
 * ({@code asyncio}'s {@code FlowControlMixin}, as a part rather than a base class): the
 * protocol forwards {@link BaseProtocol#pauseWriting()}, {@link BaseProtocol#resumeWriting()}
 * and {@link BaseProtocol#connectionLost} here, and writers {@link #drain()}.
 *
 * <p>Thread-safety: none; it belongs to its loop, like the protocol that owns it.
 */
public final class FlowControl {
    private final EventLoop loop;
    /** Whether the transport asked to stop writing (its buffer is above the high-water mark). */
    private boolean paused;
    private boolean connectionLost;
    /** Tasks suspended in drain; each future's result is the error to throw, or null. */
    private final List<Future<Throwable>> drainWaiters = new ArrayList<>(1);

    /** Flow control whose drain waits are futures of {@code loop}. */
    public FlowControl(EventLoop loop) {
        this.loop = loop;
    }

    /** The transport's buffer went above the high-water mark: drains suspend from now on. */
    public void pauseWriting() {
        paused = true;
    }

    /** The buffer drained to the low-water mark: every suspended drain returns. */
    public void resumeWriting() {
        paused = false;
        for (Future<Throwable> w : List.copyOf(drainWaiters)) {
            if (!w.isDone()) w.setResult(null);
        }
    }

    /**
     * The connection is gone: suspended drains return (or throw {@code error} if not null), and
     * later drains throw {@link ConnectionResetError}.
     */
    public void connectionLost(Throwable error) {
        connectionLost = true;
        if (!paused) return;
        for (Future<Throwable> w : List.copyOf(drainWaiters)) {
            if (!w.isDone()) w.setResult(error);
        }
    }

    /** Whether writing is paused now. */
    public boolean isPaused() {
        return paused;
    }

    /**
     * Returns when writing may go on: at once unless paused, else when the transport resumes
     * writing. A suspension point (a cancellation point when it suspends).
     *
     * @throws ConnectionResetError if the connection was lost before
     */
    public void drain() {
        if (connectionLost) throw new ConnectionResetError("Connection lost");
        if (!paused) return;
        Future<Throwable> w = loop.createFuture();
        drainWaiters.add(w);
        Throwable error;
        try {
            error = w.await();
        } finally {
            drainWaiters.remove(w);
        }
        if (error != null) throw Streams.rethrow(error);
    }
}
