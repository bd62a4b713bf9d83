package jasyncio.internal;

import jasyncio.Handle;

/** A callSoon callback in the loop's queue; cancelling it before it runs drops it. Thread-safe. */
final class CallbackHandle implements Handle, Runnable {
    private volatile Runnable fn;

    CallbackHandle(Runnable fn) {
        this.fn = fn;
    }

    @Override
    public void run() {
        Runnable f = fn;
        if (f != null) f.run();
    }

    @Override
    public void cancel() {
        fn = null;
    }

    @Override
    public boolean isCancelled() {
        return fn == null;
    }

    @Override
    public String toString() {
        Runnable f = fn;
        return "<Handle " + (f == null ? "cancelled" : f.toString()) + ">";
    }
}
