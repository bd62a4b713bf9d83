package jasyncio.internal.net;

import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;

import jasyncio.EventLoop;
import jasyncio.ExceptionContext;
import jasyncio.net.BaseProtocol;
import jasyncio.net.BaseTransport;
import jasyncio.net.BufferedProtocol;
import jasyncio.net.ConnectionResetError;
import jasyncio.net.Protocol;
import jasyncio.net.Transport;

/**
 * One end of an in-memory connection: two transports on one loop that behave like a TCP
 * connection on loopback, for tests and for code that wants a stream without a socket.
 *
 * <p>Model (what a socket pair does, in small): bytes a side writes wait in its write buffer
 * ({@link #getWriteBufferSize()}, with asyncio's high/low-water marks and pause/resumeWriting)
 * until the peer's receive window (the kernel buffer, {@code window} bytes) has room; the peer
 * delivers from its window to its protocol in chunks of at most {@code maxChunk} bytes, one
 * chunk per callback, while it is reading. So a peer that stops reading (pauseReading) fills
 * its window, then the writer's buffer, then the writer is paused: backpressure end to end.
 * {@link #writeEof()} and {@link #close()} send an EOF after the buffered bytes;
 * {@link #abort()} drops them and sends the EOF at once; {@link #reset()} drops everything and
 * makes the peer's connection fail with {@link ConnectionResetError}, like a TCP RST. Writing
 * to a peer that has closed resets the writer, as a socket does.
 *
 * <p>Every call is made on the loop's thread (protocol callbacks and tasks of that loop), as
 * for every transport; callbacks are scheduled with {@link EventLoop#callSoon}.
 */
public final class MemoryTransport implements Transport {

    /** The default receive window and delivery chunk: 64 KiB. */
    public static final int DEFAULT_WINDOW = 1 << 16;

    private static final System.Logger LOG = System.getLogger("jasyncio");
    private static final int LOG_THRESHOLD_FOR_LOST_WRITES = 5;

    /** The two ends of one in-memory connection. */
    public record Pair(MemoryTransport client, MemoryTransport server) {}

    /** The address an in-memory end reports as its sockname/peername. */
    public static final class Address extends SocketAddress {
        private static final long serialVersionUID = 1L;
        private final String name;

        Address(String name) {
            this.name = name;
        }

        @Override
        public String toString() {
            return "memory:" + name;
        }
    }

    /**
     * Connects {@code client} and {@code server} through two new transports; each protocol is
     * told {@code connectionMade} in a callback, the client's first.
     */
    public static Pair pair(EventLoop loop, BaseProtocol client, BaseProtocol server) {
        return pair(loop, client, server, DEFAULT_WINDOW, DEFAULT_WINDOW);
    }

    /**
     * Like {@link #pair(EventLoop, BaseProtocol, BaseProtocol)} with a receive window of
     * {@code window} bytes per side and deliveries of at most {@code maxChunk} bytes (1 feeds
     * the protocols one byte at a time).
     */
    public static Pair pair(EventLoop loop, BaseProtocol client, BaseProtocol server, int window, int maxChunk) {
        if (window < 1 || maxChunk < 1) throw new IllegalArgumentException("window and maxChunk must be >= 1");
        MemoryTransport c = new MemoryTransport(loop, client, "client", window, maxChunk);
        MemoryTransport s = new MemoryTransport(loop, server, "server", window, maxChunk);
        c.peer = s;
        s.peer = c;
        loop.callSoon(() -> c.protocol.connectionMade(c));
        loop.callSoon(() -> s.protocol.connectionMade(s));
        return new Pair(c, s);
    }

    private final EventLoop loop;
    private final String name;
    private final int window;
    private final int maxChunk;
    private MemoryTransport peer;
    private BaseProtocol protocol;

    // ---- sending: the transport's write buffer
    /** Chunks written and not yet moved into the peer's window; the first from {@link #outHead}. */
    private final ArrayDeque<byte[]> out = new ArrayDeque<>();
    private int outHead;
    private int outSize;
    /** writeEof() or close() was called: an EOF follows the buffered bytes. */
    private boolean eofPending;
    /** The EOF went into the peer's window. */
    private boolean eofSent;
    private boolean writeEofCalled;

    // ---- receiving: the "kernel" buffer the peer fills
    private final ArrayDeque<byte[]> in = new ArrayDeque<>();
    private int inHead;
    private int inSize;
    /** The peer's EOF is in the window, after the bytes in it. */
    private boolean inEof;
    private boolean eofDelivered;

    // ---- state
    private boolean readPaused;
    private boolean closing;
    /** connectionLost was scheduled (or ran); nothing moves any more. */
    private boolean lost;
    private int lostWrites;
    private int high = DEFAULT_WINDOW;
    private int low = DEFAULT_WINDOW / 4;
    private boolean protocolPaused;
    private boolean pumpScheduled;
    private boolean readScheduled;

    private MemoryTransport(EventLoop loop, BaseProtocol protocol, String name, int window, int maxChunk) {
        this.loop = loop;
        this.protocol = protocol;
        this.name = name;
        this.window = window;
        this.maxChunk = maxChunk;
    }

    /** The other end. */
    public MemoryTransport peer() {
        return peer;
    }

    // ---------------------------------------------------------------- BaseTransport

    @Override
    public Object getExtraInfo(String key, Object defaultValue) {
        return switch (key) {
            case "sockname" -> new Address(name);
            case "peername" -> new Address(peer.name);
            default -> defaultValue;
        };
    }

    @Override
    public boolean isClosing() {
        return closing;
    }

    @Override
    public void close() {
        if (closing) return;
        closing = true;
        eofPending = true;
        flushSoon();
    }

    /** Sends what is buffered soon; with nothing buffered, the EOF (and a close) happen now, as in asyncio. */
    private void flushSoon() {
        if (outSize == 0) {
            pump();
        } else {
            schedulePump();
        }
    }

    @Override
    public BaseProtocol getProtocol() {
        return protocol;
    }

    @Override
    public void setProtocol(BaseProtocol protocol) {
        this.protocol = protocol;
    }

    // ---------------------------------------------------------------- reading

    @Override
    public boolean isReading() {
        return !readPaused && !closing;
    }

    @Override
    public void pauseReading() {
        if (!isReading()) return;
        readPaused = true;
    }

    @Override
    public void resumeReading() {
        if (closing || !readPaused) return;
        readPaused = false;
        scheduleRead();
    }

    // ---------------------------------------------------------------- writing

    @Override
    public void write(byte[] data) {
        write(data, 0, data.length);
    }

    @Override
    public void write(ByteBuffer data) {
        byte[] copy = new byte[data.remaining()];
        data.get(copy);
        append(copy);
    }

    private void write(byte[] data, int offset, int length) {
        if (writeEofCalled) throw new IllegalStateException("Cannot call write() after writeEof()");
        if (length == 0) return;
        byte[] copy = new byte[length];
        System.arraycopy(data, offset, copy, 0, length);
        append(copy);
    }

    private void append(byte[] chunk) {
        if (writeEofCalled) throw new IllegalStateException("Cannot call write() after writeEof()");
        if (chunk.length == 0) return;
        if (lost || closing) {
            if (++lostWrites >= LOG_THRESHOLD_FOR_LOST_WRITES) {
                LOG.log(System.Logger.Level.WARNING, "write() to a closed in-memory transport: the data is dropped");
            }
            return;
        }
        out.addLast(chunk);
        outSize += chunk.length;
        schedulePump();
        maybePauseProtocol();
    }

    @Override
    public void writeEof() {
        if (closing || writeEofCalled) return;
        writeEofCalled = true;
        eofPending = true;
        flushSoon();
    }

    @Override
    public boolean canWriteEof() {
        return true;
    }

    @Override
    public void abort() {
        forceClose(null);
    }

    /**
     * Ends the connection as a TCP reset does: this side's protocol loses the connection with
     * no error, the peer's with {@link ConnectionResetError}; buffered bytes on both sides are
     * dropped.
     */
    public void reset() {
        if (lost) return;
        MemoryTransport p = peer;
        eofSent = true; // nothing more reaches the peer, not even an EOF
        forceClose(null);
        p.forceClose(new ConnectionResetError("Connection reset by peer"));
    }

    @Override
    public void setWriteBufferLimits(int high, int low) {
        if (!(0 <= low && low <= high)) {
            throw new IllegalArgumentException("high (" + high + ") must be >= low (" + low + ") must be >= 0");
        }
        this.high = high;
        this.low = low;
        maybePauseProtocol();
    }

    @Override
    public int[] getWriteBufferLimits() {
        return new int[] {low, high};
    }

    @Override
    public int getWriteBufferSize() {
        return outSize;
    }

    private void maybePauseProtocol() {
        if (outSize <= high || protocolPaused) return;
        protocolPaused = true;
        try {
            protocol.pauseWriting();
        } catch (RuntimeException e) {
            loop.callExceptionHandler(ExceptionContext.of("protocol.pauseWriting() failed", e));
        }
    }

    private void maybeResumeProtocol() {
        if (!protocolPaused || outSize > low) return;
        protocolPaused = false;
        try {
            protocol.resumeWriting();
        } catch (RuntimeException e) {
            loop.callExceptionHandler(ExceptionContext.of("protocol.resumeWriting() failed", e));
        }
    }

    // ---------------------------------------------------------------- moving bytes

    private void schedulePump() {
        if (pumpScheduled || lost) return;
        pumpScheduled = true;
        loop.callSoon(this::pump);
    }

    private void scheduleRead() {
        if (readScheduled || lost) return;
        readScheduled = true;
        loop.callSoon(this::readReady);
    }

    /** Moves written bytes (then the EOF) into the peer's window, as far as it has room. */
    private void pump() {
        pumpScheduled = false;
        if (lost) return;
        MemoryTransport p = peer;
        if (outSize > 0 && p.lost) {
            // The peer's socket is gone: the bytes cannot arrive, the peer answers with a reset.
            forceClose(new ConnectionResetError("Connection reset by peer"));
            return;
        }
        int moved = 0;
        while (outSize > 0 && p.inSize < p.window) {
            byte[] first = out.peekFirst();
            int n = Math.min(first.length - outHead, p.window - p.inSize);
            byte[] piece;
            if (outHead == 0 && n == first.length) {
                piece = first;
            } else {
                piece = new byte[n];
                System.arraycopy(first, outHead, piece, 0, n);
            }
            outHead += n;
            if (outHead == first.length) {
                out.removeFirst();
                outHead = 0;
            }
            outSize -= n;
            p.in.addLast(piece);
            p.inSize += n;
            moved += n;
        }
        if (moved > 0) {
            p.scheduleRead();
            maybeResumeProtocol();
        }
        if (outSize == 0 && eofPending) {
            if (closing) {
                // As a socket: the protocol loses the connection, then the peer reads the EOF
                // (callConnectionLost sends it, unless an earlier writeEof did).
                lost = true;
                loop.callSoon(() -> callConnectionLost(null));
            } else if (!eofSent) {
                eofSent = true;
                if (!p.lost) {
                    p.inEof = true;
                    p.scheduleRead();
                }
            }
        }
    }

    /** Delivers one chunk from the window to the protocol, or the EOF once the window is empty. */
    private void readReady() {
        readScheduled = false;
        if (lost || !isReading()) return;
        if (inSize > 0) {
            int n = Math.min(maxChunk, inSize);
            byte[] chunk = takeIn(n);
            peer.schedulePump(); // the window has room again
            try {
                deliver(chunk);
            } catch (RuntimeException e) {
                fatalError(e, "Fatal error: protocol.dataReceived() call failed.");
                return;
            }
            // After the delivery: a reader woken by this chunk runs before the next one comes.
            if (inSize > 0 || inEof) scheduleRead();
            return;
        }
        if (inEof && !eofDelivered) {
            eofDelivered = true;
            boolean keepOpen;
            try {
                keepOpen = protocol instanceof Protocol p ? p.eofReceived()
                        : protocol instanceof BufferedProtocol bp && bp.eofReceived();
            } catch (RuntimeException e) {
                fatalError(e, "Fatal error: protocol.eofReceived() call failed.");
                return;
            }
            if (!keepOpen) close();
        }
    }

    private byte[] takeIn(int n) {
        byte[] first = in.peekFirst();
        if (inHead == 0 && first.length == n) {
            in.removeFirst();
            inSize -= n;
            return first;
        }
        byte[] chunk = new byte[n];
        int filled = 0;
        while (filled < n) {
            byte[] c = in.peekFirst();
            int k = Math.min(c.length - inHead, n - filled);
            System.arraycopy(c, inHead, chunk, filled, k);
            filled += k;
            inHead += k;
            if (inHead == c.length) {
                in.removeFirst();
                inHead = 0;
            }
        }
        inSize -= n;
        return chunk;
    }

    private void deliver(byte[] chunk) {
        if (protocol instanceof BufferedProtocol bp) {
            int off = 0;
            while (off < chunk.length) {
                ByteBuffer b = bp.getBuffer(chunk.length - off);
                int n = Math.min(b.remaining(), chunk.length - off);
                if (n == 0) throw new IllegalStateException("getBuffer() returned a buffer without room");
                b.put(chunk, off, n);
                off += n;
                bp.bufferUpdated(n);
            }
        } else if (protocol instanceof Protocol p) {
            p.dataReceived(chunk);
        }
    }

    private void fatalError(RuntimeException e, String message) {
        loop.callExceptionHandler(ExceptionContext.of(message, e));
        forceClose(e);
    }

    /** Closes now, dropping buffered bytes; the protocol loses the connection with {@code error}. */
    private void forceClose(Exception error) {
        if (lost) return;
        lost = true;
        closing = true;
        out.clear();
        outHead = 0;
        outSize = 0;
        in.clear();
        inHead = 0;
        inSize = 0;
        loop.callSoon(() -> callConnectionLost(error));
    }

    private void callConnectionLost(Exception error) {
        try {
            protocol.connectionLost(error);
        } finally {
            MemoryTransport p = peer;
            if (!eofSent) {
                // The socket closes: the peer reads an EOF (a FIN), after what it already has.
                eofSent = true;
                if (!p.lost) {
                    p.inEof = true;
                    p.scheduleRead();
                }
            }
            // Bytes the peer still wants to send us now meet a closed socket.
            if (p.outSize > 0) p.schedulePump();
        }
    }

    @Override
    public String toString() {
        return "<MemoryTransport " + name + (lost ? " closed" : closing ? " closing" : "")
                + (outSize > 0 ? " buffered=" + outSize : "") + ">";
    }
}
