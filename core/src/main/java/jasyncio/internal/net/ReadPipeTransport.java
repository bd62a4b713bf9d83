package jasyncio.internal.net;

import java.io.IOException;
import java.io.InputStream;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.concurrent.Semaphore;

import jasyncio.EventLoop;
import jasyncio.ExceptionContext;
import jasyncio.net.BaseProtocol;
import jasyncio.net.Protocol;
import jasyncio.net.Transport;

/**
 * The read end of a child's stdout or stderr as a transport (asyncio's
 * {@code _UnixReadPipeTransport}). The JDK's process pipes are blocking streams, so one platform
 * daemon thread, the pump, reads them and hands each chunk to the loop with
 * {@code callSoonThreadsafe}: the loop thread never waits for the pipe.
 *
 * <p>Flow control by credit: after handing a chunk over, the pump waits until the loop has
 * delivered it and reading is not paused, so at most one chunk ({@value #CHUNK} bytes) is on
 * its way at a time. A pause asked for by the protocol's consumer one callback later (the
 * subprocess transport forwards data with a {@code callSoon}, as asyncio's does) may let one
 * more chunk through; after that the rest stays in the pipe, where the child blocks on a full
 * pipe as it would under asyncio.
 *
 * <pre>
 *   reading ──EOF──▶ eofReceived, connectionLost(null)
 *      │  ──read error──▶ connectionLost(error)
 *      └──close()/abort()──▶ connectionLost(null); the pump stops at its next chunk or EOF
 * </pre>
 *
 * <p>Only the reading half of {@link Transport} works; writing throws
 * {@link IllegalStateException}. Loop-confined, except for the pump's hand-overs.
 */
final class ReadPipeTransport implements Transport {
    private static final System.Logger LOG = System.getLogger("jasyncio");
    static final int CHUNK = 64 * 1024;

    private final EventLoop loop;
    private final InputStream in;
    private final String name;
    private Protocol protocol;
    /** One permit lets the pump read the next chunk. */
    private final Semaphore credit = new Semaphore(0);
    /** Tells the pump to stop; set on the loop thread. */
    private volatile boolean stopped;
    private Thread pump;

    // loop-confined
    private boolean closing;
    private boolean paused;
    /** A chunk was delivered while paused: its permit is given on resume. */
    private boolean creditOwed;

    /** A transport for {@code in}, named {@code name} in its thread and messages. */
    ReadPipeTransport(EventLoop loop, InputStream in, BaseProtocol protocol, String name) {
        this.loop = loop;
        this.in = in;
        this.name = name;
        setProtocol(protocol);
    }

    /** Schedules connectionMade, then starts the pump. */
    void start() {
        loop.callSoon(() -> {
            protocol.connectionMade(this);
            if (closing) {
                closeStream();
                return;
            }
            pump = Thread.ofPlatform().daemon().name(name).unstarted(this::pump);
            pump.start();
        });
    }

    // =================================================================== the pump's thread

    private void pump() {
        byte[] buf = new byte[CHUNK];
        try {
            while (!stopped) {
                int n = in.read(buf);
                if (n < 0) {
                    post(this::eof);
                    return;
                }
                if (n == 0) continue;
                byte[] chunk = Arrays.copyOf(buf, n);
                if (!post(() -> deliver(chunk))) return;
                credit.acquireUninterruptibly();
            }
        } catch (IOException e) {
            if (!stopped) post(() -> readFailed(e));
        } finally {
            closeStream();
        }
    }

    /** Hands {@code r} to the loop; false if the loop is closed (nobody is listening any more). */
    private boolean post(Runnable r) {
        try {
            loop.callSoonThreadsafe(r);
            return true;
        } catch (IllegalStateException closedLoop) {
            stopped = true;
            return false;
        }
    }

    private void closeStream() {
        try {
            in.close();
        } catch (IOException e) {
            LOG.log(Level.DEBUG, "closing " + name + " failed", e);
        }
    }

    // =================================================================== the loop's side

    private void deliver(byte[] chunk) {
        if (closing) {
            credit.release();
            return;
        }
        try {
            protocol.dataReceived(chunk);
        } catch (Throwable e) {
            loop.callExceptionHandler(ExceptionContext.of("Fatal error: protocol.dataReceived() call failed.\ntransport: "
                    + this, e));
            close(e instanceof Exception x ? x : new RuntimeException(e));
            return;
        }
        if (paused) {
            creditOwed = true;
        } else {
            credit.release();
        }
    }

    private void eof() {
        if (closing) return;
        closing = true;
        try {
            protocol.eofReceived();
        } finally {
            loop.callSoon(() -> protocol.connectionLost(null));
        }
    }

    private void readFailed(IOException e) {
        if (closing) return;
        if (loop.getDebug()) LOG.log(Level.DEBUG, "Fatal read error on pipe transport " + this, e);
        close(NetErrors.unchecked(e));
    }

    private void close(Exception error) {
        if (closing) return;
        closing = true;
        stopped = true;
        credit.release(); // a pump waiting for credit sees stopped and ends
        loop.callSoon(() -> protocol.connectionLost(error));
    }

    @Override
    public void close() {
        close(null);
    }

    @Override
    public void abort() {
        close(null);
    }

    @Override
    public boolean isClosing() {
        return closing;
    }

    @Override
    public boolean isReading() {
        return !paused && !closing;
    }

    @Override
    public void pauseReading() {
        if (closing || paused) return;
        paused = true;
    }

    @Override
    public void resumeReading() {
        if (closing || !paused) return;
        paused = false;
        if (creditOwed) {
            creditOwed = false;
            credit.release();
        }
    }

    // =================================================================== not a write end

    @Override
    public void write(byte[] data) {
        throw readOnly();
    }

    @Override
    public void write(ByteBuffer data) {
        throw readOnly();
    }

    @Override
    public void writeEof() {
        throw readOnly();
    }

    @Override
    public boolean canWriteEof() {
        return false;
    }

    @Override
    public void setWriteBufferLimits(int high, int low) {
        throw readOnly();
    }

    @Override
    public int[] getWriteBufferLimits() {
        return new int[] {0, 0};
    }

    @Override
    public int getWriteBufferSize() {
        return 0;
    }

    private IllegalStateException readOnly() {
        return new IllegalStateException(name + " is the read end of a pipe: it cannot write");
    }

    // =================================================================== the rest

    /** {@code "pipe"}: the {@link InputStream}. */
    @Override
    public Object getExtraInfo(String key, Object defaultValue) {
        return "pipe".equals(key) ? in : defaultValue;
    }

    @Override
    public BaseProtocol getProtocol() {
        return protocol;
    }

    @Override
    public void setProtocol(BaseProtocol protocol) {
        if (!(protocol instanceof Protocol p)) {
            throw new IllegalArgumentException("a read pipe needs a jasyncio.net.Protocol, not "
                    + (protocol == null ? "null" : protocol.getClass().getName()));
        }
        this.protocol = p;
    }

    @Override
    public String toString() {
        return "<ReadPipeTransport " + name + (closing ? " closed" : paused ? " paused" : "") + ">";
    }
}
