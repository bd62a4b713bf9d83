package jasyncio.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import jasyncio.Asyncio;
import jasyncio.EventLoop;
import jasyncio.Task;
import jasyncio.net.Server;
import jasyncio.net.ServerOptions;
import jasyncio.net.StreamReader;
import jasyncio.net.Streams;

/** serve-echo: its command line, and the zero-copy echo protocol over a real socket. */
@Timeout(10)
class ServeEchoTest {

    private static String errOf(String... args) {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Main.run(args, new PrintStream(new ByteArrayOutputStream()), new PrintStream(err, true, StandardCharsets.UTF_8));
        return code + " " + err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void withoutAPortItSaysWhichOptionIsMissing() {
        assertThat(errOf("serve-echo")).startsWith("2 bench: serve-echo: which port?").contains("usage: ./jasyncio bench serve-echo");
        assertThat(errOf("serve-echo", "--port", "x")).startsWith("2 bench: serve-echo: --port takes a number, got 'x'");
        assertThat(errOf("serve-echo", "--port", "1", "--fast")).startsWith("2 bench: serve-echo: unknown option --fast");
        assertThat(errOf("serve-echo", "--help")).startsWith("0 usage: ./jasyncio bench serve-echo");
    }

    @Test
    void theStreamsEchoSendsEveryByteBackInOrderEvenWhenTheClientReadsLate() {
        try (EventLoop loop = Asyncio.newEventLoop()) {
            loop.runUntilComplete(() -> {
                try (Server server = Streams.startServer(ServeEcho::echoStreams, "127.0.0.1", 0,
                        StreamReader.DEFAULT_LIMIT, ServerOptions.DEFAULTS)) {
                    byte[] data = new byte[8 << 20];
                    for (int i = 0; i < data.length; i++) data[i] = (byte) (i * 7 + i / 251);
                    int port = ((InetSocketAddress) server.sockets().get(0).getLocalAddress()).getPort();
                    Streams client = Streams.openConnection("127.0.0.1", port);
                    Task<Void> sending = loop.createTask(() -> {
                        client.writer().write(data);
                        client.writer().drain();
                    });
                    for (int i = 0; i < 100; i++) Asyncio.sleep(0); // not reading yet: the server must back off
                    assertThat(client.reader().readexactly(data.length)).isEqualTo(data);
                    sending.await();
                    client.writer().close();
                    assertThat(client.reader().read()).isEmpty(); // the server closes after the client's EOF
                }
            });
        }
    }

    @Test
    void theEchoProtocolSendsEveryByteBackInOrderEvenWhenTheClientReadsLate() {
        try (EventLoop loop = Asyncio.newEventLoop()) {
            byte[] echoed = loop.runUntilComplete(() -> {
                ByteBuffer shared = ByteBuffer.allocateDirect(64 * 1024);
                try (Server server = loop.createServer(() -> new ServeEcho.Echo(shared), "127.0.0.1", 0)) {
                    byte[] data = new byte[8 << 20];
                    for (int i = 0; i < data.length; i++) data[i] = (byte) (i * 7 + i / 251);
                    try (SocketChannel c = SocketChannel.open()) {
                        loop.sockConnect(c, server.sockets().get(0).getLocalAddress());
                        Task<Void> sending = loop.createTask(() -> loop.sockSendall(c, data));
                        for (int i = 0; i < 100; i++) Asyncio.sleep(0); // not reading yet: the server must back off
                        ByteBuffer back = ByteBuffer.allocate(data.length);
                        while (back.hasRemaining()) loop.sockRecvInto(c, back);
                        sending.await();
                        assertThat(back.array()).isEqualTo(data);
                        return Arrays.copyOf(back.array(), 16);
                    }
                }
            });
            assertThat(echoed).hasSize(16);
        }
    }
}
