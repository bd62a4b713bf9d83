package jasyncio.internal;

import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The loop's timers, ordered by deadline and then by scheduling order (so timers with equal
 * deadlines fire in the order they were set). A 4-ary min-heap whose keys (deadline, sequence)
 * live in parallel primitive arrays: sifting through 100,000 sleepers compares longs in
 * contiguous memory instead of dereferencing a timer object per comparison. Loop-confined,
 * except {@link #cancelled}, which cancelling threads increment.
 */
final class TimerHeap {
    private LoopTimer[] items = new LoopTimer[64];
    private long[] deadlines = new long[64];
    private long[] seqs = new long[64];
    private int size;
    private long nextSeq;
    /** Cancelled timers still in the heap (approximate: any thread increments it). */
    final AtomicInteger cancelled = new AtomicInteger();

    int size() {
        return size;
    }

    boolean isEmpty() {
        return size == 0;
    }

    LoopTimer peek() {
        return size == 0 ? null : items[0];
    }

    void add(LoopTimer t) {
        if (size == items.length) {
            int n = size * 2;
            items = Arrays.copyOf(items, n);
            deadlines = Arrays.copyOf(deadlines, n);
            seqs = Arrays.copyOf(seqs, n);
        }
        siftUp(size++, t, t.deadline, nextSeq++);
    }

    LoopTimer poll() {
        if (size == 0) return null;
        LoopTimer top = items[0];
        int last = --size;
        LoopTimer t = items[last];
        long d = deadlines[last];
        long s = seqs[last];
        items[last] = null;
        if (last > 0) siftDown(0, t, d, s);
        return top;
    }

    /** Drops every cancelled timer and rebuilds the heap. */
    void purgeCancelled() {
        int n = 0;
        for (int i = 0; i < size; i++) {
            if (!items[i].isCancelled()) {
                items[n] = items[i];
                deadlines[n] = deadlines[i];
                seqs[n] = seqs[i];
                n++;
            }
        }
        Arrays.fill(items, n, size, null);
        size = n;
        for (int i = (size - 2) >>> 2; i >= 0 && size > 1; i--) siftDown(i, items[i], deadlines[i], seqs[i]);
        cancelled.set(0);
    }

    private void set(int i, LoopTimer t, long d, long s) {
        items[i] = t;
        deadlines[i] = d;
        seqs[i] = s;
    }

    private void siftUp(int i, LoopTimer t, long d, long s) {
        while (i > 0) {
            int p = (i - 1) >>> 2;
            long pd = deadlines[p];
            if (d > pd || (d == pd && s > seqs[p])) break;
            set(i, items[p], pd, seqs[p]);
            i = p;
        }
        set(i, t, d, s);
    }

    private void siftDown(int i, LoopTimer t, long d, long s) {
        while (true) {
            int first = (i << 2) + 1;
            if (first >= size) break;
            int best = first;
            long bd = deadlines[first];
            long bs = seqs[first];
            int end = Math.min(first + 4, size);
            for (int c = first + 1; c < end; c++) {
                long cd = deadlines[c];
                if (cd < bd || (cd == bd && seqs[c] < bs)) {
                    best = c;
                    bd = cd;
                    bs = seqs[c];
                }
            }
            if (d < bd || (d == bd && s < bs)) break;
            set(i, items[best], bd, bs);
            i = best;
        }
        set(i, t, d, s);
    }
}
