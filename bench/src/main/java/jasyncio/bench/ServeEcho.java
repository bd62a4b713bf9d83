package jasyncio.bench;

import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;

import jasyncio.Asyncio;
import jasyncio.EventLoop;
import jasyncio.net.BaseTransport;
import jasyncio.net.BufferedProtocol;
import jasyncio.net.ConnectionError;
import jasyncio.net.Server;
import jasyncio.net.ServerOptions;
import jasyncio.net.StreamReader;
import jasyncio.net.StreamWriter;
import jasyncio.net.Streams;
import jasyncio.net.Transport;

/**
 * {@code ./jasyncio bench serve-echo --port P [--host H] [--protocol | --streams]}: the server
 * side of workload W5 (shared/bench/SPEC.md). It echoes every byte back until the process is
 * stopped (Ctrl-C, SIGTERM), so that the neutral C load generator ({@code bench/tools/echoclient})
 * can drive it side by side with the C epoll server ({@code bench/tools/echoserver}).
 *
 * <p>{@code --protocol} (the default) serves with a {@link BufferedProtocol}: the transport reads
 * into one direct buffer shared by the loop's connections and writes it straight back, so the
 * payload is never copied by Java unless the socket cannot take it all at once. Like the C
 * server, a connection with output pending is not read until that output is sent (write buffer
 * limits 0/0: pauseWriting pauses reading, resumeWriting resumes it).
 *
 * <p>{@code --streams} serves as an asyncio program would: {@code Streams.startServer} runs a
 * task per connection that reads, writes back and drains ({@link #echoStreams}); the reader
 * copies each read out of the transport, and drain is where backpressure suspends the task.
 */
final class ServeEcho {
    static final String USAGE = """
            usage: ./jasyncio bench serve-echo --port P [--host H] [--protocol | --streams]
              --port P      the TCP port to listen on (0: a free one, printed on stderr)
              --host H      the address to listen on (default 127.0.0.1)
              --protocol    echo with a BufferedProtocol on the transport, zero-copy (default)
              --streams     echo with StreamReader/StreamWriter (asyncio.start_server style)
            Runs until stopped (Ctrl-C or SIGTERM). Prints "serving on HOST:PORT" on stderr when ready.
            """;

    private ServeEcho() {}

    /** Parses {@code args} and serves until the process is stopped; returns 2 for bad usage. */
    static int run(String[] args, PrintStream err) {
        String host = "127.0.0.1";
        Integer port = null;
        String variant = "protocol";
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--port" -> {
                    if (++i == args.length) return usage(err, "--port needs a value");
                    try {
                        port = Integer.parseInt(args[i]);
                    } catch (NumberFormatException e) {
                        return usage(err, "--port takes a number, got '" + args[i] + "'");
                    }
                }
                case "--host" -> {
                    if (++i == args.length) return usage(err, "--host needs a value");
                    host = args[i];
                }
                case "--protocol" -> variant = "protocol";
                case "--streams" -> variant = "streams";
                case "-h", "--help" -> {
                    err.print(USAGE);
                    return 0;
                }
                default -> {
                    return usage(err, "unknown option " + args[i]);
                }
            }
        }
        if (port == null) return usage(err, "which port? e.g. ./jasyncio bench serve-echo --port 25001");
        serve(host, port, variant.equals("streams"), err);
        return 0;
    }

    private static int usage(PrintStream err, String problem) {
        err.println("bench: serve-echo: " + problem);
        err.print(USAGE);
        return 2;
    }

    /**
     * Serves on {@code host:port} (with {@link #echoStreams} if {@code streams}, else {@link Echo})
     * until the JVM shuts down; the shutdown hook closes the server first.
     */
    static void serve(String host, int port, boolean streams, PrintStream err) {
        EventLoop loop = Asyncio.newEventLoop();
        Thread main = Thread.currentThread();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            loop.callSoonThreadsafe(loop::stop);
            try {
                main.join(2000);
            } catch (InterruptedException ignored) {
                // exiting anyway
            }
        }, "serve-echo-shutdown"));
        try {
            Server server = loop.runUntilComplete(() -> {
                // Page-aligned: reads of 100 KiB messages into this buffer at its default
                // address took ~8% more CPU than into a page-aligned one.
                ByteBuffer shared = ByteBuffer.allocateDirect(256 * 1024 + 4096).alignedSlice(4096);
                ServerOptions options = ServerOptions.builder().backlog(1024).build();
                Server s = streams
                        ? Streams.startServer(ServeEcho::echoStreams, host, port, StreamReader.DEFAULT_LIMIT, options)
                        : loop.createServer(() -> new Echo(shared), host, port, options);
                InetSocketAddress bound = (InetSocketAddress) s.sockets().get(0).getLocalAddress();
                err.println("serving on " + bound.getAddress().getHostAddress() + ":" + bound.getPort());
                return s;
            });
            loop.runForever();
            loop.runUntilComplete(() -> {
                server.close();
                server.abortClients();
                server.waitClosed();
            });
        } finally {
            loop.close();
        }
    }

    /** Bytes asked for per read in the streams variant: what a 100 KiB message fits in. */
    static final int STREAMS_READ = 256 * 1024;

    /**
     * The streams variant, asyncio's echo handler: read what has arrived, write it back, drain
     * (suspending while the client does not read), until the client closes.
     */
    static void echoStreams(StreamReader reader, StreamWriter writer) {
        try {
            for (byte[] data = reader.read(STREAMS_READ); data.length > 0; data = reader.read(STREAMS_READ)) {
                writer.write(data);
                writer.drain();
            }
        } catch (ConnectionError gone) {
            // the client went away mid-echo: nothing to report
        } finally {
            writer.close();
        }
    }

    /**
     * Echoes each read straight back from the loop's shared read buffer: the transport writes it
     * at once and copies only what the socket did not take. Stops reading while any of it waits.
     */
    static final class Echo implements BufferedProtocol {
        private final ByteBuffer buf;
        private Transport transport;

        Echo(ByteBuffer shared) {
            this.buf = shared;
        }

        @Override
        public void connectionMade(BaseTransport t) {
            transport = (Transport) t;
            // Stop reading as soon as any output is pending, as the C server does: the kernel's
            // buffers queue the backlog, and nothing is copied twice.
            transport.setWriteBufferLimits(0, 0);
        }

        @Override
        public ByteBuffer getBuffer(int sizeHint) {
            return buf.clear();
        }

        @Override
        public void bufferUpdated(int nbytes) {
            transport.write(buf.flip());
        }

        @Override
        public void pauseWriting() {
            transport.pauseReading();
        }

        @Override
        public void resumeWriting() {
            transport.resumeReading();
        }
    }
}
