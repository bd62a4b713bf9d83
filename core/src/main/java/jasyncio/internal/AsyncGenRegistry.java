package jasyncio.internal;

import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;

import jasyncio.Asyncio;
import jasyncio.EventLoop;
import jasyncio.ExceptionContext;
import jasyncio.Outcome;
import jasyncio.ReturnExceptions;
import jasyncio.Task;

/**
 * The async generators each loop has started (asyncio's {@code loop._asyncgens}), for
 * {@link EventLoop#shutdownAsyncgens()}. Held weakly: a generator nobody references any more is
 * closed by its own cleaner instead (Python's finalizer hook). A generator is an
 * {@link AutoCloseable} here whose {@code close()} is its {@code aclose()}. Thread-safe.
 */
public final class AsyncGenRegistry {
    private static final System.Logger LOG = System.getLogger("jasyncio");
    /** Guarded by itself. */
    private static final Map<EventLoop, Entry> LOOPS = new WeakHashMap<>();

    private static final class Entry {
        /** Open generators, weakly, with the order of their first iteration (closed in that order). */
        final Map<AutoCloseable, Long> open = new WeakHashMap<>();
        long opened;
        boolean shutdownCalled;
    }

    private AsyncGenRegistry() {}

    /** Records that {@code generator} was first iterated on {@code loop} (asyncio's firstiter hook). */
    public static void opened(EventLoop loop, AutoCloseable generator) {
        boolean late;
        synchronized (LOOPS) {
            Entry e = LOOPS.computeIfAbsent(loop, l -> new Entry());
            late = e.shutdownCalled;
            e.open.put(generator, e.opened++);
        }
        if (late) {
            LOG.log(Level.WARNING, "asynchronous generator " + generator
                    + " was scheduled after loop.shutdownAsyncgens() call");
        }
    }

    /** What {@link EventLoop#shutdownAsyncgens()} does; see there. */
    public static void shutdown(EventLoop loop) {
        if (loop.isClosed()) return;
        synchronized (LOOPS) {
            Entry e = LOOPS.computeIfAbsent(loop, l -> new Entry());
            if (e.open.isEmpty()) {
                e.shutdownCalled = true; // nothing to close: no need to run the loop
                return;
            }
        }
        Task<?> current = Task.current();
        if (current != null && current.getLoop() == loop) {
            closeAll(loop);
        } else if (!loop.isRunning()) {
            loop.runUntilComplete(() -> closeAll(loop));
        } else {
            throw new IllegalStateException("shutdownAsyncgens() must be called from a task of its loop,"
                    + " or while the loop is not running");
        }
    }

    private static void closeAll(EventLoop loop) {
        List<AutoCloseable> closing;
        synchronized (LOOPS) {
            Entry e = LOOPS.computeIfAbsent(loop, l -> new Entry());
            e.shutdownCalled = true;
            closing = new ArrayList<>(e.open.keySet());
            closing.sort(Comparator.comparing(e.open::get));
            e.open.clear();
        }
        if (closing.isEmpty()) return;
        List<Task<Void>> closers = new ArrayList<>(closing.size());
        for (AutoCloseable g : closing) closers.add(loop.createTask(g::close));
        List<Outcome<Void>> results = Asyncio.gather(ReturnExceptions.YES, closers);
        for (int i = 0; i < results.size(); i++) {
            Throwable e = results.get(i).exceptionOrNull();
            if (e != null) {
                loop.callExceptionHandler(ExceptionContext.of(
                        "an error occurred during closing of asynchronous generator " + closing.get(i), e));
            }
        }
    }
}
