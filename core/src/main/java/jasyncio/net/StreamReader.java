package jasyncio.net;

import java.util.Arrays;
import java.util.Iterator;
import java.util.NoSuchElementException;

import jasyncio.Asyncio;
import jasyncio.EventLoop;
import jasyncio.Future;

/**
 * The reading half of a stream connection ({@code asyncio.StreamReader}): a buffer that a
 * protocol fills with {@link #feedData}/{@link #feedEof} and tasks drain with {@link #read},
 * {@link #readline}, {@link #readexactly} and {@link #readuntil}.
 *
 * <p>Suspension: the read methods suspend the calling task until enough data, the end of the
 * stream or an error has arrived; they are cancellation points. A read that is cancelled
 * consumes nothing: the bytes that had arrived stay in the buffer for the next read, so a
 * cancelled {@code readexactly(n)} never swallows half a message. Only one task may wait for
 * data at a time; a second gets {@link IllegalStateException}.
 *
 * <p>Limit: the buffer may grow to twice {@link #limit()} before the transport is asked to pause
 * reading (it resumes once the buffer is back under the limit). {@link #readuntil} and
 * {@link #readline} refuse lines longer than the limit.
 *
 * <p>Errors: once {@link #setException} was called (the protocol does it when the connection
 * breaks), reads throw that error: unchecked errors as themselves, a checked
 * {@link java.io.IOException} wrapped in {@link java.io.UncheckedIOException}, other checked
 * ones in {@link java.util.concurrent.CompletionException}. asyncio's {@code ValueError}s are
 * {@link IllegalArgumentException}s, its {@code RuntimeError}s {@link IllegalStateException}s.
 *
 * <p>Thread-safety: none; a reader belongs to its loop. Feed it from the loop's thread (its
 * protocol callbacks) and read it from the loop's tasks. Nothing to close: closing is the
 * {@link StreamWriter}'s business.
 *
 * <p>{@code async for line in reader} is {@code for (byte[] line : reader)}: the iterator's
 * {@code hasNext()} reads the next line (suspending) and ends at the end of the stream.
 */
public final class StreamReader implements Iterable<byte[]> {

    /** The default {@link #limit()}: 64 KiB, as in asyncio. */
    public static final int DEFAULT_LIMIT = 1 << 16;

    private static final byte[] EMPTY = new byte[0];
    /** Chunks at least this big that arrive into an empty buffer get an array of their own size. */
    private static final int HANDOFF_SIZE = 8 * 1024;
    private static final byte[] NEWLINE = {'\n'};

    private final EventLoop loop;
    private final int limit;

    /** The buffered bytes are {@code buf[head..tail)}. */
    private byte[] buf = EMPTY;
    private int head;
    private int tail;

    private boolean eof;
    /** The task waiting for data, through this future; null when nobody waits. */
    private Future<Void> waiter;
    private Throwable exception;
    /** The transport to pause and resume; null if none, or if it cannot pause. */
    private Transport transport;
    /** Whether this reader paused the transport's reading. */
    private boolean paused;

    /** A reader with the default limit, on the running loop (or the current one). */
    public StreamReader() {
        this(DEFAULT_LIMIT);
    }

    /** A reader with {@code limit}, on the running loop (or the current one). */
    public StreamReader(int limit) {
        this(limit, Asyncio.getEventLoop());
    }

    /**
     * A reader with {@code limit} whose waits are futures of {@code loop}.
     *
     * @throws IllegalArgumentException if {@code limit <= 0}
     */
    public StreamReader(int limit, EventLoop loop) {
        if (limit <= 0) throw new IllegalArgumentException("Limit cannot be <= 0");
        this.limit = limit;
        this.loop = loop;
    }

    /** The limit given at construction. */
    public int limit() {
        return limit;
    }

    // ---------------------------------------------------------------- the protocol's side

    /** The error set by {@link #setException}, or null. */
    public Throwable exception() {
        return exception;
    }

    /** Makes every read from now on throw {@code error}, and wakes a waiting reader with it. */
    public void setException(Throwable error) {
        if (error == null) throw new NullPointerException("setException(null): pass the error reads should throw");
        exception = error;
        wakeUpWaiter();
    }

    /**
     * Attaches the transport this reader pauses and resumes for flow control.
     *
     * @throws IllegalStateException if a transport is already attached
     */
    public void setTransport(Transport transport) {
        if (this.transport != null) throw new IllegalStateException("Transport already set");
        this.transport = transport;
    }

    /** Marks the end of the stream: reads return what is left, then nothing. */
    public void feedEof() {
        eof = true;
        wakeUpWaiter();
    }

    /** Whether the stream has ended and every byte was read. */
    public boolean atEof() {
        return eof && head == tail;
    }

    /**
     * Appends {@code data} to the buffer (the array is copied) and wakes a waiting reader.
     *
     * @throws IllegalStateException after {@link #feedEof()}
     */
    public void feedData(byte[] data) {
        feedData(data, 0, data.length);
    }

    /** Appends {@code data[offset..offset+length)}; see {@link #feedData(byte[])}. */
    public void feedData(byte[] data, int offset, int length) {
        if (eof) throw new IllegalStateException("feedData after feedEof");
        if (length == 0) return;
        ensureSpace(length);
        System.arraycopy(data, offset, buf, tail, length);
        tail += length;
        afterFeed();
    }

    /** Appends {@code data[offset..offset+length)} (absolute; the buffer's position is untouched). */
    void feedData(java.nio.ByteBuffer data, int offset, int length) {
        if (eof) throw new IllegalStateException("feedData after feedEof");
        if (length == 0) return;
        ensureSpace(length);
        data.get(offset, buf, tail, length);
        tail += length;
        afterFeed();
    }

    private void afterFeed() {
        wakeUpWaiter();
        if (transport != null && !paused && tail - head > 2 * limit) {
            try {
                transport.pauseReading();
                paused = true;
            } catch (IllegalStateException e) {
                // A transport that cannot pause (a pipe's write end): stop asking, as asyncio does.
                transport = null;
            }
        }
    }

    private void wakeUpWaiter() {
        Future<Void> w = waiter;
        if (w != null) {
            waiter = null;
            if (!w.isDone()) w.setResult(null);
        }
    }

    private void maybeResumeTransport() {
        if (paused && tail - head <= limit) {
            paused = false;
            transport.resumeReading();
        }
    }

    /** Suspends until data, the end of the stream or an error arrives; throws the error. */
    private void waitForData(String method) {
        if (waiter != null) {
            throw new IllegalStateException(method
                    + "() called while another task is already waiting for incoming data");
        }
        if (eof) throw new IllegalStateException(method + "() waits for data after the end of the stream");
        // The reader wants more data although the buffer is full: the limit must be exceeded
        // for readexactly(n > limit) to complete, so let the transport deliver again.
        if (paused) {
            paused = false;
            transport.resumeReading();
        }
        Future<Void> w = loop.createFuture();
        waiter = w;
        try {
            w.await();
        } finally {
            waiter = null;
        }
        throwIfFailed();
    }

    private void throwIfFailed() {
        if (exception != null) throw Streams.rethrow(exception);
    }

    // ---------------------------------------------------------------- reading

    /** Reads until the end of the stream and returns every byte ({@code read()} / {@code read(-1)}). */
    public byte[] read() {
        return read(-1);
    }

    /**
     * Reads up to {@code n} bytes: returns as soon as at least one byte is buffered (or the
     * stream ended: then an empty array). With {@code n < 0}, reads until the end of the stream.
     * With {@code n == 0}, returns an empty array at once.
     */
    public byte[] read(int n) {
        throwIfFailed();
        if (n == 0) return EMPTY;
        if (n < 0) {
            // Read in blocks of the limit, so the transport is paused and resumed as usual.
            java.io.ByteArrayOutputStream all = new java.io.ByteArrayOutputStream();
            while (true) {
                byte[] block = read(limit);
                if (block.length == 0) break;
                all.writeBytes(block);
            }
            return all.toByteArray();
        }
        if (head == tail && !eof) waitForData("read");
        byte[] data = consume(Math.min(n, tail - head));
        maybeResumeTransport();
        return data;
    }

    /**
     * Reads one line, ending with {@code \n} (included). At the end of the stream, returns the
     * partial last line, or an empty array if nothing is left.
     *
     * @throws IllegalArgumentException if the line is longer than the limit; the line (with its
     *                                  {@code \n} if it arrived) is discarded, and the
     *                                  {@link LimitOverrunError} is the cause
     */
    public byte[] readline() {
        try {
            return readuntil(NEWLINE);
        } catch (IncompleteReadError e) {
            return e.partial();
        } catch (LimitOverrunError e) {
            if (startsWith(head + e.consumed(), NEWLINE)) {
                head += e.consumed() + NEWLINE.length;
                compactIfEmpty();
            } else {
                head = tail = 0;
            }
            maybeResumeTransport();
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    /** {@link #readuntil(byte[]...)} with {@code \n}. */
    public byte[] readuntil() {
        return readuntil(NEWLINE);
    }

    /**
     * Reads until one of {@code separators} is found and returns the data including it. With
     * several separators, the shortest result that ends with any of them wins.
     *
     * @throws IncompleteReadError      if the stream ends first; it carries every byte that was
     *                                  left (the buffer is then empty), its expected count unknown
     * @throws LimitOverrunError        if the limit is reached before a separator; the data stays
     *                                  in the buffer
     * @throws IllegalArgumentException without separators, or with an empty one
     */
    public byte[] readuntil(byte[]... separators) {
        if (separators.length == 0) throw new IllegalArgumentException("Separator should contain at least one element");
        int minLen = Integer.MAX_VALUE;
        int maxLen = 0;
        for (byte[] s : separators) {
            minLen = Math.min(minLen, s.length);
            maxLen = Math.max(maxLen, s.length);
        }
        if (minLen == 0) throw new IllegalArgumentException("Separator should be at least one-byte string");
        throwIfFailed();

        // Bytes before `offset` are known not to start a separator; the search resumes there,
        // keeping the last (longest separator - 1) bytes, which may be a separator's start.
        int offset = 0;
        int matchStart;
        int matchEnd;
        while (true) {
            int length = tail - head;
            matchStart = -1;
            matchEnd = Integer.MAX_VALUE;
            if (length - offset >= minLen) {
                for (byte[] s : separators) {
                    int at = indexOf(s, head + offset);
                    if (at < 0) continue;
                    int start = at - head;
                    int end = start + s.length;
                    // The shortest result wins; at a tie, the shortest separator (asyncio sorts them).
                    if (end < matchEnd || (end == matchEnd && start > matchStart)) {
                        matchStart = start;
                        matchEnd = end;
                    }
                }
                if (matchStart >= 0) break;
                offset = Math.max(0, length + 1 - maxLen);
                if (offset > limit) {
                    throw new LimitOverrunError("Separator is not found, and chunk exceed the limit", offset);
                }
            }
            if (eof) {
                byte[] chunk = consume(length);
                throw new IncompleteReadError(chunk, -1);
            }
            waitForData("readuntil");
        }
        if (matchStart > limit) {
            throw new LimitOverrunError("Separator is found, but chunk is longer than limit", matchStart);
        }
        byte[] chunk = consume(matchEnd);
        maybeResumeTransport();
        return chunk;
    }

    /**
     * Reads exactly {@code n} bytes. Nothing is consumed until all of them are there.
     *
     * @throws IncompleteReadError      if the stream ends first; it carries the bytes that were
     *                                  left (the buffer is then empty) and {@code n}
     * @throws IllegalArgumentException if {@code n < 0}
     */
    public byte[] readexactly(int n) {
        if (n < 0) throw new IllegalArgumentException("readexactly size can not be less than zero");
        throwIfFailed();
        if (n == 0) return EMPTY;
        while (tail - head < n) {
            if (eof) {
                byte[] incomplete = consume(tail - head);
                throw new IncompleteReadError(incomplete, n);
            }
            waitForData("readexactly");
        }
        byte[] data = consume(n);
        maybeResumeTransport();
        return data;
    }

    /**
     * The lines of the stream ({@code async for line in reader}): {@code hasNext()} reads the
     * next line with {@link #readline()}, suspending, and is false at the end of the stream.
     * Errors of {@code readline} come out of {@code hasNext()}.
     */
    @Override
    public Iterator<byte[]> iterator() {
        return new Iterator<>() {
            private byte[] next;

            @Override
            public boolean hasNext() {
                if (next == null) next = readline();
                return next.length > 0;
            }

            @Override
            public byte[] next() {
                if (!hasNext()) throw new NoSuchElementException("the stream has ended");
                byte[] line = next;
                next = null;
                return line;
            }
        };
    }

    // ---------------------------------------------------------------- the buffer

    /** Bytes buffered and not yet read. */
    int buffered() {
        return tail - head;
    }

    /** A copy of the buffered bytes, without consuming them (for tests and diagnostics). */
    byte[] peekBuffer() {
        return Arrays.copyOfRange(buf, head, tail);
    }

    private byte[] consume(int n) {
        if (head == 0 && n == buf.length) {
            // The whole array is the answer: hand it over instead of copying it.
            byte[] data = buf;
            buf = EMPTY;
            head = tail = 0;
            return data;
        }
        byte[] data = Arrays.copyOfRange(buf, head, head + n);
        head += n;
        compactIfEmpty();
        return data;
    }

    /** An empty buffer starts over at index 0; a big one that emptied is given back. */
    private void compactIfEmpty() {
        if (head == tail) {
            head = tail = 0;
            if (buf.length > 4 * limit) buf = EMPTY;
        }
    }

    private void ensureSpace(int n) {
        int size = tail - head;
        if (size == 0 && n >= HANDOFF_SIZE) {
            // A big chunk into an empty buffer gets an array of its own size, which a read of it
            // all then takes without a copy (consume); the old array is dropped.
            buf = new byte[n];
            head = tail = 0;
            return;
        }
        if (buf.length - tail >= n) return;
        if (buf.length - size >= n && size <= buf.length / 2) {
            System.arraycopy(buf, head, buf, 0, size);
        } else {
            byte[] bigger = new byte[Math.max(Math.max(2 * buf.length, size + n), 1024)];
            System.arraycopy(buf, head, bigger, 0, size);
            buf = bigger;
        }
        head = 0;
        tail = size;
    }

    /** The absolute index of {@code sep} in {@code buf[from..tail)}, or -1. */
    private int indexOf(byte[] sep, int from) {
        byte first = sep[0];
        int last = tail - sep.length;
        outer:
        for (int i = from; i <= last; i++) {
            if (buf[i] != first) continue;
            for (int j = 1; j < sep.length; j++) {
                if (buf[i + j] != sep[j]) continue outer;
            }
            return i;
        }
        return -1;
    }

    private boolean startsWith(int at, byte[] sep) {
        if (tail - at < sep.length) return false;
        for (int j = 0; j < sep.length; j++) {
            if (buf[at + j] != sep[j]) return false;
        }
        return true;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("<StreamReader");
        if (tail > head) sb.append(' ').append(tail - head).append(" bytes");
        if (eof) sb.append(" eof");
        if (limit != DEFAULT_LIMIT) sb.append(" limit=").append(limit);
        if (waiter != null) sb.append(" waiter=").append(waiter);
        if (exception != null) sb.append(" exception=").append(exception);
        if (transport != null) sb.append(" transport=").append(transport);
        if (paused) sb.append(" paused");
        return sb.append('>').toString();
    }
}
