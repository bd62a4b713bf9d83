package jasyncio;

/**
 * How one awaited operation ended: a value or an exception. {@link Asyncio#gather} with
 * {@link ReturnExceptions#YES} returns one per input, in input order; a cancelled input is a
 * {@link Failure} holding a {@link CancelledError}.
 *
 * @param <T> the value type
 */
public sealed interface Outcome<T> {

    /** The operation returned {@code value}. */
    record Success<T>(T value) implements Outcome<T> {}

    /** The operation threw {@code exception} (a {@link CancelledError} if it was cancelled). */
    record Failure<T>(Throwable exception) implements Outcome<T> {
        public Failure {
            if (exception == null) throw new NullPointerException("a Failure needs its exception");
        }
    }

    /** Whether this is a {@link Success}. */
    default boolean isSuccess() {
        return this instanceof Success<T>;
    }

    /**
     * The value of a success; a failure rethrows its exception the way awaiting it would
     * (unchecked as itself, checked wrapped in {@link java.util.concurrent.CompletionException}).
     */
    default T get() {
        return switch (this) {
            case Success<T> s -> s.value();
            case Failure<T> f -> throw Future.rethrow(f.exception());
        };
    }

    /** The exception of a failure, or null for a success. */
    default Throwable exceptionOrNull() {
        return this instanceof Failure<T> f ? f.exception() : null;
    }

    /**
     * The outcome of a done future. A cancelled one gives a CancelledError with the cancel
     * message, or the message "" when there was none ({@code CancelledError('')}, as asyncio's
     * gather reports it).
     */
    static <T> Outcome<T> of(Future<T> done) {
        if (done.isCancelled()) {
            String msg = done.cancelMessage();
            return new Failure<>(new CancelledError(msg == null ? "" : msg));
        }
        Throwable e = done.exception();
        return e != null ? new Failure<>(e) : new Success<>(done.result());
    }
}
