package jasyncio.queue;

import java.util.ArrayList;
import java.util.List;

/**
 * A growable circular array taking items from the front (FIFO, {@link Queue}) or from the back
 * (LIFO, {@link LifoQueue}). Unlike {@link java.util.ArrayDeque} it holds nulls, as asyncio
 * queues do ({@code put(None)} is a common end marker).
 */
final class Ring<T> implements Buffer<T> {
    private final boolean lifo;
    /** Slots; the items are {@code elements[(head + i) & (length - 1)]} for i below size. Length is a power of two. */
    private Object[] elements = new Object[8];
    private int head;
    private int size;

    Ring(boolean lifo) {
        this.lifo = lifo;
    }

    @Override
    public void add(T item) {
        if (size == elements.length) grow();
        elements[(head + size) & (elements.length - 1)] = item;
        size++;
    }

    @Override
    @SuppressWarnings("unchecked")
    public T poll() {
        int mask = elements.length - 1;
        int slot = lifo ? (head + size - 1) & mask : head;
        T item = (T) elements[slot];
        elements[slot] = null;
        if (!lifo) head = (head + 1) & mask;
        size--;
        return item;
    }

    @Override
    public int size() {
        return size;
    }

    @Override
    @SuppressWarnings("unchecked")
    public List<T> snapshot() {
        List<T> items = new ArrayList<>(size);
        for (int i = 0; i < size; i++) items.add((T) elements[(head + i) & (elements.length - 1)]);
        return items;
    }

    private void grow() {
        Object[] bigger = new Object[elements.length * 2];
        for (int i = 0; i < size; i++) bigger[i] = elements[(head + i) & (elements.length - 1)];
        elements = bigger;
        head = 0;
    }
}
