package jasyncio.internal.net;

import static jasyncio.internal.net.NetKit.bytes;
import static jasyncio.internal.net.NetKit.latin1;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.PortUnreachableException;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.channels.DatagramChannel;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import jasyncio.Asyncio;
import jasyncio.CancelledError;
import jasyncio.EventLoop;
import jasyncio.ExceptionContext;
import jasyncio.Future;
import jasyncio.Task;
import jasyncio.net.BaseTransport;
import jasyncio.net.ConnectionRefusedError;
import jasyncio.net.DatagramEndpoint;
import jasyncio.net.DatagramOptions;
import jasyncio.net.DatagramProtocol;
import jasyncio.net.DatagramTransport;

/**
 * UDP endpoints on loopback: asyncio's test_events datagram tests and the behaviour of
 * test_selector_events' DatagramTransportTests (send at once or queue, errors to
 * errorReceived, connected versus unconnected), re-expressed over real sockets.
 */
@Timeout(10)
class DatagramEndpointTest {

    interface Body {
        void run(EventLoop loop) throws Exception;
    }

    static void run(Body body) {
        try (EventLoop loop = Asyncio.newEventLoop()) {
            loop.runUntilComplete(() -> body.run(loop));
        }
    }

    static InetSocketAddress local(String host) {
        return new InetSocketAddress(host, 0);
    }

    /** Records callbacks ("made", "from-peer:xxx", "error:ConnectionRefusedError", "lost:null"...) and completes futures. */
    static class Recorder implements DatagramProtocol {
        final EventLoop loop;
        final List<String> events = Collections.synchronizedList(new ArrayList<>());
        final List<SocketAddress> senders = new ArrayList<>();
        final Future<Exception> lost;
        DatagramTransport transport;
        private Future<Void> arrival;
        private Future<Exception> errorArrival;
        final List<Exception> errors = new ArrayList<>();

        Recorder(EventLoop loop) {
            this.loop = loop;
            this.lost = loop.createFuture();
        }

        @Override
        public void connectionMade(BaseTransport t) {
            transport = (DatagramTransport) t;
            events.add("made");
        }

        @Override
        public void datagramReceived(byte[] data, SocketAddress address) {
            events.add("datagram:" + latin1(data));
            senders.add(address);
            if (arrival != null) arrival.setResult(null);
            arrival = null;
        }

        @Override
        public void errorReceived(Exception error) {
            events.add("error:" + error.getClass().getSimpleName());
            errors.add(error);
            if (errorArrival != null) errorArrival.setResult(error);
            errorArrival = null;
        }

        @Override
        public void connectionLost(Exception error) {
            events.add("lost:" + error);
            lost.setResult(error);
        }

        @Override
        public void pauseWriting() {
            events.add("pause");
        }

        @Override
        public void resumeWriting() {
            events.add("resume");
        }

        /** Suspends until {@code n} datagrams have arrived in total. */
        void awaitDatagrams(int n) {
            while (senders.size() < n) {
                arrival = loop.createFuture();
                arrival.await();
            }
        }

        Exception awaitError() {
            if (!errors.isEmpty()) return errors.get(errors.size() - 1);
            errorArrival = loop.createFuture();
            return errorArrival.await();
        }
    }

    /** Answers every datagram with "resp:" + it, to its sender. */
    static class Responder extends Recorder {
        Responder(EventLoop loop) {
            super(loop);
        }

        @Override
        public void datagramReceived(byte[] data, SocketAddress address) {
            super.datagramReceived(data, address);
            transport.sendto(bytes("resp:" + latin1(data)), address);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1", "::1"})
    void aConnectedClientAndABoundServerExchangeDatagrams(String host) {
        run(loop -> {
            DatagramEndpoint<Responder> server = loop.createDatagramEndpoint(() -> new Responder(loop), local(host), null);
            var serverAddress = (InetSocketAddress) server.transport().getExtraInfo("sockname");
            assertThat(serverAddress.getPort()).isPositive();
            assertThat(server.transport().getExtraInfo("peername")).isNull();
            assertThat(server.protocol().transport).isSameAs(server.transport());

            DatagramEndpoint<Recorder> client = loop.createDatagramEndpoint(() -> new Recorder(loop), null, serverAddress);
            assertThat(client.protocol().events).containsExactly("made");
            assertThat(client.transport().getExtraInfo("peername")).isEqualTo(serverAddress);
            assertThat(client.transport().getExtraInfo("sockname")).isNotNull();
            assertThat(client.transport().getExtraInfo("socket")).isInstanceOf(DatagramChannel.class);

            client.transport().sendto(bytes("xxx"));
            server.protocol().awaitDatagrams(1);
            client.protocol().awaitDatagrams(1);

            assertThat(server.protocol().events).containsExactly("made", "datagram:xxx");
            assertThat(server.protocol().senders).containsExactly(
                    (SocketAddress) client.transport().getExtraInfo("sockname"));
            assertThat(client.protocol().senders).containsExactly(serverAddress);

            client.transport().close();
            assertThat(client.transport().isClosing()).isTrue();
            assertThat(client.protocol().lost.await()).isNull();
            assertThat(client.protocol().events).containsExactly("made", "datagram:resp:xxx", "lost:null");
            server.transport().close();
            server.protocol().lost.await();
        });
    }

    @Test
    void aConnectedEndpointRefusesAnotherDestinationButTakesNullOrItsPeer() {
        run(loop -> {
            DatagramEndpoint<Recorder> server = loop.createDatagramEndpoint(() -> new Recorder(loop), local("127.0.0.1"), null);
            var serverAddress = (InetSocketAddress) server.transport().getExtraInfo("sockname");
            DatagramEndpoint<Recorder> client = loop.createDatagramEndpoint(() -> new Recorder(loop), null, serverAddress);

            assertThatThrownBy(() -> client.transport().sendto(bytes("x"), new InetSocketAddress("127.0.0.1", 9)))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("Invalid address: must be null or 127.0.0.1:" + serverAddress.getPort());
            client.transport().sendto(bytes("a"));
            client.transport().sendto(bytes("b"), serverAddress);
            server.protocol().awaitDatagrams(2);

            assertThat(server.protocol().events).containsExactly("made", "datagram:a", "datagram:b");
            client.transport().close();
            server.transport().close();
            server.protocol().lost.await();
            client.protocol().lost.await();
        });
    }

    @Test
    void anUnconnectedEndpointNeedsAResolvedTargetForEachDatagram() {
        run(loop -> {
            DatagramEndpoint<Recorder> e = loop.createDatagramEndpoint(() -> new Recorder(loop), local("127.0.0.1"), null);

            assertThatThrownBy(() -> e.transport().sendto(bytes("x")))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("no remote address");
            assertThatThrownBy(() -> e.transport().sendto(bytes("x"), InetSocketAddress.createUnresolved("localhost", 9)))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("unresolved");
            e.transport().close();
            e.protocol().lost.await();
        });
    }

    @Test
    void anIcmpPortUnreachableReachesErrorReceivedAndTheEndpointStaysOpen() {
        run(loop -> {
            InetSocketAddress nobody;
            try (DatagramChannel gone = DatagramChannel.open()) {
                gone.bind(local("127.0.0.1"));
                nobody = (InetSocketAddress) gone.getLocalAddress();
            }
            DatagramEndpoint<Recorder> client = loop.createDatagramEndpoint(() -> new Recorder(loop), null, nobody);

            client.transport().sendto(bytes("anyone?"));
            Exception error = client.protocol().awaitError();

            assertThat(error).isInstanceOf(ConnectionRefusedError.class)
                    .hasCauseInstanceOf(PortUnreachableException.class);
            assertThat(client.transport().isClosing()).isFalse();
            assertThat(client.protocol().events).containsExactly("made", "error:ConnectionRefusedError");
            client.transport().close();
            client.protocol().lost.await();
        });
    }

    @Test
    void anEmptyDatagramSendsNothing() {
        run(loop -> {
            DatagramEndpoint<Recorder> server = loop.createDatagramEndpoint(() -> new Recorder(loop), local("127.0.0.1"), null);
            var serverAddress = (InetSocketAddress) server.transport().getExtraInfo("sockname");
            DatagramEndpoint<Recorder> client = loop.createDatagramEndpoint(() -> new Recorder(loop), null, serverAddress);

            client.transport().sendto(new byte[0]);
            assertThat(client.transport().getWriteBufferSize()).isZero();
            client.transport().sendto(bytes("after"));
            server.protocol().awaitDatagrams(1);

            assertThat(server.protocol().events).containsExactly("made", "datagram:after");
            client.transport().close();
            server.transport().close();
            server.protocol().lost.await();
        });
    }

    /** A transport whose socket refuses datagrams while {@code full[0]} is set (loopback UDP never fills up). */
    static DatagramSocketTransport refusingTransport(EventLoop loop, Recorder protocol, InetSocketAddress peer,
                                                     boolean[] full, List<String> attempts) throws Exception {
        DatagramChannel ch = DatagramChannel.open(StandardProtocolFamily.INET);
        ch.bind(local("127.0.0.1"));
        ch.connect(peer);
        DatagramSocketTransport t = new DatagramSocketTransport(loop, ch, protocol, null, (buf, target) -> {
            attempts.add((full[0] ? "refused:" : "sent:") + buf.remaining());
            if (full[0]) return false;
            return ch.write(buf) > 0;
        });
        Future<Void> made = loop.createFuture();
        t.start(made);
        made.await();
        return t;
    }

    @Test
    void datagramsTheSocketRefusesAreQueuedInOrderAndCountTheirHeaders() {
        run(loop -> {
            DatagramEndpoint<Recorder> server = loop.createDatagramEndpoint(() -> new Recorder(loop), local("127.0.0.1"), null);
            var serverAddress = (InetSocketAddress) server.transport().getExtraInfo("sockname");
            boolean[] full = {true};
            List<String> attempts = new ArrayList<>();
            Recorder client = new Recorder(loop);
            DatagramSocketTransport t = refusingTransport(loop, client, serverAddress, full, attempts);

            t.sendto(bytes("one"));
            t.sendto(bytes("two!"));
            // Only the first datagram was tried: the second goes behind it without a try.
            assertThat(attempts).containsExactly("refused:3");
            assertThat(t.getWriteBufferSize()).isEqualTo(3 + 8 + 4 + 8);

            full[0] = false;
            server.protocol().awaitDatagrams(2);

            assertThat(server.protocol().events).containsExactly("made", "datagram:one", "datagram:two!");
            assertThat(t.getWriteBufferSize()).isZero();
            t.close();
            server.transport().close();
            client.lost.await();
            server.protocol().lost.await();
        });
    }

    @Test
    void aQueueAboveTheHighWaterMarkPausesTheProtocolUntilItDrainsToTheLowOne() {
        run(loop -> {
            DatagramEndpoint<Recorder> server = loop.createDatagramEndpoint(() -> new Recorder(loop), local("127.0.0.1"), null);
            var serverAddress = (InetSocketAddress) server.transport().getExtraInfo("sockname");
            boolean[] full = {true};
            Recorder client = new Recorder(loop);
            DatagramSocketTransport t = refusingTransport(loop, client, serverAddress, full, new ArrayList<>());
            t.setWriteBufferLimits(30, 10);

            t.sendto(bytes("0123456789")); // 18 queued
            assertThat(client.events).containsExactly("made");
            t.sendto(bytes("0123456789")); // 36 queued: above 30
            assertThat(client.events).containsExactly("made", "pause");

            full[0] = false;
            server.protocol().awaitDatagrams(2);
            assertThat(client.events).containsExactly("made", "pause", "resume");
            t.close();
            server.transport().close();
            client.lost.await();
        });
    }

    @Test
    void closeSendsTheQueuedDatagramsBeforeConnectionLostButAbortDropsThem() {
        run(loop -> {
            DatagramEndpoint<Recorder> server = loop.createDatagramEndpoint(() -> new Recorder(loop), local("127.0.0.1"), null);
            var serverAddress = (InetSocketAddress) server.transport().getExtraInfo("sockname");
            boolean[] full = {true};
            Recorder closing = new Recorder(loop);
            DatagramSocketTransport t = refusingTransport(loop, closing, serverAddress, full, new ArrayList<>());
            t.sendto(bytes("queued before close"));
            t.close();
            Asyncio.sleep(0);
            assertThat(closing.lost.isDone()).isFalse();
            full[0] = false;
            assertThat(closing.lost.await()).isNull();
            server.protocol().awaitDatagrams(1);
            assertThat(server.protocol().events).containsExactly("made", "datagram:queued before close");

            boolean[] stuck = {true};
            List<String> attempts = new ArrayList<>();
            Recorder aborting = new Recorder(loop);
            DatagramSocketTransport a = refusingTransport(loop, aborting, serverAddress, stuck, attempts);
            a.sendto(bytes("dropped"));
            a.abort();
            assertThat(a.getWriteBufferSize()).isZero();
            assertThat(aborting.lost.await()).isNull();
            assertThat(attempts).containsExactly("refused:7");
            assertThat(aborting.events).containsExactly("made", "lost:null");

            // Sends after the loss are dropped without an error.
            a.sendto(bytes("late"));
            assertThat(a.getWriteBufferSize()).isZero();
            assertThat(attempts).containsExactly("refused:7");
            server.transport().close();
            server.protocol().lost.await();
        });
    }

    @Test
    void anEndpointFromAChannelOwnsItAndClosesItWithTheTransport() {
        run(loop -> {
            DatagramChannel ch = DatagramChannel.open();
            ch.bind(local("127.0.0.1"));
            DatagramEndpoint<Recorder> e = loop.createDatagramEndpoint(() -> new Recorder(loop), ch);

            assertThat(e.transport().getExtraInfo("socket")).isSameAs(ch);
            assertThat(e.transport().getExtraInfo("sockname")).isEqualTo(ch.getLocalAddress());
            e.transport().close();
            e.protocol().lost.await();
            assertThat(ch.isOpen()).isFalse();
        });
    }

    @Test
    void withNeitherAddressTheFamilyChoosesTheSocketAndSendtoNamesTheTarget() {
        run(loop -> {
            assertThatThrownBy(() -> loop.createDatagramEndpoint(() -> new Recorder(loop), null, null))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith("unexpected address family");

            DatagramEndpoint<Recorder> server = loop.createDatagramEndpoint(() -> new Recorder(loop), local("127.0.0.1"), null);
            var serverAddress = (InetSocketAddress) server.transport().getExtraInfo("sockname");
            DatagramEndpoint<Recorder> e = loop.createDatagramEndpoint(() -> new Recorder(loop), null, null,
                    DatagramOptions.builder().family(StandardProtocolFamily.INET).build());
            e.transport().sendto(bytes("hello"), serverAddress);
            server.protocol().awaitDatagrams(1);

            assertThat(server.protocol().events).containsExactly("made", "datagram:hello");
            e.transport().close();
            server.transport().close();
            server.protocol().lost.await();
        });
    }

    @Test
    void localAndRemoteAddressesWithoutACommonFamilyAreRejected() {
        run(loop -> {
            long fds = NetKit.openFds();
            assertThatThrownBy(() -> loop.createDatagramEndpoint(() -> new Recorder(loop),
                    local("::1"), new InetSocketAddress("127.0.0.1", 9)))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith("can not get address information");
            assertThat(NetKit.openFds()).isEqualTo(fds);
        });
    }

    @Test
    void aBindFailureNamesTheAddressAndLeaksNoSocket() throws Exception {
        try (DatagramChannel taken = DatagramChannel.open()) {
            taken.bind(local("127.0.0.1"));
            var busy = (InetSocketAddress) taken.getLocalAddress();
            long fds = NetKit.openFds();
            run(loop -> assertThatThrownBy(() -> loop.createDatagramEndpoint(() -> new Recorder(loop), busy, null))
                    .isInstanceOf(UncheckedIOException.class)
                    .hasMessageStartingWith("error while attempting to bind on address 127.0.0.1:" + busy.getPort()));
            assertThat(NetKit.openFds()).isEqualTo(fds);
        }
    }

    @Test
    void reusePortLetsTwoEndpointsBindOnePort() {
        run(loop -> {
            DatagramOptions reuse = DatagramOptions.builder().reusePort(true).build();
            DatagramEndpoint<Recorder> first = loop.createDatagramEndpoint(() -> new Recorder(loop), local("127.0.0.1"), null, reuse);
            var address = (InetSocketAddress) first.transport().getExtraInfo("sockname");
            DatagramEndpoint<Recorder> second = loop.createDatagramEndpoint(() -> new Recorder(loop), address, null, reuse);

            assertThat(second.transport().getExtraInfo("sockname")).isEqualTo(address);
            var ch = (DatagramChannel) second.transport().getExtraInfo("socket");
            assertThat(ch.getOption(StandardSocketOptions.SO_REUSEPORT)).isTrue();
            first.transport().close();
            second.transport().close();
            second.protocol().lost.await();
        });
    }

    @Test
    void allowBroadcastLeavesTheSocketUnconnectedWithTheRemoteAsDefaultTarget() {
        run(loop -> {
            DatagramEndpoint<Recorder> server = loop.createDatagramEndpoint(() -> new Recorder(loop), local("127.0.0.1"), null);
            var serverAddress = (InetSocketAddress) server.transport().getExtraInfo("sockname");
            DatagramEndpoint<Recorder> e = loop.createDatagramEndpoint(() -> new Recorder(loop), null, serverAddress,
                    DatagramOptions.builder().allowBroadcast(true).build());

            var ch = (DatagramChannel) e.transport().getExtraInfo("socket");
            assertThat(ch.isConnected()).isFalse();
            assertThat(ch.getOption(StandardSocketOptions.SO_BROADCAST)).isTrue();
            assertThat(e.transport().getExtraInfo("peername")).isNull();
            e.transport().sendto(bytes("to the default"));
            server.protocol().awaitDatagrams(1);

            assertThat(server.protocol().events).containsExactly("made", "datagram:to the default");
            e.transport().close();
            server.transport().close();
            server.protocol().lost.await();
        });
    }

    @Test
    void cancellingTheCreatingTaskClosesTheSocket() {
        long fds = NetKit.openFds();
        List<Recorder> made = new ArrayList<>();
        run(loop -> {
            Task<DatagramEndpoint<Recorder>> creating = loop.createTask(() -> loop.createDatagramEndpoint(() -> {
                Recorder r = new Recorder(loop);
                made.add(r);
                return r;
            }, local("127.0.0.1"), null));
            loop.callSoon(creating::cancel);

            assertThatThrownBy(creating::await).isInstanceOf(CancelledError.class);
            made.get(0).lost.await();
            assertThat(made.get(0).events).containsExactly("made", "lost:null");
        });
        assertThat(NetKit.openFds()).isEqualTo(fds);
    }

    @Test
    void aDatagramReceivedThatThrowsGoesToTheExceptionHandlerAndReceivingGoesOn() {
        run(loop -> {
            List<ExceptionContext> reported = new ArrayList<>();
            loop.setExceptionHandler((l, context) -> reported.add(context));
            DatagramEndpoint<Recorder> server = loop.createDatagramEndpoint(() -> new Recorder(loop) {
                @Override
                public void datagramReceived(byte[] data, SocketAddress address) {
                    super.datagramReceived(data, address);
                    if (latin1(data).equals("bad")) throw new IllegalStateException("protocol bug");
                }
            }, local("127.0.0.1"), null);
            var serverAddress = (InetSocketAddress) server.transport().getExtraInfo("sockname");
            DatagramEndpoint<Recorder> client = loop.createDatagramEndpoint(() -> new Recorder(loop), null, serverAddress);

            client.transport().sendto(bytes("bad"));
            server.protocol().awaitDatagrams(1);
            client.transport().sendto(bytes("good"));
            server.protocol().awaitDatagrams(2);

            assertThat(server.protocol().events).containsExactly("made", "datagram:bad", "datagram:good");
            assertThat(reported).hasSize(1);
            assertThat(reported.get(0).exception()).hasMessage("protocol bug");
            client.transport().close();
            server.transport().close();
            server.protocol().lost.await();
        });
    }

    @Test
    void anExchangeLeavesNoFileDescriptorOpen() {
        long fds = NetKit.openFds();
        run(loop -> {
            for (int i = 0; i < 3; i++) {
                DatagramEndpoint<Responder> server = loop.createDatagramEndpoint(() -> new Responder(loop), local("127.0.0.1"), null);
                var serverAddress = (InetSocketAddress) server.transport().getExtraInfo("sockname");
                DatagramEndpoint<Recorder> client = loop.createDatagramEndpoint(() -> new Recorder(loop), null, serverAddress);
                client.transport().sendto(bytes("ping"));
                client.protocol().awaitDatagrams(1);
                client.transport().close();
                server.transport().abort();
                client.protocol().lost.await();
                server.protocol().lost.await();
            }
        });
        assertThat(NetKit.openFds()).isEqualTo(fds);
    }
}
