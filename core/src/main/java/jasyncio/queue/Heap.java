package jasyncio.queue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * A binary min-heap for {@link PriorityQueue}: the smallest item first, and among items the
 * comparator calls equal, the one added first (each slot carries its insertion number).
 */
final class Heap<T> implements Buffer<T> {
    /** The order; null means natural order (items must be {@link Comparable}). */
    private final Comparator<? super T> comparator;
    /** Heap-ordered items in {@code items[0..size)}, with their insertion numbers in {@code seqs}. */
    private Object[] items = new Object[8];
    private long[] seqs = new long[8];
    private int size;
    private long nextSeq;

    Heap(Comparator<? super T> comparator) {
        this.comparator = comparator;
    }

    @Override
    public void add(T item) {
        if (comparator == null && !(item instanceof Comparable)) {
            if (item == null) throw new NullPointerException("a PriorityQueue without a comparator cannot order null items");
            throw new ClassCastException("a PriorityQueue without a comparator needs Comparable items, got "
                    + item.getClass().getName());
        }
        if (size == items.length) {
            items = Arrays.copyOf(items, size * 2);
            seqs = Arrays.copyOf(seqs, size * 2);
        }
        long seq = nextSeq;
        // Sift up: parents move down into the hole; if the comparator throws, every item is
        // still in [0, size) and size is unchanged, so the heap stays valid.
        int k = size;
        while (k > 0) {
            int parent = (k - 1) >>> 1;
            if (!less(item, seq, parent)) break;
            items[k] = items[parent];
            seqs[k] = seqs[parent];
            k = parent;
        }
        items[k] = item;
        seqs[k] = seq;
        size++;
        nextSeq++;
    }

    @Override
    @SuppressWarnings("unchecked")
    public T poll() {
        T first = (T) items[0];
        int last = --size;
        Object moved = items[last];
        long movedSeq = seqs[last];
        items[last] = null;
        if (last > 0) {
            int k = 0;
            int half = last >>> 1;
            while (k < half) {
                int child = 2 * k + 1;
                int right = child + 1;
                if (right < last && less((T) items[right], seqs[right], child)) child = right;
                if (!less((T) items[child], seqs[child], moved, movedSeq)) break;
                items[k] = items[child];
                seqs[k] = seqs[child];
                k = child;
            }
            items[k] = moved;
            seqs[k] = movedSeq;
        }
        return first;
    }

    /** Whether (item, seq) comes before the item in slot {@code slot}. */
    @SuppressWarnings("unchecked")
    private boolean less(T item, long seq, int slot) {
        return less(item, seq, items[slot], seqs[slot]);
    }

    @SuppressWarnings("unchecked")
    private boolean less(T a, long seqA, Object b, long seqB) {
        int c = comparator != null ? comparator.compare(a, (T) b) : ((Comparable<Object>) a).compareTo(b);
        return c < 0 || (c == 0 && seqA < seqB);
    }

    @Override
    public int size() {
        return size;
    }

    @Override
    @SuppressWarnings("unchecked")
    public List<T> snapshot() {
        List<T> list = new ArrayList<>(size);
        for (int i = 0; i < size; i++) list.add((T) items[i]);
        return list;
    }
}
