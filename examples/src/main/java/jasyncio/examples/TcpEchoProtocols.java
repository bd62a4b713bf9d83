// twin of examples/python/asyncio_docs_tcp_echo_protocol.py
package jasyncio.examples;

import static jasyncio.Asyncio.*;
import static jasyncio.examples.Py.print;
import static jasyncio.examples.Py.repr;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

import jasyncio.EventLoop;
import jasyncio.Future;
import jasyncio.Task;
import jasyncio.net.BaseTransport;
import jasyncio.net.Connection;
import jasyncio.net.ConnectionOptions;
import jasyncio.net.Protocol;
import jasyncio.net.Server;
import jasyncio.net.Transport;

/**
 * asyncio's documentation example "TCP Echo Server" and "TCP Echo Client" using protocols, in one
 * program: the server echoes the client's message and closes the connection; the client prints
 * what it sent and got back, and waits until the connection is lost.
 */
public final class TcpEchoProtocols {
    private TcpEchoProtocols() {}

    static final class EchoServerProtocol implements Protocol {
        private Transport transport;

        @Override
        public void connectionMade(BaseTransport transport) {
            var peername = (InetSocketAddress) transport.getExtraInfo("peername");
            print("Connection from " + tuple(peername));
            this.transport = (Transport) transport;
        }

        @Override
        public void dataReceived(byte[] data) {
            String message = new String(data, StandardCharsets.UTF_8);
            print("Data received: " + repr(message));

            print("Send: " + repr(message));
            transport.write(data);

            print("Close the client socket");
            transport.close();
        }
    }

    static final class EchoClientProtocol implements Protocol {
        private final String message;
        private final Future<Boolean> onConLost;

        EchoClientProtocol(String message, Future<Boolean> onConLost) {
            this.message = message;
            this.onConLost = onConLost;
        }

        @Override
        public void connectionMade(BaseTransport transport) {
            ((Transport) transport).write(message.getBytes(StandardCharsets.UTF_8));
            print("Data sent: " + repr(message));
        }

        @Override
        public void dataReceived(byte[] data) {
            print("Data received: " + repr(new String(data, StandardCharsets.UTF_8)));
        }

        @Override
        public void connectionLost(Exception exc) {
            print("The server closed the connection");
            onConLost.setResult(true);
        }
    }

    /** Python's repr of a (host, port) tuple. */
    static String tuple(InetSocketAddress a) {
        return "(" + repr(a.getAddress().getHostAddress()) + ", " + a.getPort() + ")";
    }

    static void client(int port) {
        // Get a reference to the event loop as we plan to use low-level APIs.
        EventLoop loop = getRunningLoop();

        Future<Boolean> onConLost = loop.createFuture();
        String message = "Hello World!";

        Connection<EchoClientProtocol> conn = loop.createConnection(
                () -> new EchoClientProtocol(message, onConLost), "127.0.0.1", port,
                ConnectionOptions.builder().localAddress(new InetSocketAddress("127.0.0.1", 8889)).build());

        // Wait until the protocol signals that the connection is lost and close the transport.
        try {
            onConLost.await();
        } finally {
            conn.transport().close();
        }
    }

    static void main() throws Exception {
        EventLoop loop = getRunningLoop();

        Server server = loop.createServer(EchoServerProtocol::new, "127.0.0.1", 0);
        int port = ((InetSocketAddress) server.sockets().get(0).getLocalAddress()).getPort();

        try { // async with server:
            Task<Void> serving = createTask(server::serveForever);
            client(port);
        } finally { // leaving it closes the server (which ends serveForever) and waits for its connections
            server.close();
            server.waitClosed();
        }
    }

    public static void main(String[] args) {
        run(() -> main()); // asyncio.run(main())
    }
}
