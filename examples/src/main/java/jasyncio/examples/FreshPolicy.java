package jasyncio.examples;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

import jasyncio.Asyncio;
import jasyncio.EventLoop;
import jasyncio.EventLoopPolicy;

/**
 * The asyncio state of a fresh {@code python3} process, for one example run: no current loop
 * yet, new loops from a factory (the system clock for {@link RunAll}, a virtual clock in tests).
 * {@link #close()} closes the loops the example left open (Python's interpreter exit simply drops
 * them) and puts the previous policy back.
 *
 * <p>Like asyncio's default policy, {@link #getEventLoop()} creates the current loop on first use
 * unless {@link #setEventLoop} was called (as {@code asyncio.run} does on exit). Thread-safe.
 *
 * <pre>{@code
 * try (FreshPolicy p = FreshPolicy.install(SelectorLoop::new)) {
 *     S000_04AwaitCoroutine.main(new String[0]);
 * }
 * }</pre>
 */
public final class FreshPolicy implements EventLoopPolicy, AutoCloseable {
    private static final class Current {
        EventLoop loop;
        boolean setCalled;
    }

    private final Supplier<? extends EventLoop> factory;
    private final EventLoopPolicy previous;
    private final ThreadLocal<Current> current = ThreadLocal.withInitial(Current::new);
    /** Every loop made through this policy, in creation order; guarded by itself. */
    private final List<EventLoop> created = new ArrayList<>();
    private final CompletableFuture<EventLoop> firstLoop = new CompletableFuture<>();

    private FreshPolicy(Supplier<? extends EventLoop> factory, EventLoopPolicy previous) {
        this.factory = factory;
        this.previous = previous;
    }

    /** Installs a fresh policy whose loops come from {@code factory}; close it to restore the previous one. */
    public static FreshPolicy install(Supplier<? extends EventLoop> factory) {
        FreshPolicy p = new FreshPolicy(factory, Asyncio.getEventLoopPolicy());
        Asyncio.setEventLoopPolicy(p);
        return p;
    }

    @Override
    public EventLoop getEventLoop() {
        Current c = current.get();
        if (c.loop == null) {
            if (c.setCalled) {
                throw new IllegalStateException("There is no current event loop in thread '"
                        + Thread.currentThread().getName() + "'.");
            }
            c.loop = newEventLoop();
        }
        return c.loop;
    }

    @Override
    public void setEventLoop(EventLoop loop) {
        Current c = current.get();
        c.setCalled = true;
        c.loop = loop;
    }

    @Override
    public EventLoop newEventLoop() {
        EventLoop loop = factory.get();
        synchronized (created) {
            created.add(loop);
        }
        firstLoop.complete(loop);
        return loop;
    }

    /** The first loop this policy made; completes when the example makes it. */
    public CompletableFuture<EventLoop> firstLoop() {
        return firstLoop;
    }

    /** Closes the loops left open (except running ones) and restores the previous policy. */
    @Override
    public void close() {
        List<EventLoop> loops;
        synchronized (created) {
            loops = List.copyOf(created);
        }
        try {
            for (EventLoop loop : loops) {
                if (!loop.isClosed() && !loop.isRunning()) loop.close();
            }
        } finally {
            Asyncio.setEventLoopPolicy(previous);
        }
    }
}
