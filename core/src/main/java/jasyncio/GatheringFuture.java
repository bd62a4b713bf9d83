package jasyncio;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Function;

import jasyncio.internal.SelectorLoop;

/**
 * The future behind {@link Asyncio#gather}: done when all children are (or at the first error
 * unless exceptions are returned). Cancelling it cancels every child that is not done
 * (asyncio's {@code _GatheringFuture}).
 */
final class GatheringFuture<R> extends Future<List<R>> {
    private final List<Future<?>> children;
    private volatile boolean cancelRequested;

    private GatheringFuture(SelectorLoop loop, List<Future<?>> children) {
        super(loop);
        this.children = children;
    }

    @Override
    public boolean cancel(String message) {
        if (isDone()) return false;
        boolean any = false;
        for (Future<?> child : children) {
            if (child.cancel(message)) any = true;
        }
        if (any) cancelRequested = true;
        return any;
    }

    /**
     * Starts gathering {@code args} and maps each done input to a result
     * element with {@code collect}.
     */
    static <T, R> GatheringFuture<R> start(SelectorLoop loop, List<? extends Future<? extends T>> args,
                                           boolean returnExceptions, Function<Future<? extends T>, R> collect) {
        // A future passed twice registers twice and is counted twice: same result as
        // asyncio's de-duplication, without hashing every input.
        List<Future<?>> children = new ArrayList<>(args.size());
        for (Future<? extends T> f : args) {
            if (f == null) throw new NullPointerException("gather: an input future is null");
            children.add(f);
        }
        GatheringFuture<R> outer = new GatheringFuture<>(loop, children);
        if (children.isEmpty()) {
            outer.trySetResult(List.of());
            return outer;
        }
        AtomicInteger finished = new AtomicInteger();
        int total = children.size();
        Consumer<Future<?>> onChildDone = fut -> {
            int n = finished.incrementAndGet();
            if (outer.isDone()) {
                if (!fut.isCancelled()) fut.exception(); // mark it retrieved
                return;
            }
            if (!returnExceptions) {
                if (fut.isCancelled()) {
                    outer.trySetException(new CancelledError(fut.cancelMessage()));
                    return;
                }
                Throwable e = fut.exception();
                if (e != null) {
                    outer.trySetException(e);
                    return;
                }
            }
            if (n == total) {
                List<R> results = new ArrayList<>(args.size());
                for (Future<? extends T> f : args) results.add(collect.apply(f));
                if (outer.cancelRequested) {
                    outer.trySetException(new CancelledError(fut.cancelMessage()));
                } else {
                    outer.trySetResult(Collections.unmodifiableList(results));
                }
            }
        };
        for (Future<?> child : children) child.addDoneCallback(onChildDone);
        return outer;
    }
}
