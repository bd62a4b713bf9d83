package jasyncio;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.function.Consumer;

import jasyncio.internal.SelectorLoop;

/**
 * The iteration behind {@link Asyncio#asCompleted}: {@code next()} suspends until the next input
 * is done and returns it. With a timeout, {@code next()} throws {@link TimeoutError} once the
 * deadline passes, and the iteration ends. Single consumer; callbacks may arrive from any loop.
 */
final class AsCompleted<T> implements Iterable<Future<T>>, Iterator<Future<T>> {
    private static final Object TIMED_OUT = new Object();

    private final SelectorLoop loop;
    private final ArrayDeque<Object> ready = new ArrayDeque<>();       // guarded by this
    private final Set<Future<T>> todo;                                  // guarded by this
    private final Consumer<Future<T>> onDone = this::completed;
    private Future<Void> signal;                                        // guarded by this
    private int remaining;                                              // consumer-confined
    private TimerHandle timeoutHandle;
    private boolean iterated;

    AsCompleted(SelectorLoop loop, Iterable<? extends Future<T>> futures, double timeout) {
        this.loop = loop;
        this.todo = new LinkedHashSet<>();
        for (Future<T> f : futures) todo.add(f);
        this.remaining = todo.size();
        if (!todo.isEmpty() && timeout != Double.POSITIVE_INFINITY) {
            timeoutHandle = loop.callLater(timeout, this::timedOut);
        }
        // A copy in input order (callbacks may change todo from other threads), so inputs that
        // are already done come back in the order they were passed, run after run.
        for (Future<T> f : new ArrayList<>(todo)) f.addDoneCallback(onDone);
    }

    private void completed(Future<T> f) {
        Future<Void> s;
        synchronized (this) {
            if (!todo.remove(f)) return;
            ready.add(f);
            if (todo.isEmpty() && timeoutHandle != null) timeoutHandle.cancel();
            s = signal;
            signal = null;
        }
        if (s != null) s.trySetResult(null);
    }

    private void timedOut() {
        Future<Void> s;
        synchronized (this) {
            for (Future<T> f : todo) f.removeDoneCallback(onDone);
            todo.clear();
            ready.add(TIMED_OUT);
            s = signal;
            signal = null;
        }
        if (s != null) s.trySetResult(null);
    }

    @Override
    public synchronized Iterator<Future<T>> iterator() {
        if (iterated) throw new IllegalStateException("asCompleted(...) can be iterated only once");
        iterated = true;
        return this;
    }

    @Override
    public boolean hasNext() {
        return remaining > 0;
    }

    @Override
    @SuppressWarnings("unchecked")
    public Future<T> next() {
        if (remaining <= 0) throw new NoSuchElementException("asCompleted: every future has been returned");
        while (true) {
            Future<Void> s;
            synchronized (this) {
                Object o = ready.poll();
                if (o == TIMED_OUT) {
                    remaining = 0;
                    throw new TimeoutError("asCompleted: the timeout expired with futures still pending");
                }
                if (o != null) {
                    remaining--;
                    return (Future<T>) o;
                }
                s = signal = new Future<>(loop);
            }
            s.await();
        }
    }
}
