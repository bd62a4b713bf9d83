package jasyncio.net;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.CompletionException;

/**
 * The reader and writer of one stream connection, as {@code Asyncio.openConnection} returns
 * them ({@code reader, writer = await asyncio.open_connection(...)}). Closing the pair closes
 * the writer (the connection); try-with-resources works.
 *
 * @param reader the reading half
 * @param writer the writing half
 */
public record Streams(StreamReader reader, StreamWriter writer) implements AutoCloseable {

    /** Closes the connection ({@link StreamWriter#close()}); does not wait. */
    @Override
    public void close() {
        writer.close();
    }

    /** The exception to throw for an error stored by a stream: unchecked ones as themselves. */
    static RuntimeException rethrow(Throwable error) {
        if (error instanceof RuntimeException re) return re;
        if (error instanceof Error e) throw e;
        if (error instanceof IOException io) return new UncheckedIOException(io.getMessage(), io);
        return new CompletionException(error);
    }
}
