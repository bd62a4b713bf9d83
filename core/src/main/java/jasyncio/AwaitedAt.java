package jasyncio;

/**
 * Attached as a suppressed exception to a task's failure when another thread awaits it, so the
 * printed trace shows both where the failure happened and where it was awaited.
 */
final class AwaitedAt extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final transient Thread awaiter;

    private AwaitedAt(Thread awaiter) {
        super("awaited in " + describe(awaiter));
        this.awaiter = awaiter;
    }

    private static String describe(Thread t) {
        Task<?> task = Task.current();
        return task != null ? "task '" + task.getName() + "'" : "thread '" + t.getName() + "'";
    }

    /** Records the current thread's stack on {@code error}, once per awaiting thread. */
    static void attach(Throwable error) {
        Thread me = Thread.currentThread();
        for (Throwable s : error.getSuppressed()) {
            if (s instanceof AwaitedAt a && a.awaiter == me) return;
        }
        error.addSuppressed(new AwaitedAt(me));
    }
}
