package jasyncio.iter;

import jasyncio.Outcome;

/** How exceptions cross between a generator's body and its caller. */
final class Exceptions {
    private Exceptions() {}

    /**
     * Throws {@code error} in the caller the way awaiting a failed task does: unchecked ones as
     * themselves (with the caller's frames attached), checked ones wrapped in
     * {@link java.util.concurrent.CompletionException}. Declared to return, for {@code throw}.
     */
    static RuntimeException rethrow(Throwable error) {
        new Outcome.Failure<Object>(error).get();
        throw new AssertionError("unreachable: a failure always throws");
    }

    /**
     * Throws {@code error} as itself, checked or not: what {@code throw()}/{@code athrow()} throw
     * into a body arrives there unchanged, as in Python.
     */
    @SuppressWarnings("unchecked")
    static <E extends Throwable> RuntimeException sneaky(Throwable error) throws E {
        throw (E) error;
    }
}
