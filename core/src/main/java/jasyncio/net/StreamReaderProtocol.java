package jasyncio.net;

import java.nio.ByteBuffer;

import jasyncio.EventLoop;
import jasyncio.ExceptionContext;
import jasyncio.Future;
import jasyncio.Task;
import jasyncio.internal.net.SocketTransport;

/**
 * The protocol between a transport and a {@link StreamReader}/{@link StreamWriter} pair
 * ({@code asyncio.StreamReaderProtocol}): it feeds received data and EOF to the reader, turns
 * a broken connection into the reader's error, keeps the writers' {@link FlowControl}, and on a
 * server runs the {@link ClientConnected} callback as a task per connection.
 *
 * <p>Callbacks run on the loop thread (they never block). A failure or cancellation of the
 * client task closes the transport; a failure is also reported to the loop's exception handler
 * as "Unhandled exception in client_connected_cb".
 *
 * <p>It is both a {@link Protocol} and a {@link BufferedProtocol}; transports that prefer the
 * latter read into a direct buffer the loop thread shares between its stream protocols, from
 * which the bytes go straight into the reader (one copy fewer than {@link #dataReceived}).
 */
public final class StreamReaderProtocol implements Protocol, BufferedProtocol {
    /**
     * The loop thread's receive buffer, page-aligned (socket reads copy into it faster); lent by
     * getBuffer only until the matching bufferUpdated.
     */
    private static final ThreadLocal<ByteBuffer> RECEIVE_BUFFER =
            ThreadLocal.withInitial(() -> SocketTransport.pageAligned(256 * 1024));

    private final EventLoop loop;
    private StreamReader reader;
    private final ClientConnected clientConnected;
    private final FlowControl flow;
    /** Done when the connection is lost: the result of {@link StreamWriter#waitClosed()}. */
    private final Future<Void> closed;
    private Transport transport;
    private StreamWriter writer;
    private Task<Void> task;
    private boolean overSsl;

    /** A protocol feeding {@code reader}, for a connection this side opens. */
    public StreamReaderProtocol(StreamReader reader, EventLoop loop) {
        this(reader, null, loop);
    }

    /**
     * A protocol feeding {@code reader}; when the connection is made, {@code clientConnected}
     * (if not null) runs as a new task with the reader and a new writer.
     */
    public StreamReaderProtocol(StreamReader reader, ClientConnected clientConnected, EventLoop loop) {
        this.reader = reader;
        this.clientConnected = clientConnected;
        this.loop = loop;
        this.flow = new FlowControl(loop);
        this.closed = loop.createFuture();
    }

    @Override
    public void connectionMade(BaseTransport transport) {
        Transport t = (Transport) transport;
        this.transport = t;
        reader.setTransport(t);
        overSsl = t.getExtraInfo("sslcontext") != null;
        if (clientConnected != null) {
            StreamReader r = reader;
            StreamWriter w = new StreamWriter(t, this, r, loop);
            writer = w;
            Task<Void> client = loop.createTask(() -> clientConnected.accept(r, w));
            task = client;
            client.addDoneCallback(done -> {
                if (done.isCancelled()) {
                    t.close();
                    return;
                }
                Throwable error = done.exception();
                if (error != null) {
                    loop.callExceptionHandler(new ExceptionContext(
                            "Unhandled exception in client_connected_cb", error, done, null));
                    t.close();
                }
            });
        }
    }

    @Override
    public void connectionLost(Exception error) {
        if (reader != null) {
            if (error == null) {
                reader.feedEof();
            } else {
                reader.setException(error);
            }
        }
        if (!closed.isDone()) {
            if (error == null) {
                closed.setResult(null);
            } else {
                closed.setException(error);
                closed.exception(); // retrieved here: waitClosed() is optional, as in asyncio
            }
        }
        flow.connectionLost(error);
        transport = null;
        writer = null;
        task = null;
    }

    @Override
    public void dataReceived(byte[] data) {
        reader.feedData(data);
    }

    /** The loop thread's shared receive buffer, empty; its bytes are copied out by {@link #bufferUpdated}. */
    @Override
    public ByteBuffer getBuffer(int sizeHint) {
        return RECEIVE_BUFFER.get().clear();
    }

    /** Moves the {@code nbytes} received into the shared buffer (from its start) into the reader. */
    @Override
    public void bufferUpdated(int nbytes) {
        reader.feedData(RECEIVE_BUFFER.get(), 0, nbytes);
    }

    @Override
    public boolean eofReceived() {
        reader.feedEof();
        // Over TLS a half-closed connection cannot be used for writing: close it.
        return !overSsl;
    }

    @Override
    public void pauseWriting() {
        flow.pauseWriting();
    }

    @Override
    public void resumeWriting() {
        flow.resumeWriting();
    }

    /** Whether this protocol serves a connection a server accepted (it runs a {@link ClientConnected}). */
    boolean isServerSide() {
        return clientConnected != null;
    }

    /** After {@link StreamWriter#startTls}: the transport over TLS ({@code _replace_transport}). */
    void replaceTransport(Transport t) {
        this.transport = t;
        overSsl = t.getExtraInfo("sslcontext") != null;
    }

    /** The writers' flow control. */
    FlowControl flowControl() {
        return flow;
    }

    /** Done when the connection is lost (failed if it broke). */
    Future<Void> closeWaiter() {
        return closed;
    }

    /** The reader this protocol feeds. */
    StreamReader reader() {
        return reader;
    }

    /** The transport, while connected. */
    Transport transport() {
        return transport;
    }

    /** The client task of a server connection, while it runs; null otherwise. */
    Task<Void> clientTask() {
        return task;
    }
}
