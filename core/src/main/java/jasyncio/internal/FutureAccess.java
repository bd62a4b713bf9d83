package jasyncio.internal;

import jasyncio.Future;

/**
 * The operations on {@link Future} that the public API keeps to itself but the loop needs
 * (completing a future that may already be done without raising). Installed by {@code Future}'s
 * static initialiser; the JDK's SharedSecrets pattern.
 */
public interface FutureAccess {
    /** Completes {@code f} with {@code value} unless it is done; whether it did. */
    <T> boolean trySetResult(Future<T> f, T value);

    /** Completes {@code f} with {@code error} unless it is done; whether it did. */
    boolean trySetException(Future<?> f, Throwable error);

    /** A new, empty registry of live tasks for a loop. */
    TaskRegistry newTaskRegistry();

    /** The installed implementation. */
    static FutureAccess get() {
        FutureAccess a = Holder.access;
        if (a == null) {
            try {
                Class.forName(Future.class.getName(), true, Future.class.getClassLoader());
            } catch (ClassNotFoundException e) {
                throw new IllegalStateException(e);
            }
            a = Holder.access;
        }
        return a;
    }

    /** Called once by {@link Future}. */
    static void install(FutureAccess access) {
        Holder.access = access;
    }

    /** Holds the installed implementation. */
    final class Holder {
        private static volatile FutureAccess access;

        private Holder() {}
    }
}
