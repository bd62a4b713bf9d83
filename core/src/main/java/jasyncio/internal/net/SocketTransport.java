package jasyncio.internal.net;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.SocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;

import jasyncio.ExceptionContext;
import jasyncio.Future;
import jasyncio.internal.SelectorLoop;
import jasyncio.net.BaseProtocol;
import jasyncio.net.BufferedProtocol;
import jasyncio.net.Protocol;
import jasyncio.net.Transport;

/**
 * A stream transport over a non-blocking {@link SocketChannel}, TCP or Unix domain: asyncio's
 * {@code _SelectorSocketTransport}. The channel is registered on the loop's own selector with
 * this transport's {@link Ready} handler as the key's attachment, so readiness runs in the
 * loop's batch like any {@code addReader} callback, with no other thread involved.
 *
 * <p>Reads: one read per readiness event, into a loop-thread direct buffer of 256 KiB copied
 * out for {@link Protocol#dataReceived}, or straight into the buffer of a
 * {@link BufferedProtocol}. Writes: tried at once; what the socket does not take is copied to
 * the {@link WriteQueue} and sent when the socket is writable; the protocol is paused above the
 * high-water mark and resumed at the low one.
 *
 * <pre>
 *   open ──close()──▶ closing: flush the queue ──queue empty──▶ lost (connectionLost(null))
 *    │                   │
 *    └──abort() / fatal error (queue dropped) ───────────────▶ lost (connectionLost(error))
 * </pre>
 *
 * <p>Loop-confined: call it from the loop's thread or its tasks. Writes after the connection
 * was lost are dropped; from the fifth on, each logs a warning (asyncio's behaviour).
 */
public final class SocketTransport implements Transport {
    private static final System.Logger LOG = System.getLogger("jasyncio");
    /** Bytes read per readiness event (asyncio's max_size). */
    static final int MAX_READ = 256 * 1024;
    /** Writes after the connection is lost are dropped silently this many times, then with a warning. */
    static final int WARN_WRITES_AFTER_LOSS = 5;
    static final int DEFAULT_HIGH_WATER = 64 * 1024;

    /**
     * The loop thread's read buffer for {@link Protocol} reads (read callbacks run on the loop
     * thread). Page-aligned: how fast the kernel copies into it depends on where it starts in its
     * page, and 100 KiB reads took about 8% more CPU into a direct buffer at its default address
     * (x86-64, W5 echo measured head to head).
     */
    private static final ThreadLocal<ByteBuffer> READ_BUFFER = ThreadLocal.withInitial(() -> pageAligned(MAX_READ));

    /**
     * A direct buffer of {@code capacity} bytes whose first byte starts a 4 KiB page: what a
     * socket read copies into fastest (see {@link #READ_BUFFER}).
     */
    public static ByteBuffer pageAligned(int capacity) {
        ByteBuffer b = ByteBuffer.allocateDirect(capacity + 4095);
        int misalignment = b.alignmentOffset(0, 4096);
        return b.slice(misalignment == 0 ? 0 : 4096 - misalignment, capacity);
    }

    private final SelectorLoop loop;
    private final SocketChannel channel;
    private final SelectionKey key;
    private final SocketServer server;
    private final SocketAddress peername;
    private final SocketAddress sockname;

    private BaseProtocol protocol;
    /** Exactly one of these is set: the protocol's reading interface. */
    private Protocol dataProtocol;
    private BufferedProtocol bufferedProtocol;

    /** The interest set last given to the key; changed only through {@link #setInterest}. */
    private int interest;
    /** close() or a fatal error happened: no more reading, the queue is being flushed or dropped. */
    private boolean closing;
    /** pauseReading() is in effect. */
    private boolean readingPaused;
    /** The peer's EOF arrived: never read again. */
    private boolean readEof;
    /** writeEof() was called. */
    private boolean eof;
    /** 0 while connected; counts the connection loss and then writes dropped after it. */
    private int connLost;
    /** Whether pauseWriting() was called and resumeWriting() not yet. */
    private boolean protocolPaused;
    private int highWater = DEFAULT_HIGH_WATER;
    private int lowWater = DEFAULT_HIGH_WATER / 4;
    private final WriteQueue queue = new WriteQueue();

    /**
     * Wraps a connected channel (made non-blocking here) and registers it on the loop's selector
     * with nothing to watch yet; {@link #start} begins the protocol's life. Call in the loop's context.
     *
     * @param peername the peer's address if known already (from accept), else null to ask the channel
     */
    public SocketTransport(SelectorLoop loop, SocketChannel channel, BaseProtocol protocol, SocketServer server,
                           SocketAddress peername) throws IOException {
        this.loop = loop;
        this.channel = channel;
        this.server = server;
        channel.configureBlocking(false);
        this.peername = peername != null ? peername : channel.getRemoteAddress();
        this.sockname = channel.getLocalAddress();
        if (channel.supportedOptions().contains(StandardSocketOptions.TCP_NODELAY)) {
            channel.setOption(StandardSocketOptions.TCP_NODELAY, true); // as asyncio does for TCP
        }
        setProtocol(protocol);
        Ready ready = new Ready();
        SelectionKey k = channel.keyFor(loop.selector());
        if (k == null) {
            k = channel.register(loop.selector(), 0, ready);
        } else {
            k.interestOps(0);
            k.attach(ready);
        }
        this.key = k;
        loop.selectorChanged();
        if (server != null) server.attach(this);
    }

    /**
     * Schedules {@code connectionMade}, then reading, then {@code waiter}'s completion (if any):
     * the order asyncio's transports use, so the protocol is connected before the waiting
     * coroutine resumes.
     */
    public void start(Future<Void> waiter) {
        loop.callSoon(() -> protocol.connectionMade(this));
        loop.callSoon(() -> {
            if (isReading() && !readEof) setInterest(interest | SelectionKey.OP_READ);
        });
        if (waiter != null) {
            loop.callSoon(() -> {
                if (!waiter.isDone()) waiter.setResult(null);
            });
        }
    }

    /** The selection key's attachment: runs the read and write halves on readiness. */
    private final class Ready implements Runnable {
        @Override
        public void run() {
            SelectionKey k = key;
            if (!k.isValid()) return;
            int ready = k.readyOps();
            // readyOps may be stale: an earlier callback of this batch may have paused or closed us.
            if ((ready & SelectionKey.OP_READ) != 0 && (interest & SelectionKey.OP_READ) != 0) {
                if (bufferedProtocol != null) {
                    readIntoBuffer();
                } else {
                    readData();
                }
            }
            if ((ready & SelectionKey.OP_WRITE) != 0 && (interest & SelectionKey.OP_WRITE) != 0) writeReady();
        }

        @Override
        public String toString() {
            return "<I/O handler of " + SocketTransport.this + ">";
        }
    }

    // =================================================================== reading

    private void readData() {
        ByteBuffer buf = READ_BUFFER.get();
        buf.clear();
        int n;
        try {
            n = channel.read(buf);
        } catch (IOException e) {
            fatalError(e, "Fatal read error on socket transport");
            return;
        }
        if (n == 0) return;
        if (n < 0) {
            onEof();
            return;
        }
        byte[] data = new byte[n];
        buf.get(0, data);
        try {
            dataProtocol.dataReceived(data);
        } catch (Throwable e) {
            fatalError(e, "Fatal error: protocol.dataReceived() call failed.");
        }
    }

    private void readIntoBuffer() {
        ByteBuffer buf;
        try {
            buf = bufferedProtocol.getBuffer(-1);
            if (buf == null || !buf.hasRemaining()) throw new IllegalStateException("getBuffer() returned an empty buffer");
        } catch (Throwable e) {
            fatalError(e, "Fatal error: protocol.getBuffer() call failed.");
            return;
        }
        int n;
        try {
            n = channel.read(buf);
        } catch (IOException e) {
            fatalError(e, "Fatal read error on socket transport");
            return;
        }
        if (n == 0) return;
        if (n < 0) {
            onEof();
            return;
        }
        try {
            bufferedProtocol.bufferUpdated(n);
        } catch (Throwable e) {
            fatalError(e, "Fatal error: protocol.bufferUpdated() call failed.");
        }
    }

    private void onEof() {
        readEof = true;
        setInterest(interest & ~SelectionKey.OP_READ);
        boolean keepOpen;
        try {
            keepOpen = dataProtocol != null ? dataProtocol.eofReceived() : bufferedProtocol.eofReceived();
        } catch (Throwable e) {
            fatalError(e, "Fatal error: protocol.eofReceived() call failed.");
            return;
        }
        if (!keepOpen) close();
    }

    @Override
    public boolean isReading() {
        return !readingPaused && !closing;
    }

    @Override
    public void pauseReading() {
        if (closing || readingPaused) return;
        readingPaused = true;
        setInterest(interest & ~SelectionKey.OP_READ);
    }

    @Override
    public void resumeReading() {
        if (closing || !readingPaused) return;
        readingPaused = false;
        if (!readEof) setInterest(interest | SelectionKey.OP_READ);
    }

    // =================================================================== writing

    @Override
    public void write(byte[] data) {
        write(ByteBuffer.wrap(data));
    }

    /** Queues the remaining bytes of {@code data}; its position moves to its limit. */
    @Override
    public void write(ByteBuffer data) {
        if (eof) throw new IllegalStateException("Cannot call write() after writeEof()");
        if (!data.hasRemaining()) return;
        if (connLost > 0) {
            if (connLost >= WARN_WRITES_AFTER_LOSS) {
                LOG.log(Level.WARNING, "write() on a transport whose connection is lost: the data is dropped ("
                        + this + ")");
            }
            connLost++;
            data.position(data.limit());
            return;
        }
        if (queue.isEmpty()) {
            try {
                WriteQueue.writeSome(channel, data);
            } catch (IOException e) {
                fatalError(e, "Fatal write error on socket transport");
                return;
            }
            if (!data.hasRemaining()) return;
            setInterest(interest | SelectionKey.OP_WRITE);
        }
        queue.add(data);
        maybePauseProtocol();
    }

    private void writeReady() {
        if (connLost > 0) return;
        try {
            queue.writeTo(channel);
        } catch (IOException e) {
            setInterest(interest & ~SelectionKey.OP_WRITE);
            queue.clear();
            fatalError(e, "Fatal write error on socket transport");
            return;
        }
        maybeResumeProtocol();
        if (!queue.isEmpty()) return;
        setInterest(interest & ~SelectionKey.OP_WRITE);
        if (closing) {
            connLost++;
            callConnectionLost(null);
        } else if (eof) {
            shutdownOutput();
        }
    }

    @Override
    public void writeEof() {
        if (closing || eof) return;
        eof = true;
        if (queue.isEmpty()) shutdownOutput();
    }

    private void shutdownOutput() {
        try {
            channel.shutdownOutput();
        } catch (IOException e) {
            fatalError(e, "Fatal error: shutting down the write side failed");
        }
    }

    @Override
    public boolean canWriteEof() {
        return true;
    }

    @Override
    public void setWriteBufferLimits(int high, int low) {
        if (!(high >= low && low >= 0)) {
            throw new IllegalArgumentException("high (" + high + ") must be >= low (" + low + ") must be >= 0");
        }
        this.highWater = high;
        this.lowWater = low;
        maybePauseProtocol();
    }

    /** asyncio's defaulting: {@code high} only, {@code low} a quarter of it. */
    public void setWriteBufferLimits(int high) {
        setWriteBufferLimits(high, high / 4);
    }

    @Override
    public int[] getWriteBufferLimits() {
        return new int[] {lowWater, highWater};
    }

    @Override
    public int getWriteBufferSize() {
        return (int) Math.min(Integer.MAX_VALUE, queue.size());
    }

    private void maybePauseProtocol() {
        if (queue.size() <= highWater || protocolPaused) return;
        protocolPaused = true;
        try {
            protocol.pauseWriting();
        } catch (Throwable e) {
            loop.callExceptionHandler(ExceptionContext.of(describe("protocol.pauseWriting() failed"), e));
        }
    }

    private void maybeResumeProtocol() {
        if (!protocolPaused || queue.size() > lowWater) return;
        protocolPaused = false;
        try {
            protocol.resumeWriting();
        } catch (Throwable e) {
            loop.callExceptionHandler(ExceptionContext.of(describe("protocol.resumeWriting() failed"), e));
        }
    }

    // =================================================================== closing

    @Override
    public boolean isClosing() {
        return closing;
    }

    @Override
    public void close() {
        if (closing) return;
        closing = true;
        setInterest(interest & ~SelectionKey.OP_READ);
        if (queue.isEmpty()) {
            connLost++;
            setInterest(0);
            loop.callSoon(() -> callConnectionLost(null));
        }
    }

    @Override
    public void abort() {
        forceClose(null);
    }

    /**
     * Ends the connection because of {@code error}: a read or write failure ({@link IOException}:
     * logged in debug mode only, the peer going away is normal; the protocol gets it as the
     * unchecked error {@link NetErrors} maps it to, such as {@code ConnectionResetError}) or a
     * protocol callback that threw (reported to the loop's exception handler, then given to
     * connectionLost as is).
     */
    void fatalError(Throwable error, String message) {
        Exception lost;
        if (error instanceof IOException io) {
            if (loop.getDebug()) LOG.log(Level.DEBUG, describe(message), error);
            lost = NetErrors.unchecked(io);
        } else {
            loop.callExceptionHandler(ExceptionContext.of(describe(message), error));
            lost = error instanceof Exception e ? e : new RuntimeException(message, error);
        }
        forceClose(lost);
    }

    private void forceClose(Exception error) {
        if (connLost > 0) return;
        queue.clear();
        closing = true;
        setInterest(0);
        connLost++;
        loop.callSoon(() -> callConnectionLost(error));
    }

    private void callConnectionLost(Exception error) {
        try {
            protocol.connectionLost(error);
        } finally {
            try {
                channel.close();
            } catch (IOException e) {
                LOG.log(Level.DEBUG, "closing " + channel + " failed", e);
            }
            if (server != null) server.detach(this);
        }
    }

    private void setInterest(int ops) {
        if (ops == interest) return;
        interest = ops;
        if (key.isValid()) key.interestOps(ops);
        loop.selectorChanged();
    }

    // =================================================================== the rest

    @Override
    public Object getExtraInfo(String name, Object defaultValue) {
        Object v = switch (name) {
            case "peername" -> peername;
            case "sockname" -> sockname;
            case "socket" -> channel;
            default -> null;
        };
        return v != null ? v : defaultValue;
    }

    @Override
    public BaseProtocol getProtocol() {
        return protocol;
    }

    @Override
    public void setProtocol(jasyncio.net.BaseProtocol protocol) {
        if (protocol instanceof BufferedProtocol b) {
            this.bufferedProtocol = b;
            this.dataProtocol = null;
        } else if (protocol instanceof Protocol p) {
            this.dataProtocol = p;
            this.bufferedProtocol = null;
        } else {
            throw new IllegalArgumentException("a stream transport needs a jasyncio.net.Protocol or BufferedProtocol, not "
                    + (protocol == null ? "null" : protocol.getClass().getName()));
        }
        this.protocol = protocol;
    }

    /** The channel this transport owns. */
    public SocketChannel channel() {
        return channel;
    }

    private String describe(String message) {
        return message + "\ntransport: " + this + "\nprotocol: " + protocol;
    }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder("<SocketTransport");
        if (connLost > 0) {
            b.append(" closed");
        } else if (closing) {
            b.append(" closing");
        }
        b.append(" peer=").append(peername).append(" local=").append(sockname);
        if (!isReading() && !closing) b.append(" read=paused");
        if (!queue.isEmpty()) b.append(" write-buffer=").append(queue.size());
        return b.append('>').toString();
    }
}
