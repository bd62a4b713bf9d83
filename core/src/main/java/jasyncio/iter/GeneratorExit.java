package jasyncio.iter;

/**
 * Thrown into a generator's body at its suspended {@code yield} when the generator is closed
 * ({@link Generator#close()}, {@link AsyncGenerator#aclose()}): {@code GeneratorExit}.
 *
 * <p>The body's {@code finally} blocks run as it propagates; a body that catches it should end
 * (return or rethrow), since a body that yields again makes the close fail with
 * {@link IllegalStateException} ("generator ignored GeneratorExit").
 *
 * <p>Like Python's, which derives from {@code BaseException} so that {@code except Exception}
 * lets it through, it is an {@link Error}: {@code catch (Exception e)} does not swallow it (the
 * JDK's {@code ThreadDeath} was an {@code Error} for the same reason).
 */
public class GeneratorExit extends Error {
    private static final long serialVersionUID = 1L;

    /** A request to close a generator. */
    public GeneratorExit() {
        super();
    }

    /** A request to close a generator, with a message. */
    public GeneratorExit(String message) {
        super(message);
    }
}
