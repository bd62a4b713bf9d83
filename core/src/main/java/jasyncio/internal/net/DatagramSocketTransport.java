package jasyncio.internal.net;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.InetSocketAddress;
import java.net.PortUnreachableException;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.util.ArrayDeque;

import jasyncio.EventLoop;
import jasyncio.ExceptionContext;
import jasyncio.Future;
import jasyncio.net.BaseProtocol;
import jasyncio.net.ConnectionRefusedError;
import jasyncio.net.DatagramProtocol;
import jasyncio.net.DatagramTransport;

/**
 * A UDP endpoint over a non-blocking {@link DatagramChannel} watched with the loop's
 * {@code addReader}/{@code addWriter}: asyncio's {@code _SelectorDatagramTransport}.
 *
 * <p>Reads: one datagram per readiness event, handed to {@link DatagramProtocol#datagramReceived}.
 * Sends: tried at once; a datagram the socket does not take is copied to a queue sent in order
 * when the socket is writable, and the protocol is paused above the high-water mark (each queued
 * datagram counts its length plus 8 header bytes, as asyncio counts). A send or receive that
 * fails with an {@link IOException} goes to {@link DatagramProtocol#errorReceived} and the
 * endpoint stays open; on a connected endpoint, an ICMP "port unreachable" from the peer arrives
 * this way as {@link ConnectionRefusedError} (the JDK's {@link PortUnreachableException} as its
 * cause). An exception thrown by the protocol's callbacks goes to the loop's exception handler.
 *
 * <pre>
 *   open ──close()──▶ closing: flush the queue ──queue empty──▶ lost (connectionLost(null))
 *    │                   │
 *    └──abort() (queue dropped) ─────────────────────────────▶ lost (connectionLost(null))
 * </pre>
 *
 * <p>Loop-confined: call it from the loop's thread or its tasks.
 */
public final class DatagramSocketTransport implements DatagramTransport {
    private static final System.Logger LOG = System.getLogger("jasyncio");
    /** Larger than any UDP payload (65,507 bytes over IPv4, 65,527 over IPv6). */
    static final int MAX_DATAGRAM = 64 * 1024;
    /** What a queued datagram adds to the buffer size besides its bytes (asyncio counts the UDP header). */
    static final int HEADER_BYTES = 8;
    static final int DEFAULT_HIGH_WATER = 64 * 1024;

    /** The loop thread's receive buffer (read callbacks run on the loop thread). */
    private static final ThreadLocal<ByteBuffer> READ_BUFFER =
            ThreadLocal.withInitial(() -> ByteBuffer.allocateDirect(MAX_DATAGRAM));

    /** Sends one datagram without blocking; false if the socket had no room for it. */
    @FunctionalInterface
    interface Sender {
        boolean send(ByteBuffer datagram, SocketAddress target) throws IOException;
    }

    private record Pending(byte[] data, SocketAddress target) {}

    private final EventLoop loop;
    private final DatagramChannel channel;
    /** The fixed destination (the remote address), or null: every sendto names its target. */
    private final SocketAddress address;
    private final SocketAddress peername;
    private final SocketAddress sockname;
    private final Sender sender;

    private DatagramProtocol protocol;
    /** Datagrams the socket did not take yet, oldest first; loop-confined. */
    private final ArrayDeque<Pending> queue = new ArrayDeque<>();
    /** The queue's bytes plus {@link #HEADER_BYTES} per datagram. */
    private int bufferSize;
    private boolean closing;
    /** 0 while open; counts the loss and then the sends dropped after it. */
    private int connLost;
    private boolean protocolPaused;
    private int highWater = DEFAULT_HIGH_WATER;
    private int lowWater = DEFAULT_HIGH_WATER / 4;

    /**
     * Wraps {@code channel} (made non-blocking). {@code address}, if not null, is the only
     * destination {@link #sendto} accepts; the channel may be connected to it or not (broadcast).
     */
    DatagramSocketTransport(EventLoop loop, DatagramChannel channel, DatagramProtocol protocol, SocketAddress address)
            throws IOException {
        this(loop, channel, protocol, address, null);
    }

    /** With {@code sender} in place of the channel's own send (tests make the socket refuse datagrams). */
    DatagramSocketTransport(EventLoop loop, DatagramChannel channel, DatagramProtocol protocol, SocketAddress address,
                            Sender sender) throws IOException {
        this.loop = loop;
        this.channel = channel;
        channel.configureBlocking(false);
        this.peername = channel.isConnected() ? channel.getRemoteAddress() : null;
        this.address = address != null ? address : peername;
        this.sockname = channel.getLocalAddress();
        this.sender = sender != null ? sender : this::sendOnChannel;
        setProtocol(protocol);
    }

    /**
     * Schedules {@code connectionMade}, then reading, then {@code waiter}'s completion: the
     * protocol is connected before the creating task resumes, as in asyncio.
     */
    void start(Future<Void> waiter) {
        loop.callSoon(() -> protocol.connectionMade(this));
        loop.callSoon(() -> {
            if (!closing) loop.addReader(channel, this::readReady);
        });
        loop.callSoon(() -> {
            if (!waiter.isDone()) waiter.setResult(null);
        });
    }

    // =================================================================== receiving

    private void readReady() {
        if (connLost > 0) return;
        ByteBuffer buf = READ_BUFFER.get();
        buf.clear();
        SocketAddress from;
        try {
            from = channel.receive(buf);
        } catch (IOException e) {
            protocol.errorReceived(unchecked(e));
            return;
        }
        if (from == null) return; // nothing after all
        byte[] data = new byte[buf.position()];
        buf.get(0, data);
        protocol.datagramReceived(data, from);
    }

    // =================================================================== sending

    /**
     * Sends {@code data} as one datagram, or queues a copy if the socket has no room now; never
     * blocks. An empty array sends nothing. After the endpoint was closed, datagrams are dropped (from the
     * fifth on with a warning).
     *
     * @throws IllegalArgumentException if {@code target} differs from the endpoint's remote
     *                                  address, if there is no target at all, or if it is unresolved
     */
    @Override
    public void sendto(byte[] data, SocketAddress target) {
        if (data == null) throw new NullPointerException("sendto: data is null");
        if (address != null) {
            if (target != null && !target.equals(address)) {
                throw new IllegalArgumentException("Invalid address: must be null or " + NetErrors.format(address));
            }
            target = address;
        } else if (target == null) {
            throw new IllegalArgumentException("sendto needs a target address: this endpoint has no remote address");
        }
        if (target instanceof InetSocketAddress i && i.isUnresolved()) {
            throw new IllegalArgumentException("sendto: " + target + " is unresolved; resolve it first (loop.getaddrinfo)");
        }
        // An empty datagram is not sent (asyncio before 3.12 too): the JDK cannot send one on a
        // connected channel, and reports both "sent" and "no room" as 0 for one.
        if (data.length == 0) return;
        if (connLost > 0) {
            if (connLost >= SocketTransport.WARN_WRITES_AFTER_LOSS) {
                LOG.log(Level.WARNING, "sendto() on a closed datagram endpoint: the datagram is dropped (" + this + ")");
            }
            connLost++;
            return;
        }
        if (queue.isEmpty()) {
            try {
                if (sender.send(ByteBuffer.wrap(data), target)) return;
            } catch (IOException e) {
                protocol.errorReceived(unchecked(e));
                return;
            }
            loop.addWriter(channel, this::sendReady);
        }
        queue.add(new Pending(data.clone(), target));
        bufferSize += data.length + HEADER_BYTES;
        maybePauseProtocol();
    }

    private void sendReady() {
        while (!queue.isEmpty()) {
            Pending p = queue.poll();
            bufferSize -= p.data.length + HEADER_BYTES;
            boolean sent;
            try {
                sent = sender.send(ByteBuffer.wrap(p.data), p.target);
            } catch (IOException e) {
                protocol.errorReceived(unchecked(e));
                return; // the writer stays: the rest goes out at the next writable event
            }
            if (!sent) {
                queue.addFirst(p);
                bufferSize += p.data.length + HEADER_BYTES;
                break;
            }
        }
        maybeResumeProtocol();
        if (queue.isEmpty()) {
            loop.removeWriter(channel);
            if (closing && connLost == 0) {
                connLost++;
                callConnectionLost(null);
            }
        }
    }

    /** One non-blocking send (a connected channel checks that {@code target} is its peer). */
    private boolean sendOnChannel(ByteBuffer datagram, SocketAddress target) throws IOException {
        return channel.send(datagram, target) > 0;
    }

    /** A send or receive failure as the unchecked error Python would raise. */
    static RuntimeException unchecked(IOException e) {
        if (e instanceof PortUnreachableException) {
            return new ConnectionRefusedError("Connection refused: the peer's port is unreachable (ICMP)", e);
        }
        return NetErrors.unchecked(e);
    }

    @Override
    public int getWriteBufferSize() {
        return bufferSize;
    }

    /**
     * Sets the flow-control limits: {@code pauseWriting} above {@code high} queued bytes,
     * {@code resumeWriting} at {@code low} or less. Defaults: 64 KiB and 16 KiB.
     *
     * @throws IllegalArgumentException unless {@code 0 <= low <= high}
     */
    public void setWriteBufferLimits(int high, int low) {
        if (!(high >= low && low >= 0)) {
            throw new IllegalArgumentException("high (" + high + ") must be >= low (" + low + ") must be >= 0");
        }
        this.highWater = high;
        this.lowWater = low;
        maybePauseProtocol();
    }

    private void maybePauseProtocol() {
        if (bufferSize <= highWater || protocolPaused) return;
        protocolPaused = true;
        try {
            protocol.pauseWriting();
        } catch (Throwable e) {
            loop.callExceptionHandler(ExceptionContext.of("protocol.pauseWriting() failed\ntransport: " + this, e));
        }
    }

    private void maybeResumeProtocol() {
        if (!protocolPaused || bufferSize > lowWater) return;
        protocolPaused = false;
        try {
            protocol.resumeWriting();
        } catch (Throwable e) {
            loop.callExceptionHandler(ExceptionContext.of("protocol.resumeWriting() failed\ntransport: " + this, e));
        }
    }

    // =================================================================== closing

    @Override
    public boolean isClosing() {
        return closing;
    }

    @Override
    public void close() {
        if (closing) return;
        closing = true;
        loop.removeReader(channel);
        if (queue.isEmpty()) {
            connLost++;
            loop.removeWriter(channel);
            loop.callSoon(() -> callConnectionLost(null));
        }
    }

    @Override
    public void abort() {
        if (connLost > 0) return;
        if (!queue.isEmpty()) {
            queue.clear();
            bufferSize = 0;
            loop.removeWriter(channel);
        }
        if (!closing) {
            closing = true;
            loop.removeReader(channel);
        }
        connLost++;
        loop.callSoon(() -> callConnectionLost(null));
    }

    private void callConnectionLost(Exception error) {
        try {
            protocol.connectionLost(error);
        } finally {
            try {
                channel.close();
            } catch (IOException e) {
                LOG.log(Level.DEBUG, "closing " + channel + " failed", e);
            }
        }
    }

    // =================================================================== the rest

    /** {@code "sockname"}, {@code "peername"} (connected endpoints only) and {@code "socket"} (the channel). */
    @Override
    public Object getExtraInfo(String name, Object defaultValue) {
        Object v = switch (name) {
            case "peername" -> peername;
            case "sockname" -> sockname;
            case "socket" -> channel;
            default -> null;
        };
        return v != null ? v : defaultValue;
    }

    @Override
    public BaseProtocol getProtocol() {
        return protocol;
    }

    @Override
    public void setProtocol(BaseProtocol protocol) {
        if (!(protocol instanceof DatagramProtocol d)) {
            throw new IllegalArgumentException("a datagram transport needs a jasyncio.net.DatagramProtocol, not "
                    + (protocol == null ? "null" : protocol.getClass().getName()));
        }
        this.protocol = d;
    }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder("<DatagramTransport");
        if (connLost > 0) {
            b.append(" closed");
        } else if (closing) {
            b.append(" closing");
        }
        b.append(" local=").append(sockname);
        if (address != null) b.append(" remote=").append(address);
        if (!queue.isEmpty()) b.append(" write-buffer=").append(bufferSize);
        return b.append('>').toString();
    }
}
