package jasyncio.internal.net;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.GatheringByteChannel;
import java.util.ArrayDeque;

/**
 * The bytes a transport accepted but the socket has not taken yet: private copies, sent oldest
 * first with gathering writes. Small writes are appended into the tail chunk, so a protocol
 * writing many small pieces to a slow peer does not build a long list of tiny buffers.
 * Loop-confined (owned by one transport).
 */
final class WriteQueue {
    /** Tail chunks are at least this big, so small writes can be appended to them. */
    private static final int MIN_CHUNK = 4096;
    /** At most this many chunks per gathering write (Linux IOV_MAX is 1024). */
    private static final int MAX_GATHER = 64;
    /** At most this many bytes of heap buffers per write call (see {@link #writeSome}). */
    static final int MAX_WRITE = 256 * 1024;

    /** Each chunk's pending bytes are position..limit; none is empty. */
    private final ArrayDeque<ByteBuffer> chunks = new ArrayDeque<>();
    private ByteBuffer[] gather;
    /** Sum of the chunks' remaining bytes. */
    private long size;

    boolean isEmpty() {
        return size == 0;
    }

    long size() {
        return size;
    }

    /** Copies the remaining bytes of {@code src} to the queue; {@code src}'s position moves to its limit. */
    void add(ByteBuffer src) {
        int n = src.remaining();
        if (n == 0) return;
        ByteBuffer tail = chunks.peekLast();
        if (tail != null && tail.capacity() - tail.limit() >= n) {
            int at = tail.limit();
            tail.limit(at + n);
            tail.put(at, src, src.position(), n);
        } else {
            ByteBuffer copy = ByteBuffer.allocate(Math.max(n, MIN_CHUNK));
            copy.put(0, src, src.position(), n);
            copy.limit(n);
            chunks.addLast(copy);
        }
        src.position(src.limit());
        size += n;
    }

    /**
     * Writes {@code src} to {@code out} until it is empty or {@code out} takes no more; returns
     * the number of bytes written. A heap buffer goes in slices of at most {@link #MAX_WRITE}:
     * the JDK copies a heap buffer's whole remainder into a temporary direct buffer on every
     * write, which for a large buffer on a slow socket would copy it again and again (and keep
     * a buffer that large cached on the thread).
     */
    static long writeSome(GatheringByteChannel out, ByteBuffer src) throws IOException {
        if (src.isDirect() || src.remaining() <= MAX_WRITE) return out.write(src);
        long total = 0;
        while (src.hasRemaining()) {
            int len = Math.min(src.remaining(), MAX_WRITE);
            int n = out.write(src.slice(src.position(), len));
            src.position(src.position() + n);
            total += n;
            if (n < len) break;
        }
        return total;
    }

    /** Writes as much as {@code out} takes now; returns the number of bytes written. */
    long writeTo(GatheringByteChannel out) throws IOException {
        long n;
        int count = chunks.size();
        if (count == 1) {
            n = writeSome(out, chunks.peekFirst());
        } else {
            // Gather whole chunks up to MAX_WRITE bytes; one bigger chunk goes alone, in slices.
            if (gather == null) gather = new ByteBuffer[MAX_GATHER];
            int k = 0;
            long bytes = 0;
            for (ByteBuffer b : chunks) {
                if (k == MAX_GATHER || k > 0 && bytes + b.remaining() > MAX_WRITE) break;
                gather[k++] = b;
                bytes += b.remaining();
            }
            try {
                n = k == 1 ? writeSome(out, gather[0]) : out.write(gather, 0, k);
            } finally {
                java.util.Arrays.fill(gather, 0, k, null);
            }
        }
        if (n > 0) {
            size -= n;
            ByteBuffer head;
            while ((head = chunks.peekFirst()) != null && !head.hasRemaining()) chunks.pollFirst();
        }
        return n;
    }

    /** Drops everything. */
    void clear() {
        chunks.clear();
        size = 0;
    }
}
