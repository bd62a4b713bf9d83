package jasyncio.internal;

import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The loop's timers, ordered by deadline and then by scheduling order (so timers with equal
 * deadlines fire in the order they were set). A 4-ary min-heap over an array with the long
 * deadline compared inline: shallower than a binary heap and free of comparator calls, which
 * matters when 100,000 sleepers are scheduled at once. Loop-confined, except {@link #cancelled},
 * which cancelling threads increment.
 */
final class TimerHeap {
    private LoopTimer[] heap = new LoopTimer[64];
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
        return size == 0 ? null : heap[0];
    }

    void add(LoopTimer t) {
        t.seq = nextSeq++;
        if (size == heap.length) heap = Arrays.copyOf(heap, size * 2);
        siftUp(size++, t);
    }

    LoopTimer poll() {
        if (size == 0) return null;
        LoopTimer top = heap[0];
        LoopTimer last = heap[--size];
        heap[size] = null;
        if (size > 0) siftDown(0, last);
        return top;
    }

    /** Drops every cancelled timer and rebuilds the heap. */
    void purgeCancelled() {
        int n = 0;
        for (int i = 0; i < size; i++) {
            if (!heap[i].isCancelled()) heap[n++] = heap[i];
        }
        Arrays.fill(heap, n, size, null);
        size = n;
        for (int i = (size - 2) >>> 2; i >= 0 && size > 1; i--) siftDown(i, heap[i]);
        cancelled.set(0);
    }

    private static boolean before(LoopTimer a, LoopTimer b) {
        return a.deadline < b.deadline || (a.deadline == b.deadline && a.seq < b.seq);
    }

    private void siftUp(int i, LoopTimer t) {
        while (i > 0) {
            int parent = (i - 1) >>> 2;
            LoopTimer p = heap[parent];
            if (!before(t, p)) break;
            heap[i] = p;
            i = parent;
        }
        heap[i] = t;
    }

    private void siftDown(int i, LoopTimer t) {
        while (true) {
            int first = (i << 2) + 1;
            if (first >= size) break;
            int best = first;
            int end = Math.min(first + 4, size);
            for (int c = first + 1; c < end; c++) {
                if (before(heap[c], heap[best])) best = c;
            }
            if (!before(heap[best], t)) break;
            heap[i] = heap[best];
            i = best;
        }
        heap[i] = t;
    }
}
