package jasyncio;

import java.util.ArrayList;
import java.util.List;

import jasyncio.internal.TaskRegistry;

/**
 * A loop's live tasks as an intrusive doubly-linked list through {@link Task#prevLive} and
 * {@link Task#nextLive}: O(1) add and remove without hashing. Loop-confined.
 */
final class LiveTasks implements TaskRegistry {
    private Task<?> head;
    private int size;

    @Override
    public void add(Task<?> t) {
        t.nextLive = head;
        if (head != null) head.prevLive = t;
        head = t;
        size++;
    }

    @Override
    public void remove(Task<?> t) {
        if (t.prevLive == null && head != t) return; // not in the list
        if (t.prevLive != null) t.prevLive.nextLive = t.nextLive;
        else head = t.nextLive;
        if (t.nextLive != null) t.nextLive.prevLive = t.prevLive;
        t.prevLive = null;
        t.nextLive = null;
        size--;
    }

    @Override
    public int size() {
        return size;
    }

    @Override
    public List<Task<?>> snapshot() {
        List<Task<?>> out = new ArrayList<>(size);
        for (Task<?> t = head; t != null; t = t.nextLive) out.add(t);
        return out.reversed();
    }

    @Override
    public String toString() {
        return snapshot().toString();
    }
}
