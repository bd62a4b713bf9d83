package jasyncio;

/** When {@link Asyncio#wait} returns ({@code asyncio.FIRST_COMPLETED} and friends). */
public enum ReturnWhen {
    /** As soon as any future finishes or is cancelled. */
    FIRST_COMPLETED,
    /** As soon as any future fails with an exception, or when all are done. */
    FIRST_EXCEPTION,
    /** When every future is done. */
    ALL_COMPLETED
}
