package jasyncio;

import java.util.ArrayList;
import java.util.List;

/**
 * Several exceptions raised together, as a {@link TaskGroup} does when more than one of its
 * tasks fails ({@code ExceptionGroup} in Python 3.11).
 *
 * <p>Every member is also attached as a suppressed exception, so a printed stack trace shows
 * all of them. {@link #subgroup(Class)} picks the members of one type, the Java form of
 * {@code except*}.
 */
public class ExceptionGroup extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String baseMessage;
    private final List<Throwable> exceptions;

    /**
     * A group of {@code exceptions} under {@code message}.
     *
     * @throws IllegalArgumentException if {@code exceptions} is empty
     */
    public ExceptionGroup(String message, List<? extends Throwable> exceptions) {
        super(format(message, exceptions), null, true, true);
        if (exceptions.isEmpty()) {
            throw new IllegalArgumentException("an ExceptionGroup needs at least one exception");
        }
        this.baseMessage = message;
        this.exceptions = List.copyOf(exceptions);
        for (Throwable t : this.exceptions) addSuppressed(t);
    }

    private static String format(String message, List<? extends Throwable> exceptions) {
        int n = exceptions.size();
        return message + " (" + n + " sub-exception" + (n == 1 ? "" : "s") + ")";
    }

    /** The message without the count ({@code eg.message} in Python). */
    public String message() {
        return baseMessage;
    }

    /** The member exceptions, in the order they happened. */
    public List<Throwable> exceptions() {
        return exceptions;
    }

    /**
     * The members that are instances of {@code type}, searching nested groups and keeping their
     * structure; null when none matches.
     */
    public ExceptionGroup subgroup(Class<? extends Throwable> type) {
        if (type.isInstance(this)) return this;
        List<Throwable> kept = new ArrayList<>();
        for (Throwable t : exceptions) {
            if (t instanceof ExceptionGroup g) {
                ExceptionGroup sub = g.subgroup(type);
                if (sub != null) kept.add(sub);
            } else if (type.isInstance(t)) {
                kept.add(t);
            }
        }
        return kept.isEmpty() ? null : new ExceptionGroup(baseMessage, kept);
    }
}
