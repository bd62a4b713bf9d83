package jasyncio.internal;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.LockSupport;

/**
 * Runs what arrives for a loop after it closed: a task's continuation woken late, a callback
 * scheduled by another thread. Never drops work and never throws at the submitter (research
 * hazard 1: a throwing scheduler kills JDK threads). One daemon platform thread, started lazily.
 */
final class Reaper {
    private static final ConcurrentLinkedQueue<Runnable> QUEUE = new ConcurrentLinkedQueue<>();
    private static final System.Logger LOG = System.getLogger("jasyncio");
    private static volatile Thread thread;

    private Reaper() {}

    static void submit(Runnable r) {
        QUEUE.add(r);
        Thread t = thread;
        if (t == null) t = start();
        LockSupport.unpark(t);
    }

    private static synchronized Thread start() {
        if (thread == null) {
            thread = Thread.ofPlatform().daemon().name("jasyncio-reaper").unstarted(Reaper::run);
            thread.start();
        }
        return thread;
    }

    private static void run() {
        while (true) {
            Runnable r = QUEUE.poll();
            if (r == null) {
                LockSupport.park();
                continue;
            }
            try {
                r.run();
            } catch (Throwable t) {
                LOG.log(System.Logger.Level.ERROR, "callback for a closed event loop failed", t);
            }
        }
    }
}
