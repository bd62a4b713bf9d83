package jasyncio.iter;

/**
 * Thrown into a greenlet to make it end: {@code greenlet.GreenletExit}, the default of
 * {@link Greenlet#throwInto()}.
 *
 * <p>If the greenlet does not catch it, the greenlet ends normally and its parent receives this
 * exception object as the greenlet's return value, instead of having it raised. An {@link Error}
 * (like {@link GeneratorExit}) so that {@code catch (Exception e)} does not swallow it.
 */
public class GreenletExit extends Error {
    private static final long serialVersionUID = 1L;

    /** A request to end a greenlet. */
    public GreenletExit() {
        super();
    }

    /** A request to end a greenlet, with a message. */
    public GreenletExit(String message) {
        super(message);
    }
}
