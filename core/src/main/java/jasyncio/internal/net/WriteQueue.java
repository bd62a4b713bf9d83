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

    /** Writes as much as {@code out} takes now; returns the number of bytes written. */
    long writeTo(GatheringByteChannel out) throws IOException {
        long n;
        int count = chunks.size();
        if (count == 1) {
            n = out.write(chunks.peekFirst());
        } else {
            int k = Math.min(count, MAX_GATHER);
            if (gather == null) gather = new ByteBuffer[MAX_GATHER];
            int i = 0;
            for (ByteBuffer b : chunks) {
                if (i == k) break;
                gather[i++] = b;
            }
            try {
                n = out.write(gather, 0, k);
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
