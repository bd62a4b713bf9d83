package jasyncio.internal.net;

import java.io.IOException;
import java.io.OutputStream;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

import jasyncio.EventLoop;
import jasyncio.ExceptionContext;
import jasyncio.net.BaseProtocol;
import jasyncio.net.BrokenPipeError;
import jasyncio.net.Transport;

/**
 * The write end of a child's stdin as a transport (asyncio's {@code _UnixWritePipeTransport}).
 * The JDK's process pipes are blocking streams, so {@link #write} only queues a copy and one
 * platform daemon thread, the pump, writes the queue to the pipe in order; the loop thread never
 * waits for the child to read. The pump reports each chunk written back to the loop, which keeps
 * {@link #getWriteBufferSize()} and pauses the protocol above the high-water mark (64 KiB) and
 * resumes it at the low one (16 KiB), so {@code drain()} bounds the queue.
 *
 * <pre>
 *   open ──close()/writeEof()──▶ closing: the pump writes the rest, closes ──▶ connectionLost(null)
 *    │  ──write error──▶ connectionLost(BrokenPipeError…) (queue dropped)
 *    └──abort()──▶ connectionLost(null) at once; the queue is dropped, the pump closes the pipe
 * </pre>
 *
 * <p>Only the writing half of {@link Transport} works; reading methods throw
 * {@link IllegalStateException}. Loop-confined, except for the queue it shares with the pump.
 */
final class WritePipeTransport implements Transport {
    private static final System.Logger LOG = System.getLogger("jasyncio");
    static final int DEFAULT_HIGH_WATER = 64 * 1024;

    private final EventLoop loop;
    private final OutputStream out;
    private final String name;
    private BaseProtocol protocol;

    /** Guards {@link #chunks} and {@link #closeRequested}, shared with the pump. */
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final ArrayDeque<byte[]> chunks = new ArrayDeque<>();
    /** The pump closes the pipe once {@link #chunks} is empty. */
    private boolean closeRequested;

    // loop-confined
    /** Bytes queued and not yet reported written by the pump. */
    private int bufferSize;
    private boolean closing;
    /** 0 while open; counts the loss and then the writes dropped after it. */
    private int connLost;
    private boolean protocolPaused;
    private int highWater = DEFAULT_HIGH_WATER;
    private int lowWater = DEFAULT_HIGH_WATER / 4;

    WritePipeTransport(EventLoop loop, OutputStream out, BaseProtocol protocol, String name) {
        this.loop = loop;
        this.out = out;
        this.name = name;
        setProtocol(protocol);
    }

    /** Schedules connectionMade, then starts the pump. */
    void start() {
        loop.callSoon(() -> {
            protocol.connectionMade(this);
            Thread.ofPlatform().daemon().name(name).start(this::pump);
        });
    }

    // =================================================================== the pump's thread

    private void pump() {
        while (true) {
            byte[] chunk;
            lock.lock();
            try {
                while (chunks.isEmpty() && !closeRequested) changed.awaitUninterruptibly();
                chunk = chunks.poll();
            } finally {
                lock.unlock();
            }
            try {
                if (chunk == null) { // closing, and everything was written
                    out.close();
                    post(this::flushedAndClosed);
                    return;
                }
                out.write(chunk);
                out.flush();
            } catch (IOException e) {
                closeQuietly();
                post(() -> writeFailed(e));
                return;
            }
            int n = chunk.length;
            post(() -> written(n));
        }
    }

    private void post(Runnable r) {
        try {
            loop.callSoonThreadsafe(r);
        } catch (IllegalStateException closedLoop) {
            // nobody listens any more; the pump still finishes its queue and closes the pipe
        }
    }

    private void closeQuietly() {
        try {
            out.close();
        } catch (IOException e) {
            LOG.log(Level.DEBUG, "closing " + name + " failed", e);
        }
    }

    private void enqueue(byte[] chunk, boolean close) {
        lock.lock();
        try {
            if (chunk != null) chunks.add(chunk);
            if (close) closeRequested = true;
            changed.signal();
        } finally {
            lock.unlock();
        }
    }

    // =================================================================== the loop's side

    @Override
    public void write(byte[] data) {
        write(ByteBuffer.wrap(data));
    }

    @Override
    public void write(ByteBuffer data) {
        if (connLost > 0 || closing) {
            if (connLost >= SocketTransport.WARN_WRITES_AFTER_LOSS) {
                LOG.log(Level.WARNING, "pipe closed by peer or os.write(pipe, data) raised exception (" + this + ")");
            }
            connLost++;
            data.position(data.limit());
            return;
        }
        int n = data.remaining();
        if (n == 0) return;
        byte[] copy = new byte[n];
        data.get(copy);
        bufferSize += n;
        enqueue(copy, false);
        maybePauseProtocol();
    }

    private void written(int n) {
        if (connLost > 0) return;
        bufferSize -= n;
        maybeResumeProtocol();
    }

    private void flushedAndClosed() {
        if (connLost > 0) return;
        connLost++;
        protocol.connectionLost(null);
    }

    private void writeFailed(IOException e) {
        if (connLost > 0) return;
        if (loop.getDebug()) LOG.log(Level.DEBUG, "Fatal write error on pipe transport " + this, e);
        forceClose(unchecked(e));
    }

    /** A failed write as Python's error: the child stopped reading is a broken pipe, however the JDK says it. */
    static RuntimeException unchecked(IOException e) {
        if ("Stream closed".equals(e.getMessage())) {
            // The JDK closes a child's stdin stream itself once the child has exited.
            return new BrokenPipeError("Broken pipe: the child process exited", e);
        }
        return NetErrors.unchecked(e);
    }

    /** Closes once the queue is written (asyncio: a pipe's write_eof is its close). */
    @Override
    public void writeEof() {
        if (closing) return;
        closing = true;
        enqueue(null, true);
    }

    @Override
    public boolean canWriteEof() {
        return true;
    }

    @Override
    public void close() {
        writeEof();
    }

    @Override
    public void abort() {
        forceClose(null);
    }

    private void forceClose(Exception error) {
        if (connLost > 0) return;
        lock.lock();
        try {
            chunks.clear();
            closeRequested = true;
            changed.signal();
        } finally {
            lock.unlock();
        }
        bufferSize = 0;
        closing = true;
        connLost++;
        loop.callSoon(() -> protocol.connectionLost(error));
    }

    @Override
    public boolean isClosing() {
        return closing;
    }

    @Override
    public void setWriteBufferLimits(int high, int low) {
        if (!(high >= low && low >= 0)) {
            throw new IllegalArgumentException("high (" + high + ") must be >= low (" + low + ") must be >= 0");
        }
        highWater = high;
        lowWater = low;
        maybePauseProtocol();
    }

    @Override
    public int[] getWriteBufferLimits() {
        return new int[] {lowWater, highWater};
    }

    @Override
    public int getWriteBufferSize() {
        return bufferSize;
    }

    private void maybePauseProtocol() {
        if (bufferSize <= highWater || protocolPaused) return;
        protocolPaused = true;
        try {
            protocol.pauseWriting();
        } catch (Throwable e) {
            loop.callExceptionHandler(ExceptionContext.of("protocol.pauseWriting() failed\ntransport: " + this, e));
        }
    }

    private void maybeResumeProtocol() {
        if (!protocolPaused || bufferSize > lowWater) return;
        protocolPaused = false;
        try {
            protocol.resumeWriting();
        } catch (Throwable e) {
            loop.callExceptionHandler(ExceptionContext.of("protocol.resumeWriting() failed\ntransport: " + this, e));
        }
    }

    // =================================================================== not a read end

    @Override
    public boolean isReading() {
        return false;
    }

    @Override
    public void pauseReading() {
        throw writeOnly();
    }

    @Override
    public void resumeReading() {
        throw writeOnly();
    }

    private IllegalStateException writeOnly() {
        return new IllegalStateException(name + " is the write end of a pipe: it cannot read");
    }

    // =================================================================== the rest

    /** {@code "pipe"}: the {@link OutputStream}. */
    @Override
    public Object getExtraInfo(String key, Object defaultValue) {
        return "pipe".equals(key) ? out : defaultValue;
    }

    @Override
    public BaseProtocol getProtocol() {
        return protocol;
    }

    @Override
    public void setProtocol(BaseProtocol protocol) {
        if (protocol == null) throw new NullPointerException("protocol is null");
        this.protocol = protocol;
    }

    @Override
    public String toString() {
        return "<WritePipeTransport " + name + (connLost > 0 ? " closed" : closing ? " closing" : "")
                + (bufferSize > 0 ? " bufsize=" + bufferSize : "") + ">";
    }
}
