package jasyncio.internal;

import java.lang.ref.Cleaner;

import jasyncio.ExceptionContext;
import jasyncio.Future;
import jasyncio.Task;

/**
 * Reports a future's exception that nobody retrieved, when the future is garbage-collected
 * ("Task exception was never retrieved"). Holds no reference to the future itself.
 */
public final class Unretrieved implements Runnable {
    private static final Cleaner CLEANER = Cleaner.create(
            Thread.ofPlatform().daemon().name("jasyncio-unretrieved").factory());

    private final SelectorLoop loop;
    private final Throwable error;
    private final String owner;
    private volatile boolean retrieved;

    private Unretrieved(SelectorLoop loop, Throwable error, String owner) {
        this.loop = loop;
        this.error = error;
        this.owner = owner;
    }

    /** Starts watching {@code future}, which is failing with {@code error}. */
    public static Unretrieved watch(Future<?> future, SelectorLoop loop, Throwable error) {
        String owner = future instanceof Task<?> t ? "Task '" + t.getName() + "'" : future.getClass().getSimpleName();
        Unretrieved u = new Unretrieved(loop, error, owner);
        CLEANER.register(future, u);
        return u;
    }

    /** Someone read the exception: nothing to report. */
    public void retrieved() {
        retrieved = true;
    }

    @Override
    public void run() {
        if (retrieved) return;
        String kind = owner.startsWith("Task") ? "Task" : "Future";
        loop.reportLater(ExceptionContext.of(kind + " exception was never retrieved (" + owner + ")", error));
    }
}
