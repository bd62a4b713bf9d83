package jasyncio.internal;

import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;

import sun.misc.SignalHandler;

/**
 * The signal handlers loops added ({@code loop.add_signal_handler}): signals are process-wide, so
 * this is one registry for the JVM. The first handler added for a signal installs a JVM handler
 * ({@code sun.misc.Signal.handle}) that hands the signal to the registered loop with
 * {@code callSoonThreadsafe}, so the callback runs on the loop thread; the JDK runs signal
 * handlers on a thread of their own, never the loop's. Removing the handler, or closing its loop,
 * puts back the handler that was there before (the JVM's own for INT, TERM and HUP: exit).
 *
 * <p>One callback per signal: adding one replaces the previous, even another loop's (the last
 * loop to add wins, as with {@code signal.signal}). Thread-safe.
 */
public final class SignalHandlers {
    private SignalHandlers() {}

    /** One signal we handle: its callback, and the handler to put back. */
    private static final class Entry implements SignalHandler {
        final sun.misc.Signal signal;
        SignalHandler previous;
        SelectorLoop loop;
        Runnable callback;

        Entry(sun.misc.Signal signal) {
            this.signal = signal;
        }

        @Override
        public void handle(sun.misc.Signal sig) {
            SelectorLoop l;
            Runnable cb;
            synchronized (ENTRIES) {
                l = loop;
                cb = callback;
            }
            if (l == null) return;
            try {
                l.callSoonThreadsafe(cb);
            } catch (IllegalStateException closedLoop) {
                // the loop closed as the signal arrived: nobody to tell
            }
        }

        @Override
        public String toString() {
            return "<jasyncio handler of SIG" + signal.getName() + ">";
        }
    }

    /** Signal number to entry; also the lock. */
    private static final Map<Integer, Entry> ENTRIES = new HashMap<>();

    /**
     * Makes {@code callback} run on {@code loop} whenever signal {@code name} arrives.
     *
     * @throws IllegalArgumentException if there is no such signal, or the JVM or the platform
     *                                  does not let it be caught (KILL, STOP, QUIT…)
     * @throws IllegalStateException    if the loop is closed
     */
    public static void add(SelectorLoop loop, String name, Runnable callback) {
        if (callback == null) throw new NullPointerException("addSignalHandler: the callback is null");
        if (loop.isClosed()) throw new IllegalStateException("Event loop is closed");
        sun.misc.Signal sig = Signals.of(name);
        synchronized (ENTRIES) {
            Entry e = ENTRIES.get(sig.getNumber());
            if (e == null) {
                e = new Entry(sig);
                try {
                    e.previous = sun.misc.Signal.handle(sig, e);
                } catch (IllegalArgumentException cannot) {
                    throw new IllegalArgumentException("SIG" + sig.getName() + " cannot be caught: " + cannot.getMessage(),
                            cannot);
                }
                ENTRIES.put(sig.getNumber(), e);
            }
            e.loop = loop;
            e.callback = callback;
        }
    }

    /**
     * Removes {@code loop}'s handler of signal {@code name} and puts back the handler from before.
     *
     * @return false if {@code loop} had no handler for it
     * @throws IllegalArgumentException if there is no such signal
     */
    public static boolean remove(SelectorLoop loop, String name) {
        sun.misc.Signal sig = Signals.of(name);
        synchronized (ENTRIES) {
            Entry e = ENTRIES.get(sig.getNumber());
            if (e == null || e.loop != loop) return false;
            ENTRIES.remove(sig.getNumber());
            restore(e);
            return true;
        }
    }

    /** Removes every handler of {@code loop}; its close calls this. */
    public static void loopClosed(SelectorLoop loop) {
        synchronized (ENTRIES) {
            for (Iterator<Entry> it = ENTRIES.values().iterator(); it.hasNext(); ) {
                Entry e = it.next();
                if (e.loop != loop) continue;
                it.remove();
                restore(e);
            }
        }
    }

    private static void restore(Entry e) {
        e.loop = null;
        e.callback = null;
        sun.misc.Signal.handle(e.signal, e.previous);
    }
}
