package jasyncio.iter;

/**
 * The messages between a generator's caller and its body, the same for {@link Generator} and
 * {@link AsyncGenerator}: the caller resumes the body with a command (a {@link Send}, a
 * {@link Throw}, or {@link #CLOSE}); the body answers with an outcome (a yielded value,
 * {@link #DONE}, or a {@link Failed}). Python's rules for what a command does to a generator
 * that has not started, and at a yield, live here.
 */
final class Exchange {
    private Exchange() {}

    /** Outcome: the body ended (returned, or finished closing). */
    static final Object DONE = new Object();
    /** Command: close the generator ({@code close()}/{@code aclose()}). */
    static final Object CLOSE = new Object();
    /** Command: resume with no value ({@code next()}/{@code anext()}, or sending null). */
    static final Send SEND_NONE = new Send(null);

    /** Command: resume, the pending yield returning {@code value}. */
    record Send(Object value) {}

    /** Command: resume, the pending yield throwing {@code error}. */
    record Throw(Throwable error) {}

    /** Outcome: the body ended by throwing {@code error}. */
    record Failed(Throwable error) {}

    /** The command that sends {@code value} (null is {@link #SEND_NONE}). */
    static Send send(Object value) {
        return value == null ? SEND_NONE : new Send(value);
    }

    /**
     * Checks the first command to a generator whose body has not run. Returns false if the body
     * is to start ({@link #SEND_NONE}); true if the command ends the generator unstarted
     * ({@link #CLOSE} or a {@link Throw}): the caller closes the generator, then returns
     * {@link #endUnstarted}.
     *
     * @param kind "generator" or "async generator", for the error message
     * @throws IllegalArgumentException for a non-null value sent to a just-started generator
     */
    static boolean endsUnstarted(Object cmd, String kind) {
        if (cmd == CLOSE || cmd instanceof Throw) return true;
        if (cmd != SEND_NONE) {
            throw new IllegalArgumentException("can't send non-None value to a just-started " + kind);
        }
        return false;
    }

    /** What a command that {@link #endsUnstarted ends an unstarted generator} gives its caller: DONE, or it throws the error thrown in. */
    static Object endUnstarted(Object cmd) {
        if (cmd instanceof Throw t) throw Exceptions.sneaky(t.error());
        return DONE;
    }

    /**
     * The outcome of a body that returned ({@code error} null) or threw {@code error}:
     * {@link #DONE} if it returned, or if the GeneratorExit of a close ended it; otherwise a
     * {@link Failed}, where the end-of-iteration exception {@code stop} raised inside the body
     * becomes an IllegalStateException with {@code stopMessage} (Python's PEP 479), so it cannot
     * pass for a normal end.
     *
     * @param closing whether the body was resumed with {@link #CLOSE}
     */
    static Object ending(Throwable error, boolean closing, Class<? extends Throwable> stop, String stopMessage) {
        if (error == null || (closing && error instanceof GeneratorExit)) return DONE;
        if (stop.isInstance(error)) return new Failed(new IllegalStateException(stopMessage, error));
        return new Failed(error);
    }

    /**
     * What a command does at the body's yield: the value sent is returned; a thrown-in error is
     * thrown as itself; {@link #CLOSE} throws {@link GeneratorExit}.
     */
    static Object atYield(Object cmd) {
        if (cmd instanceof Send s) return s.value();
        if (cmd instanceof Throw t) throw Exceptions.sneaky(t.error());
        throw new GeneratorExit();
    }
}
