package jasyncio.net;

import java.util.OptionalInt;

/**
 * The stream ended before a read was complete ({@code asyncio.IncompleteReadError}, an
 * {@code EOFError} there): thrown by {@link StreamReader#readexactly} and
 * {@link StreamReader#readuntil}. The bytes that did arrive are not lost: they are in
 * {@link #partial()}, and the reader's buffer is empty afterwards.
 */
public class IncompleteReadError extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final byte[] partial;
    private final int expected;

    /**
     * @param partial  the bytes read before the end of the stream (kept, not copied)
     * @param expected how many bytes were expected, or -1 when that is not known (readuntil)
     */
    public IncompleteReadError(byte[] partial, int expected) {
        super(partial.length + " bytes read on a total of "
                + (expected < 0 ? "undefined" : Integer.toString(expected)) + " expected bytes");
        this.partial = partial;
        this.expected = expected;
    }

    /** The bytes read before the stream ended. */
    public byte[] partial() {
        return partial;
    }

    /** How many bytes were expected; empty when unknown (a separator was expected). */
    public OptionalInt expected() {
        return expected < 0 ? OptionalInt.empty() : OptionalInt.of(expected);
    }
}
