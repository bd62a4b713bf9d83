package jasyncio.net;

/**
 * {@link StreamReader#readuntil} reached the reader's limit while looking for a separator
 * ({@code asyncio.LimitOverrunError}). The data stays in the reader's buffer, so it can still
 * be read; {@link #consumed()} says how many bytes to skip to get past the over-long chunk.
 */
public class LimitOverrunError extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int consumed;

    /** An overrun with {@code message}; {@code consumed} as in {@link #consumed()}. */
    public LimitOverrunError(String message, int consumed) {
        super(message);
        this.consumed = consumed;
    }

    /**
     * How many bytes of the buffer were scanned: where the separator starts if it was found,
     * else how far the search got. Skipping this many bytes, plus the separator, discards the
     * chunk that was too long.
     */
    public int consumed() {
        return consumed;
    }
}
