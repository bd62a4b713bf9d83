package jasyncio.net;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Runs code on a platform thread with a Linux network namespace of its own
 * ({@code unshare(CLONE_NEWNET)}, called through the FFM API): a network with only a loopback
 * interface, and that one down. Every socket the thread opens lives there, so connecting
 * anywhere — 127.0.0.1 included — fails at once with "Network is unreachable" without a packet
 * leaving the process, let alone the machine. A loop run on that thread does all its socket
 * calls there (its tasks' virtual threads run on it).
 *
 * <p>Needs Linux and CAP_SYS_ADMIN (root in a container that allows namespaces); tests check
 * {@link #unavailable()} and skip where it says why not. The namespace goes away with the
 * thread and its sockets. Calling {@code unshare} is a restricted FFM method: without
 * {@code --enable-native-access} the JDK prints a one-time warning.
 */
final class IsolatedNetwork {
    private IsolatedNetwork() {}

    private static final int CLONE_NEWNET = 0x40000000;

    /** What {@link #unavailable()} found: "" for available; null until probed. */
    private static String probed;

    /** Why isolated threads cannot be made here, or null if they can (probed once). */
    static synchronized String unavailable() throws InterruptedException {
        if (probed == null) {
            // Not from a class initialiser: the probing thread runs this class's code.
            try {
                call(() -> null);
                probed = "";
            } catch (InterruptedException e) {
                throw e;
            } catch (Exception e) {
                probed = String.valueOf(e);
            }
        }
        return probed.isEmpty() ? null : probed;
    }

    /**
     * Runs {@code body} on a new platform thread after moving that thread into a network
     * namespace of its own; returns what it returns and rethrows what it throws.
     *
     * @throws UnsupportedOperationException if the namespace cannot be made (see {@link #unavailable()})
     */
    static <T> T call(Callable<T> body) throws Exception {
        AtomicReference<T> result = new AtomicReference<>();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread t = Thread.ofPlatform().name("isolated-network").start(() -> {
            try {
                unshareNetwork();
                result.set(body.call());
            } catch (Throwable e) {
                failure.set(e);
            }
        });
        t.join();
        Throwable e = failure.get();
        if (e instanceof Exception ex) throw ex;
        if (e instanceof Error err) throw err;
        return result.get();
    }

    private static void unshareNetwork() throws Throwable {
        if (!System.getProperty("os.name").startsWith("Linux")) {
            throw new UnsupportedOperationException("network namespaces are Linux's");
        }
        Linker linker = Linker.nativeLinker();
        MemorySegment symbol = linker.defaultLookup().find("unshare")
                .orElseThrow(() -> new UnsupportedOperationException("no unshare() in the C library"));
        MethodHandle unshare = linker.downcallHandle(symbol,
                FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT), Linker.Option.captureCallState("errno"));
        StructLayout state = Linker.Option.captureStateLayout();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment captured = arena.allocate(state);
            int rc = (int) unshare.invokeExact(captured, CLONE_NEWNET);
            if (rc != 0) {
                int errno = captured.get(ValueLayout.JAVA_INT,
                        state.byteOffset(MemoryLayout.PathElement.groupElement("errno")));
                throw new UnsupportedOperationException("unshare(CLONE_NEWNET) failed with errno " + errno
                        + (errno == 1 ? " (EPERM: needs CAP_SYS_ADMIN)" : ""));
            }
        }
    }
}
