package jasyncio.internal.net;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Supplier;

import jasyncio.EventLoop;
import jasyncio.Future;
import jasyncio.net.BaseProtocol;
import jasyncio.net.BaseTransport;
import jasyncio.net.Connection;
import jasyncio.net.Protocol;
import jasyncio.net.Server;
import jasyncio.net.Transport;

/** Shared pieces of the networking tests: socket kinds, a recording protocol, fd counts, log capture. */
final class NetKit {
    private NetKit() {}

    /**
     * Open descriptors of this process that are not files: sockets, pipes, epoll and event fds
     * ({@code /proc/self/fd}). Files are left out because class loading opens jar files at any
     * moment, which made a whole-process count flaky.
     */
    static long openFds() {
        try (var s = Files.list(Path.of("/proc/self/fd"))) {
            return s.filter(NetKit::isNotAFile).count();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean isNotAFile(Path fd) {
        try {
            return !Files.readSymbolicLink(fd).toString().startsWith("/");
        } catch (IOException e) {
            return false; // closed while listing
        }
    }

    static String latin1(byte[] b) {
        return new String(b, StandardCharsets.ISO_8859_1);
    }

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    /** The two stream socket kinds the transport serves; tests run over both. */
    enum Kind {
        TCP, UNIX;

        /** A server of this kind on loopback / a fresh socket file. Call from a task of {@code loop}. */
        Server listen(EventLoop loop, Supplier<? extends BaseProtocol> factory) {
            if (this == TCP) return loop.createServer(factory, "127.0.0.1", 0);
            return loop.createUnixServer(factory, UnixDomainSocketAddress.of(freshSocketPath()));
        }

        <P extends BaseProtocol> Connection<P> connect(EventLoop loop, Server server, Supplier<P> factory) {
            SocketAddress a = address(server);
            if (a instanceof InetSocketAddress i) return loop.createConnection(factory, "127.0.0.1", i.getPort());
            return loop.createUnixConnection(factory, (UnixDomainSocketAddress) a);
        }
    }

    static SocketAddress address(Server server) {
        try {
            return server.sockets().get(0).getLocalAddress();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static int port(Server server) {
        return ((InetSocketAddress) address(server)).getPort();
    }

    /** A path for a Unix socket that does not exist yet (the server removes its file on close). */
    static Path freshSocketPath() {
        try {
            Path dir = Files.createTempDirectory("jasyncio-net");
            dir.toFile().deleteOnExit();
            return dir.resolve("s.sock");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The protocols a server's factory made, in order; {@link #next()} waits for the next one's connectionMade. */
    static class Accepted implements Supplier<Recorder> {
        private final EventLoop loop;
        final List<Recorder> all = new ArrayList<>();
        private int handedOut;

        Accepted(EventLoop loop) {
            this.loop = loop;
        }

        private Future<Void> arrival;

        @Override
        public Recorder get() {
            Recorder r = newRecorder(loop);
            all.add(r);
            if (arrival != null && !arrival.isDone()) arrival.setResult(null);
            return r;
        }

        /** Override to make another recorder (an echo, say). */
        Recorder newRecorder(EventLoop loop) {
            return new Recorder(loop);
        }

        /** The next accepted protocol, once connectionMade ran. Call from a task. */
        Recorder next() {
            while (all.size() <= handedOut) {
                arrival = loop.createFuture();
                arrival.await();
            }
            Recorder r = all.get(handedOut++);
            r.made.await();
            return r;
        }
    }

    /**
     * A protocol that records its callbacks as strings ("made", "data:abc", "eof", "lost:null",
     * "lost:ConnectionResetError", "pause", "resume") and completes futures on made and lost.
     */
    static class Recorder implements Protocol {
        final EventLoop loop;
        final List<String> events = Collections.synchronizedList(new ArrayList<>());
        final Future<Transport> made;
        final Future<Exception> lost;
        final Future<Void> eof;
        final StringBuilder received = new StringBuilder();
        private final List<Object[]> waiters = new ArrayList<>();
        Transport transport;
        /** What eofReceived returns. */
        boolean keepOpenOnEof;

        Recorder(EventLoop loop) {
            this.loop = loop;
            made = loop.createFuture();
            lost = loop.createFuture();
            eof = loop.createFuture();
        }

        @Override
        public void connectionMade(BaseTransport t) {
            transport = (Transport) t;
            events.add("made");
            made.setResult(transport);
        }

        @Override
        public void dataReceived(byte[] data) {
            String s = latin1(data);
            received.append(s);
            events.add("data:" + s);
            checkWaiters();
        }

        /** Suspends until at least {@code n} characters have arrived in total; returns them all. */
        String awaitReceived(int n) {
            if (received.length() >= n) return received.toString();
            Future<String> f = loop.createFuture();
            waiters.add(new Object[] {n, f});
            return f.await();
        }

        private void checkWaiters() {
            for (var it = waiters.iterator(); it.hasNext(); ) {
                Object[] w = it.next();
                if (received.length() >= (Integer) w[0]) {
                    it.remove();
                    @SuppressWarnings("unchecked")
                    Future<String> f = (Future<String>) w[1];
                    f.setResult(received.toString());
                }
            }
        }

        @Override
        public boolean eofReceived() {
            events.add("eof");
            eof.setResult(null);
            return keepOpenOnEof;
        }

        @Override
        public void connectionLost(Exception error) {
            events.add("lost:" + (error == null ? "null" : error.getClass().getSimpleName()));
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
    }

    /** An echo protocol: every byte received goes back. */
    static class Echo extends Recorder {
        Echo(EventLoop loop) {
            super(loop);
        }

        @Override
        public void dataReceived(byte[] data) {
            super.dataReceived(data);
            transport.write(data);
        }
    }

    /**
     * Captures (and silences) the messages the "jasyncio" logger publishes while open. The
     * System.Logger backend is java.util.logging, reached reflectively because these tests are
     * compiled inside the core module, which does not read java.logging (as EventLoopTest does).
     */
    static final class LogCapture implements AutoCloseable {
        private final List<String> messages = Collections.synchronizedList(new ArrayList<>());
        private final Object logger;
        private final Object previousFilter;
        private final java.lang.reflect.Method setFilter;

        LogCapture() {
            try {
                Class<?> loggerClass = Class.forName("java.util.logging.Logger");
                Class<?> filterClass = Class.forName("java.util.logging.Filter");
                java.lang.reflect.Method getMessage = Class.forName("java.util.logging.LogRecord").getMethod("getMessage");
                logger = loggerClass.getMethod("getLogger", String.class).invoke(null, "jasyncio");
                previousFilter = loggerClass.getMethod("getFilter").invoke(logger);
                setFilter = loggerClass.getMethod("setFilter", filterClass);
                Object filter = java.lang.reflect.Proxy.newProxyInstance(LogCapture.class.getClassLoader(),
                        new Class<?>[] {filterClass}, (proxy, m, args) -> switch (m.getName()) {
                            case "isLoggable" -> {
                                messages.add((String) getMessage.invoke(args[0]));
                                yield false;
                            }
                            case "hashCode" -> System.identityHashCode(proxy);
                            case "equals" -> proxy == args[0];
                            default -> "LogCapture filter";
                        });
                setFilter.invoke(logger, filter);
            } catch (ReflectiveOperationException e) {
                throw new AssertionError("cannot capture the jasyncio log", e);
            }
        }

        List<String> messages() {
            synchronized (messages) {
                return List.copyOf(messages);
            }
        }

        @Override
        public void close() {
            try {
                setFilter.invoke(logger, previousFilter);
            } catch (ReflectiveOperationException e) {
                throw new AssertionError(e);
            }
        }
    }
}
