package jasyncio.internal;

import jasyncio.TimerHandle;

/** A callLater/callAt callback in the loop's {@link TimerHeap}; runs at most once. Thread-safe handle. */
final class LoopTimer implements TimerHandle, Runnable {
    private final TimerHeap heap;
    final long deadline;
    /** The callback until it runs or is cancelled, then null (dropped early, runs at most once). */
    private volatile Runnable fn;
    /** Whether cancel() was called; a timer that ran is not cancelled (asyncio's cancelled()). */
    private volatile boolean cancelled;

    LoopTimer(TimerHeap heap, long deadline, Runnable fn) {
        this.heap = heap;
        this.deadline = deadline;
        this.fn = fn;
    }

    @Override
    public void run() {
        Runnable f = fn;
        if (f != null) {
            fn = null;
            f.run();
        }
    }

    @Override
    public void cancel() {
        cancelled = true;
        if (fn != null) {
            fn = null;
            heap.cancelled.incrementAndGet();
        }
    }

    @Override
    public boolean isCancelled() {
        return cancelled;
    }

    @Override
    public double when() {
        return deadline / 1e9;
    }

    @Override
    public String toString() {
        return "<TimerHandle when=" + when() + (cancelled ? " cancelled" : "") + ">";
    }
}
