package jasyncio.internal.net;

import static jasyncio.internal.net.NetKit.bytes;
import static jasyncio.internal.net.NetKit.latin1;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import jasyncio.Asyncio;
import jasyncio.CancelledError;
import jasyncio.EventLoop;
import jasyncio.Task;
import jasyncio.net.ConnectionRefusedError;

/**
 * The low-level socket operations (loop.sock_connect, sock_accept, sock_recv, sock_recv_into,
 * sock_sendall, sock_sendfile): each suspends the task until the socket is ready (asyncio's
 * test_sock_lowlevel, re-expressed).
 */
@Timeout(10)
class SockOpsTest {

    /** A connected pair made with sockConnect/sockAccept, given to {@code body}; both closed after. */
    static void withPair(EventLoop loop, PairBody body) throws Exception {
        try (ServerSocketChannel listener = ServerSocketChannel.open()) {
            listener.bind(new InetSocketAddress("127.0.0.1", 0));
            try (SocketChannel client = SocketChannel.open()) {
                Task<SocketChannel> accepting = loop.createTask(() -> loop.sockAccept(listener));
                loop.sockConnect(client, listener.getLocalAddress());
                try (SocketChannel server = accepting.await()) {
                    assertThat(server.isBlocking()).isFalse();
                    body.run(client, server);
                }
            }
        }
    }

    interface PairBody {
        void run(SocketChannel client, SocketChannel server) throws Exception;
    }

    @Test
    void recvSuspendsUntilDataArrives() {
        SocketTransportTest.run(loop -> withPair(loop, (client, server) -> {
            Task<byte[]> receiving = loop.createTask(() -> loop.sockRecv(server, 100));
            Asyncio.sleep(0);
            assertThat(receiving.isDone()).isFalse();

            loop.sockSendall(client, bytes("hello"));

            assertThat(latin1(receiving.await())).isEqualTo("hello");
        }));
    }

    @Test
    void recvGivesAnEmptyArrayAndRecvIntoMinusOneAtEof() {
        SocketTransportTest.run(loop -> withPair(loop, (client, server) -> {
            loop.sockSendall(client, bytes("ab"));
            client.shutdownOutput();

            ByteBuffer buf = ByteBuffer.allocate(10);
            int n = 0;
            while (n < 2) n += loop.sockRecvInto(server, buf);
            assertThat(latin1(java.util.Arrays.copyOf(buf.array(), 2))).isEqualTo("ab");
            assertThat(loop.sockRecvInto(server, buf)).isEqualTo(-1);
            assertThat(loop.sockRecv(server, 10)).isEmpty();
        }));
    }

    @Test
    void sendallSendsMoreThanTheSocketBuffersBySuspending() {
        SocketTransportTest.run(loop -> withPair(loop, (client, server) -> {
            int size = 8 << 20;
            Task<Long> reading = loop.createTask(() -> {
                long total = 0;
                ByteBuffer buf = ByteBuffer.allocateDirect(64 << 10);
                while (total < size) {
                    buf.clear();
                    total += loop.sockRecvInto(server, buf);
                }
                return total;
            });
            ByteBuffer data = ByteBuffer.allocate(size);

            loop.sockSendall(client, data);

            assertThat(data.hasRemaining()).isFalse();
            assertThat(reading.await()).isEqualTo(size);
        }));
    }

    @Test
    void aCancelledRecvTakesNothingAndTheNextRecvGetsTheData() {
        SocketTransportTest.run(loop -> withPair(loop, (client, server) -> {
            Task<byte[]> receiving = loop.createTask(() -> loop.sockRecv(server, 100));
            Asyncio.sleep(0);
            receiving.cancel();
            assertThatThrownBy(receiving::await).isInstanceOf(CancelledError.class);

            loop.sockSendall(client, bytes("kept"));

            assertThat(latin1(loop.sockRecv(server, 100))).isEqualTo("kept");
        }));
    }

    @Test
    void sendfileSendsTheFileWithTheKernelAndMovesItsPosition() throws Exception {
        Path file = Files.createTempFile("jasyncio-sendfile", ".bin");
        byte[] content = new byte[3 << 20];
        for (int i = 0; i < content.length; i++) content[i] = (byte) (i * 31 + i / 7);
        Files.write(file, content);
        try {
            SocketTransportTest.run(loop -> withPair(loop, (client, server) -> {
                try (FileChannel f = FileChannel.open(file, StandardOpenOption.READ)) {
                    Task<byte[]> reading = loop.createTask(() -> {
                        ByteBuffer all = ByteBuffer.allocate(content.length - 1000);
                        while (all.hasRemaining()) loop.sockRecvInto(server, all);
                        return all.array();
                    });

                    long sent = loop.sockSendfile(client, f, 1000, -1);

                    assertThat(sent).isEqualTo(content.length - 1000);
                    assertThat(f.position()).isEqualTo(content.length);
                    assertThat(reading.await()).isEqualTo(java.util.Arrays.copyOfRange(content, 1000, content.length));
                }
            }));
        } finally {
            Files.delete(file);
        }
    }

    @Test
    void sockConnectToAClosedPortIsRefused() throws Exception {
        int port = CreateConnectionTest.closedPort();
        SocketTransportTest.run(loop -> {
            try (SocketChannel s = SocketChannel.open()) {
                assertThatThrownBy(() -> loop.sockConnect(s, new InetSocketAddress("127.0.0.1", port)))
                        .isInstanceOf(ConnectionRefusedError.class)
                        .hasMessage("Connect call failed 127.0.0.1:" + port + ": Connection refused");
            }
        });
    }

    @Test
    void theOperationsNeedATaskOfTheLoop() throws Exception {
        try (EventLoop loop = Asyncio.newEventLoop(); SocketChannel s = SocketChannel.open()) {
            assertThatThrownBy(() -> loop.sockRecv(s, 1)).isInstanceOf(IllegalStateException.class)
                    .hasMessageStartingWith("sockRecv suspends until the socket is ready");
            assertThatThrownBy(() -> loop.sockSendall(s, new byte[1])).isInstanceOf(IllegalStateException.class)
                    .hasMessageStartingWith("sockSendall suspends");
        }
    }
}
