package jasyncio.context;

import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;
import java.util.concurrent.CompletionException;

/**
 * How an exception raised while another propagates keeps the earlier one. Python records the
 * earlier one as the later one's {@code __context__}; Java's nearest link is a suppressed
 * exception ("suppressed in order to deliver this one"), so the later exception propagates and the
 * earlier is {@linkplain Throwable#addSuppressed added} to it, unless it is the same exception or
 * already reachable from it (through causes or suppressed exceptions).
 */
final class Chaining {
    private Chaining() {}

    /** Attaches {@code earlier} to {@code later} as suppressed (see the class comment); returns {@code later}. */
    static Throwable attach(Throwable later, Throwable earlier) {
        if (earlier != null && !reaches(later, earlier, Collections.newSetFromMap(new IdentityHashMap<>()))) {
            later.addSuppressed(earlier);
        }
        return later;
    }

    private static boolean reaches(Throwable from, Throwable target, Set<Throwable> seen) {
        if (from == null || !seen.add(from)) return false;
        if (from == target) return true;
        if (reaches(from.getCause(), target, seen)) return true;
        for (Throwable s : from.getSuppressed()) {
            if (reaches(s, target, seen)) return true;
        }
        return false;
    }

    /** {@code e} to throw from a method without checked exceptions: checked ones wrapped. */
    static RuntimeException unchecked(Throwable e) {
        if (e instanceof RuntimeException re) return re;
        if (e instanceof Error err) throw err;
        return new CompletionException(e);
    }
}
