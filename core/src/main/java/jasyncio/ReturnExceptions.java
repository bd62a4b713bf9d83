package jasyncio;

/**
 * Selects the {@code return_exceptions=True} form of {@link Asyncio#gather}: instead of
 * failing on the first error, gather returns an {@link Outcome} per input.
 */
public enum ReturnExceptions {
    /** Return an outcome per input rather than raising the first error. */
    YES
}
