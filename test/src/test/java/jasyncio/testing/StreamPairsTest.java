package jasyncio.testing;

import static jasyncio.Asyncio.createTask;
import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;

import jasyncio.Task;
import jasyncio.net.ConnectionResetError;
import jasyncio.net.StreamReader;
import jasyncio.net.StreamWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@link StreamPairs}: in-memory connections for testing stream code, under the test kit's extension. */
class StreamPairsTest {
    @RegisterExtension
    final AsyncioExtension asyncio = new AsyncioExtension();

    private static byte[] b(String s) {
        return s.getBytes(US_ASCII);
    }

    /** A tiny server under test: answers PING with PONG until the end of the stream. */
    private static void pingServer(StreamReader reader, StreamWriter writer) {
        for (byte[] line : reader) {
            writer.write(new String(line, US_ASCII).equals("PING\r\n") ? b("+PONG\r\n") : b("-ERR\r\n"));
            writer.drain();
        }
        writer.close();
    }

    @Test
    void aClientAndAServerHandlerTalkOverAPair() {
        List<String> replies = asyncio.run(() -> {
            try (var pair = StreamPairs.open()) {
                Task<Void> server = createTask(() -> pingServer(pair.server().reader(), pair.server().writer()));
                pair.client().writer().write(b("PING\r\nHUH\r\nPING\r\n"));
                pair.client().writer().writeEof();
                List<String> got = new ArrayList<>();
                for (byte[] line : pair.client().reader()) got.add(new String(line, US_ASCII));
                server.await();
                return got;
            }
        });
        assertThat(replies).containsExactly("+PONG\r\n", "-ERR\r\n", "+PONG\r\n");
    }

    @Test
    void oneByteAtATimeCutsEveryMessageIntoSingleBytes() {
        List<Integer> sizes = asyncio.run(() -> {
            try (var pair = StreamPairs.oneByteAtATime()) {
                pair.client().writer().write(b("abcd"));
                List<Integer> got = new ArrayList<>();
                while (got.size() < 4) got.add(pair.server().reader().read(100).length);
                return got;
            }
        });
        assertThat(sizes).containsExactly(1, 1, 1, 1);
    }

    @Test
    void aResetFailsThePeer() {
        asyncio.run(() -> {
            try (var pair = StreamPairs.open()) {
                StreamPairs.reset(pair.server());
                assertThatThrownBy(() -> pair.client().reader().read(1)).isInstanceOf(ConnectionResetError.class)
                        .hasMessage("Connection reset by peer");
            }
        });
    }
}
