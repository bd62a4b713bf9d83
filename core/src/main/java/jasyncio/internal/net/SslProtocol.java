package jasyncio.internal.net;

import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;
import javax.net.ssl.SSLEngineResult.Status;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLPeerUnverifiedException;

import jasyncio.CancelledError;
import jasyncio.EventLoop;
import jasyncio.ExceptionContext;
import jasyncio.Future;
import jasyncio.TimerHandle;
import jasyncio.net.BaseProtocol;
import jasyncio.net.BaseTransport;
import jasyncio.net.BufferedProtocol;
import jasyncio.net.ConnectionAbortedError;
import jasyncio.net.ConnectionError;
import jasyncio.net.ConnectionResetError;
import jasyncio.net.Protocol;
import jasyncio.net.SslCertVerificationError;
import jasyncio.net.SslContexts;
import jasyncio.net.SslError;
import jasyncio.net.TlsOptions;
import jasyncio.net.Transport;

/**
 * TLS over any stream transport, through an {@link SSLEngine}: asyncio's {@code SSLProtocol}.
 * It is the raw transport's (buffered) protocol, reading and writing TLS records, and it gives
 * the user's protocol an application-side transport ({@link SslTransport}) of plaintext.
 * A protocol engine, hence its length: the handshake, reading, writing, closing and both
 * directions of flow control are one state machine.
 *
 * <pre>
 *  TLS layer:
 *  UNWRAPPED ─connectionMade─▶ DO_HANDSHAKE ─finished─▶ WRAPPED ─close() / peer's close_notify / EOF─▶ FLUSHING
 *                                   │                                                                 │ buffered data delivered
 *                                   │                                                                 ▼
 *                                   │                      SHUTDOWN: close_notify sent, waiting for the peer's (or EOF)
 *                                   │                                                                 │ raw transport closed
 *                                   └──failure / timeout / abort / connection lost (from any state)───┴──▶ UNWRAPPED
 *
 *  user's protocol:  INIT ─connectionMade─▶ CON_MADE [─dataReceived*─] [─eofReceived─▶ EOF] ─connectionLost─▶ CON_LOST
 * </pre>
 *
 * <p>Reading: records are decrypted as they arrive and delivered in one {@code dataReceived}
 * per batch. When the user pauses reading, encrypted bytes pile up here until the incoming
 * high-water mark (256 KiB), then the raw transport is paused too. Writing: plaintext is
 * encrypted straight into the raw transport while it takes it; while the raw transport is
 * paused it waits here as a backlog, and the user's protocol is paused when that backlog goes
 * above its high-water mark. The handshake's delegated tasks run inline on the loop thread.
 *
 * <p>Loop-confined: every method runs on the loop's thread. Nothing is delivered to the user's
 * protocol while one of this class's buffers is flipped for reading, so the protocol may call
 * back in (write, close, pause) from any callback.
 */
public final class SslProtocol implements BufferedProtocol {
    private static final System.Logger LOG = System.getLogger("jasyncio");

    /** Encrypted bytes kept before the raw transport is paused (asyncio's FLOW_CONTROL_HIGH_WATER_SSL_READ). */
    static final int INCOMING_HIGH_WATER = 256 * 1024;
    static final int INCOMING_LOW_WATER = INCOMING_HIGH_WATER / 4;
    static final int DEFAULT_HIGH_WATER = 64 * 1024;
    /** Records encrypted into one write to the raw transport. */
    private static final int RECORDS_PER_WRITE = 2;
    /**
     * The most one read of the raw transport may bring, and the most plaintext delivered in one
     * call. Buffers start at one record and grow towards these while reads keep filling them, so
     * an idle connection holds about 50 KiB and a busy one reads in large batches.
     */
    private static final int MAX_READ = 256 * 1024;
    private static final int MAX_DELIVERY = 64 * 1024;
    /** Buffers wrapped in one gathering call. */
    private static final int GATHER = 16;
    private static final ByteBuffer EMPTY = ByteBuffer.allocate(0);

    enum State { UNWRAPPED, DO_HANDSHAKE, WRAPPED, FLUSHING, SHUTDOWN }

    enum AppState { INIT, CON_MADE, EOF, CON_LOST }

    private final EventLoop loop;
    private final SSLEngine engine;
    private final SSLContext context;
    private final TlsOptions options;
    private final SslTransport appTransport;
    /** Extra info of the TLS layer; the rest comes from the raw transport. */
    private final Map<String, Object> extra = new HashMap<>();

    private BaseProtocol appProtocol;
    /** Exactly one is set: how the user's protocol takes data. */
    private Protocol appData;
    private BufferedProtocol appBuffered;

    /** The raw transport, from connectionMade on. */
    private Transport transport;
    /** Done when the handshake succeeds or fails; null once woken (or when nobody waits). */
    private Future<Void> waiter;
    private State state = State.UNWRAPPED;
    private boolean handshakeDone;
    private AppState appState;
    /** The error the user's protocol loses the connection with, once the raw transport reports the loss. */
    private Exception pendingError;
    /** Counts the connection loss and then the writes dropped after it. */
    private int connLost;
    private TimerHandle handshakeTimer;
    private TimerHandle shutdownTimer;

    // ---- reading
    /** Encrypted bytes from the raw transport, in write mode (data from 0 to position). */
    private ByteBuffer netIn;
    /** Decrypted bytes not yet delivered, in write mode. */
    private ByteBuffer appIn;
    private int packetSize;
    /** The room the last {@link #getBuffer} offered, and whether reads fill what is offered. */
    private int offered;
    private boolean readsFill;
    /** The raw transport reported EOF. */
    private boolean eofReceived;
    /** The peer's close_notify was read; its EOF is delivered after the data before it. */
    private boolean closeNotifyReceived;
    private boolean appReadingPaused;
    /** We paused the raw transport because too many encrypted bytes are waiting here. */
    private boolean sslReadingPaused;
    /** A doRead is on the stack (delivering): a nested call leaves the work to it. */
    private boolean reading;

    // ---- writing
    /** Records to hand to the raw transport, in write mode. */
    private ByteBuffer netOut;
    /** Plaintext waiting to be encrypted: written before the handshake ended or while the raw transport is paused. */
    private final ArrayDeque<ByteBuffer> backlog = new ArrayDeque<>();
    private long backlogSize;
    /** The raw transport asked us to stop writing. */
    private boolean sslWritingPaused;
    /** We asked the user's protocol to stop writing. */
    private boolean appWritingPaused;
    private int highWater = DEFAULT_HIGH_WATER;
    private int lowWater = DEFAULT_HIGH_WATER / 4;

    /**
     * TLS for {@code appProtocol} with {@code options}; it starts when this protocol is
     * connected to its raw transport.
     *
     * @param serverHostname     the name a client expects and sends as SNI (null: none)
     * @param peerPort           the peer's port, a hint for session resumption (-1 if unknown)
     * @param waiter             completed when the handshake succeeds or fails, or null
     * @param callConnectionMade whether to tell {@code appProtocol} connectionMade after the
     *                           handshake (false for startTls: it is connected already)
     * @throws IllegalArgumentException for a server without a context, or a client asked to
     *                                  check a host name it was not given
     */
    public SslProtocol(EventLoop loop, BaseProtocol appProtocol, TlsOptions options, boolean serverSide,
                       String serverHostname, int peerPort, Future<Void> waiter, boolean callConnectionMade) {
        this.loop = loop;
        this.options = options;
        this.waiter = waiter;
        SSLContext ctx = options.context();
        if (ctx == null) {
            if (serverSide) {
                throw new IllegalArgumentException("a TLS server needs an SSLContext with its certificate and key: "
                        + "TlsOptions.of(SslContexts.server(keyStore, password))");
            }
            ctx = SslContexts.system();
        }
        this.context = ctx;
        this.engine = createEngine(ctx, options, serverSide, serverHostname, peerPort);
        this.appState = callConnectionMade ? AppState.INIT : AppState.CON_MADE;
        setAppProtocol(appProtocol);
        this.packetSize = engine.getSession().getPacketBufferSize();
        this.netIn = ByteBuffer.allocate(packetSize);
        this.appIn = ByteBuffer.allocate(engine.getSession().getApplicationBufferSize());
        this.netOut = ByteBuffer.allocate(packetSize * RECORDS_PER_WRITE);
        this.extra.put("sslcontext", ctx);
        this.appTransport = new SslTransport(this);
    }

    private static SSLEngine createEngine(SSLContext ctx, TlsOptions options, boolean serverSide, String host,
                                          int port) {
        if (serverSide) {
            SSLEngine e = ctx.createSSLEngine();
            e.setUseClientMode(false);
            if (options.parameters() != null) {
                SSLParameters p = e.getSSLParameters();
                options.parameters().accept(p);
                e.setSSLParameters(p);
            }
            return e;
        }
        String name = host == null || host.isEmpty() ? null : host;
        if (options.checkHostname() && name == null) {
            throw new IllegalArgumentException("checking the server's host name needs that name: pass "
                    + "TlsOptions.withServerHostname(name), or turn the check off with withCheckHostname(false)");
        }
        SSLEngine e = name == null ? ctx.createSSLEngine() : ctx.createSSLEngine(name, port);
        e.setUseClientMode(true);
        SSLParameters p = e.getSSLParameters();
        if (options.checkHostname()) p.setEndpointIdentificationAlgorithm("HTTPS");
        if (name != null && !isAddressLiteral(name)) {
            try {
                p.setServerNames(List.of(new SNIHostName(name)));
            } catch (IllegalArgumentException notAHostName) {
                // no SNI for names SNI cannot carry; the host name check still uses the name
            }
        }
        if (options.parameters() != null) options.parameters().accept(p);
        e.setSSLParameters(p);
        return e;
    }

    private static boolean isAddressLiteral(String host) {
        try {
            InetAddress.ofLiteral(host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** The transport the user's protocol writes to. */
    public SslTransport appTransport() {
        return appTransport;
    }

    /** The engine (the {@code ssl_object}). */
    public SSLEngine engine() {
        return engine;
    }

    /** The raw transport, once connected. */
    Transport rawTransport() {
        return transport;
    }

    State state() {
        return state;
    }

    void setAppProtocol(BaseProtocol protocol) {
        if (protocol instanceof BufferedProtocol b) {
            appBuffered = b;
            appData = null;
        } else if (protocol instanceof Protocol p) {
            appData = p;
            appBuffered = null;
        } else {
            throw new IllegalArgumentException("TLS needs a jasyncio.net.Protocol or BufferedProtocol, not "
                    + (protocol == null ? "null" : protocol.getClass().getName()));
        }
        appProtocol = protocol;
    }

    BaseProtocol appProtocol() {
        return appProtocol;
    }

    Object extraInfo(String name, Object defaultValue) {
        if (extra.containsKey(name)) {
            Object v = extra.get(name);
            return v != null ? v : defaultValue;
        }
        Transport t = transport;
        return t != null && connLost == 0 ? t.getExtraInfo(name, defaultValue) : defaultValue;
    }

    // =================================================================== the raw transport's protocol

    @Override
    public void connectionMade(BaseTransport transport) {
        this.transport = (Transport) transport;
        startHandshake();
    }

    @Override
    public void connectionLost(Exception error) {
        backlog.clear();
        backlogSize = 0;
        netOut.clear();
        connLost++;
        appTransport.markClosed();
        Exception lost = error != null ? error : pendingError;
        if (state != State.DO_HANDSHAKE && (appState == AppState.CON_MADE || appState == AppState.EOF)) {
            appState = AppState.CON_LOST;
            BaseProtocol app = appProtocol;
            loop.callSoon(() -> app.connectionLost(lost));
        }
        state = State.UNWRAPPED;
        wakeUpWaiter(lost != null || handshakeDone ? lost
                : new ConnectionAbortedError("the connection was closed during the TLS handshake"));
        cancelTimers();
    }

    @Override
    public ByteBuffer getBuffer(int sizeHint) {
        int room = packetSize;
        if (readsFill && netIn.capacity() < MAX_READ) {
            room = Math.max(room, Math.min(MAX_READ, netIn.capacity() * 2) - netIn.position());
        }
        if (netIn.remaining() < room) {
            ByteBuffer bigger = ByteBuffer.allocate(netIn.position() + room);
            netIn.flip();
            bigger.put(netIn);
            netIn = bigger;
        }
        readsFill = false;
        offered = netIn.remaining();
        return netIn;
    }

    @Override
    public void bufferUpdated(int nbytes) {
        if (nbytes >= offered) readsFill = true; // the socket had more: offer more next time
        switch (state) {
            case DO_HANDSHAKE -> doHandshake();
            case WRAPPED -> doRead();
            case FLUSHING -> doFlush();
            case SHUTDOWN -> doShutdown();
            case UNWRAPPED -> netIn.clear(); // after a failure: nobody reads these
        }
    }

    @Override
    public boolean eofReceived() {
        eofReceived = true;
        if (loop.getDebug()) LOG.log(Level.DEBUG, this + " received EOF");
        switch (state) {
            case DO_HANDSHAKE -> onHandshakeComplete(
                    new ConnectionResetError("the peer closed the connection during the TLS handshake"));
            case WRAPPED -> {
                state = State.FLUSHING;
                if (appReadingPaused) return true; // resumeReading finishes the flush
                doFlush();
            }
            case FLUSHING -> {
                state = State.SHUTDOWN;
                doShutdown();
            }
            case SHUTDOWN -> doShutdown();
            case UNWRAPPED -> { }
        }
        return false;
    }

    @Override
    public void pauseWriting() {
        sslWritingPaused = true;
    }

    @Override
    public void resumeWriting() {
        sslWritingPaused = false;
        if (state == State.WRAPPED) doWrite(false);
    }

    // =================================================================== handshake

    private void startHandshake() {
        state = State.DO_HANDSHAKE;
        double seconds = options.handshakeTimeout().toNanos() / 1e9;
        handshakeTimer = loop.callLater(seconds, this::checkHandshakeTimeout);
        try {
            engine.beginHandshake();
        } catch (SSLException e) {
            onHandshakeComplete(e);
            return;
        }
        doHandshake();
    }

    private void checkHandshakeTimeout() {
        if (state != State.DO_HANDSHAKE) return;
        double seconds = options.handshakeTimeout().toMillis() / 1000.0;
        ConnectionAbortedError e = new ConnectionAbortedError(
                "SSL handshake is taking longer than " + seconds + " seconds: aborting the connection");
        fatalError(e, "SSL handshake timed out", false);
        wakeUpWaiter(e);
    }

    private void doHandshake() {
        boolean done;
        try {
            done = handshakeStep();
        } catch (SSLException e) {
            sendAlert();
            onHandshakeComplete(e);
            return;
        } catch (RuntimeException e) { // a delegated task or a trust manager failed
            onHandshakeComplete(e);
            return;
        }
        if (done) onHandshakeComplete(null);
    }

    /** Runs the handshake as far as the bytes at hand allow; true once it is finished. */
    private boolean handshakeStep() throws SSLException {
        netIn.flip();
        try {
            while (true) {
                HandshakeStatus hs = engine.getHandshakeStatus();
                switch (hs) {
                    case NEED_TASK -> runDelegatedTasks();
                    case NEED_WRAP -> {
                        SSLEngineResult r = wrapControl();
                        if (r.getHandshakeStatus() == HandshakeStatus.FINISHED) return true;
                        if (r.getStatus() == Status.CLOSED) {
                            throw new SSLHandshakeException("the TLS engine closed during the handshake");
                        }
                    }
                    case NEED_UNWRAP, NEED_UNWRAP_AGAIN -> {
                        flushNetOut();
                        SSLEngineResult r = engine.unwrap(netIn, appIn);
                        if (r.getHandshakeStatus() == HandshakeStatus.FINISHED) return true;
                        switch (r.getStatus()) {
                            case BUFFER_UNDERFLOW -> {
                                packetSize = engine.getSession().getPacketBufferSize();
                                return false;
                            }
                            case BUFFER_OVERFLOW -> growAppIn();
                            case CLOSED -> throw new SSLHandshakeException(
                                    "the peer closed the TLS session during the handshake");
                            case OK -> { }
                        }
                    }
                    case NOT_HANDSHAKING, FINISHED -> {
                        return true;
                    }
                }
            }
        } finally {
            netIn.compact();
            flushNetOut();
        }
    }

    /** After a handshake failure, sends the alert the engine has for the peer, if it has one. */
    private void sendAlert() {
        try {
            for (int i = 0; i < 4 && engine.getHandshakeStatus() == HandshakeStatus.NEED_WRAP; i++) {
                SSLEngineResult r = engine.wrap(EMPTY, netOut);
                if (r.bytesProduced() == 0) break;
            }
        } catch (SSLException | RuntimeException e) {
            // the engine has nothing to say: the close tells the peer
        }
        flushNetOut();
    }

    private void onHandshakeComplete(Exception failure) {
        cancelHandshakeTimer();
        if (failure != null) {
            state = State.UNWRAPPED;
            RuntimeException error = handshakeError(failure);
            String message = error instanceof SslCertVerificationError
                    ? "SSL handshake failed on verifying the certificate" : "SSL handshake failed";
            fatalError(error, message, true);
            wakeUpWaiter(error);
            return;
        }
        state = State.WRAPPED;
        handshakeDone = true;
        var session = engine.getSession();
        Certificate[] peer;
        try {
            peer = session.getPeerCertificates();
        } catch (SSLPeerUnverifiedException e) {
            peer = null;
        }
        extra.put("peercert", peer);
        extra.put("cipher", session.getCipherSuite());
        extra.put("ssl_object", engine);
        if (loop.getDebug()) LOG.log(Level.DEBUG, this + ": SSL handshake done, " + session.getProtocol());
        if (appState == AppState.INIT) {
            appState = AppState.CON_MADE;
            try {
                appProtocol.connectionMade(appTransport);
            } catch (RuntimeException e) {
                fatalError(e, "Fatal error: protocol.connectionMade() call failed.", false);
                wakeUpWaiter(e);
                return;
            }
        }
        wakeUpWaiter(null);
        try {
            serviceHandshake(engine.getHandshakeStatus()); // a TLS 1.3 server's session tickets
        } catch (SSLException e) {
            fatalError(new SslError("TLS error: " + e.getMessage(), e), "Fatal error on SSL protocol", false);
            return;
        }
        doRead();
    }

    /** The unchecked error a handshake failure surfaces as. */
    private static RuntimeException handshakeError(Exception failure) {
        if (failure instanceof SSLException ssl) {
            CertificateException cert = find(ssl, CertificateException.class);
            if (cert != null) {
                return new SslCertVerificationError("certificate verify failed: " + cert.getMessage(), ssl);
            }
            return new SslError("SSL handshake failed: " + ssl.getMessage(), ssl);
        }
        return failure instanceof RuntimeException re ? re : new SslError("SSL handshake failed: " + failure,
                new SSLHandshakeException(String.valueOf(failure.getMessage())));
    }

    private static <T extends Throwable> T find(Throwable t, Class<T> type) {
        for (int i = 0; t != null && i < 16; t = t.getCause(), i++) {
            if (type.isInstance(t)) return type.cast(t);
        }
        return null;
    }

    private void runDelegatedTasks() {
        Runnable task;
        while ((task = engine.getDelegatedTask()) != null) task.run();
    }

    // =================================================================== reading

    /** Whether plaintext may go to the user's protocol now. */
    private boolean readable() {
        return (state == State.WRAPPED || state == State.FLUSHING) && !appReadingPaused;
    }

    private void doRead() {
        if (reading || (state != State.WRAPPED && state != State.FLUSHING)) return;
        reading = true;
        try {
            while (readable()) {
                if (appIn.position() > 0) {
                    deliver();
                    continue;
                }
                if (closeNotifyReceived) break;
                Status st = unwrapAvailable();
                if (st == Status.CLOSED) {
                    closeNotifyReceived = true;
                } else if (appIn.position() == 0) {
                    break; // nothing decrypted: wait for more bytes
                }
            }
        } catch (SSLException e) {
            fatalError(new SslError("TLS error: " + e.getMessage(), e), "Fatal error on SSL protocol", false);
            return;
        } catch (RuntimeException e) {
            fatalError(e, "Fatal error: protocol.dataReceived() call failed.", false);
            return;
        } finally {
            reading = false;
        }
        if (closeNotifyReceived && appIn.position() == 0 && readable()) {
            callEofReceived();
            startShutdown();
            return;
        }
        if (state == State.WRAPPED && !backlog.isEmpty()) doWrite(false);
        controlSslReading();
    }

    /**
     * Decrypts the records in {@link #netIn} into {@link #appIn} while both allow, answering
     * post-handshake messages on the way. Returns CLOSED at the peer's close_notify,
     * BUFFER_OVERFLOW when {@link #appIn} must be delivered first, else BUFFER_UNDERFLOW.
     */
    private Status unwrapAvailable() throws SSLException {
        netIn.flip();
        try {
            while (true) {
                SSLEngineResult r = engine.unwrap(netIn, appIn);
                serviceHandshake(r.getHandshakeStatus());
                switch (r.getStatus()) {
                    case CLOSED -> {
                        return Status.CLOSED;
                    }
                    case BUFFER_OVERFLOW -> {
                        if (appIn.position() > 0 && appIn.capacity() >= MAX_DELIVERY) return Status.BUFFER_OVERFLOW;
                        growAppIn();
                    }
                    case BUFFER_UNDERFLOW -> {
                        packetSize = engine.getSession().getPacketBufferSize();
                        return Status.BUFFER_UNDERFLOW;
                    }
                    case OK -> {
                        if (!netIn.hasRemaining()) return Status.BUFFER_UNDERFLOW;
                        if (r.bytesConsumed() == 0 && r.bytesProduced() == 0
                                && engine.getHandshakeStatus() != HandshakeStatus.NEED_UNWRAP) {
                            return Status.BUFFER_UNDERFLOW; // the engine waits for something else
                        }
                    }
                }
            }
        } finally {
            netIn.compact();
        }
    }

    /** Runs delegated tasks and sends handshake messages the engine has after the handshake (tickets, key updates). */
    private void serviceHandshake(HandshakeStatus hs) throws SSLException {
        while (true) {
            if (hs == HandshakeStatus.NEED_TASK) {
                runDelegatedTasks();
            } else if (hs == HandshakeStatus.NEED_WRAP) {
                SSLEngineResult r = wrapControl();
                if (r.bytesProduced() == 0 && r.getStatus() == Status.CLOSED) break;
            } else {
                break;
            }
            hs = engine.getHandshakeStatus();
        }
        flushNetOut();
    }

    /** Hands the decrypted bytes to the user's protocol; no buffer of ours is flipped during the call. */
    private void deliver() {
        if (appBuffered != null) {
            while (appIn.position() > 0 && readable()) {
                int available = appIn.position();
                ByteBuffer b = appBuffered.getBuffer(available);
                if (b == null || !b.hasRemaining()) throw new IllegalStateException("getBuffer() returned an empty buffer");
                int n = Math.min(b.remaining(), available);
                b.put(b.position(), appIn, 0, n);
                b.position(b.position() + n);
                appIn.flip().position(n);
                appIn.compact();
                appBuffered.bufferUpdated(n);
            }
        } else {
            byte[] data = new byte[appIn.position()];
            appIn.get(0, data);
            appIn.clear();
            appData.dataReceived(data);
        }
    }

    private void callEofReceived() {
        if (appState != AppState.CON_MADE) return;
        appState = AppState.EOF;
        try {
            boolean keepOpen = appData != null ? appData.eofReceived() : appBuffered.eofReceived();
            if (keepOpen) LOG.log(Level.WARNING, "returning true from eofReceived() has no effect when using ssl");
        } catch (RuntimeException e) {
            fatalError(e, "Error calling eof_received()", false);
        }
    }

    private void controlSslReading() {
        Transport t = transport;
        if (t == null || connLost > 0) return;
        int size = netIn.position() + appIn.position();
        if (size >= INCOMING_HIGH_WATER && !sslReadingPaused) {
            sslReadingPaused = true;
            t.pauseReading();
        } else if (size <= INCOMING_LOW_WATER && sslReadingPaused) {
            sslReadingPaused = false;
            t.resumeReading();
        }
    }

    void pauseReading() {
        appReadingPaused = true;
    }

    void resumeReading() {
        if (!appReadingPaused) return;
        appReadingPaused = false;
        loop.callSoon(() -> {
            switch (state) {
                case WRAPPED -> doRead();
                case FLUSHING -> doFlush();
                case SHUTDOWN -> doShutdown();
                default -> { }
            }
        });
    }

    boolean isReading() {
        return !appReadingPaused;
    }

    private void growAppIn() {
        int need = Math.max(engine.getSession().getApplicationBufferSize(), appIn.capacity() * 2);
        ByteBuffer bigger = ByteBuffer.allocate(need);
        appIn.flip();
        bigger.put(appIn);
        appIn = bigger;
    }

    // =================================================================== writing

    /** The user's protocol writes {@code data} (its remaining bytes; the buffer is not kept). */
    void write(ByteBuffer data) {
        if (!data.hasRemaining()) return;
        if (state == State.FLUSHING || state == State.SHUTDOWN || state == State.UNWRAPPED) {
            if (connLost >= SocketTransport.WARN_WRITES_AFTER_LOSS) LOG.log(Level.WARNING, "SSL connection is closed");
            connLost++;
            data.position(data.limit());
            return;
        }
        if (state == State.WRAPPED && backlog.isEmpty() && !sslWritingPaused) {
            try {
                wrapData(new ByteBuffer[] {data}, 1, false);
            } catch (SSLException e) {
                fatalError(new SslError("TLS error: " + e.getMessage(), e), "Fatal error on SSL protocol", false);
                return;
            }
        }
        if (data.hasRemaining()) {
            ByteBuffer copy = ByteBuffer.allocate(data.remaining());
            copy.put(data).flip();
            backlog.addLast(copy);
            backlogSize += copy.remaining();
        }
        controlAppWriting();
    }

    /** Encrypts the backlog into the raw transport; {@code force}: even if it asked us to pause. */
    private void doWrite(boolean force) {
        ByteBuffer[] srcs = new ByteBuffer[GATHER];
        try {
            while (!backlog.isEmpty() && (force || !sslWritingPaused)) {
                int n = 0;
                for (ByteBuffer b : backlog) {
                    srcs[n++] = b;
                    if (n == GATHER) break;
                }
                long consumed = wrapData(srcs, n, force);
                backlogSize -= consumed;
                while (!backlog.isEmpty() && !backlog.peekFirst().hasRemaining()) backlog.removeFirst();
                if (consumed == 0) break;
            }
        } catch (SSLException e) {
            fatalError(new SslError("TLS error: " + e.getMessage(), e), "Fatal error on SSL protocol", false);
            return;
        }
        controlAppWriting();
    }

    /**
     * Encrypts from {@code srcs[0..n)} and hands the records to the raw transport, until the
     * sources are empty, the raw transport pauses us (unless {@code force}), or the engine stops
     * taking data. Returns the plaintext bytes consumed.
     */
    private long wrapData(ByteBuffer[] srcs, int n, boolean force) throws SSLException {
        long consumed = 0;
        try {
            while (remaining(srcs, n) && (force || !sslWritingPaused)) {
                if (netOut.remaining() < packetSize) flushNetOut();
                SSLEngineResult r = engine.wrap(srcs, 0, n, netOut);
                consumed += r.bytesConsumed();
                if (r.getHandshakeStatus() == HandshakeStatus.NEED_TASK) runDelegatedTasks();
                Status st = r.getStatus();
                if (st == Status.BUFFER_OVERFLOW) {
                    if (netOut.position() == 0) growNetOut();
                    flushNetOut();
                } else if (st == Status.CLOSED || (r.bytesConsumed() == 0 && r.bytesProduced() == 0)) {
                    break; // outbound closed, or a renegotiation must finish first
                }
            }
        } finally {
            flushNetOut();
        }
        return consumed;
    }

    private static boolean remaining(ByteBuffer[] srcs, int n) {
        for (int i = 0; i < n; i++) {
            if (srcs[i].hasRemaining()) return true;
        }
        return false;
    }

    /** One wrap of handshake or alert bytes (no application data) into {@link #netOut}. */
    private SSLEngineResult wrapControl() throws SSLException {
        while (true) {
            if (netOut.remaining() < packetSize) flushNetOut();
            SSLEngineResult r = engine.wrap(EMPTY, netOut);
            if (r.getStatus() != Status.BUFFER_OVERFLOW) return r;
            if (netOut.position() == 0) growNetOut();
            flushNetOut();
        }
    }

    private void growNetOut() {
        packetSize = Math.max(packetSize, engine.getSession().getPacketBufferSize());
        if (netOut.capacity() < packetSize * RECORDS_PER_WRITE) netOut = ByteBuffer.allocate(packetSize * RECORDS_PER_WRITE);
    }

    /** Hands the records in {@link #netOut} to the raw transport (which copies what it cannot send). */
    private void flushNetOut() {
        if (netOut.position() == 0) return;
        netOut.flip();
        Transport t = transport;
        if (t != null && connLost == 0) t.write(netOut);
        netOut.clear();
    }

    private void controlAppWriting() {
        if (backlogSize > highWater && !appWritingPaused) {
            appWritingPaused = true;
            try {
                appProtocol.pauseWriting();
            } catch (RuntimeException e) {
                loop.callExceptionHandler(ExceptionContext.of("protocol.pauseWriting() failed", e));
            }
        } else if (backlogSize <= lowWater && appWritingPaused) {
            appWritingPaused = false;
            try {
                appProtocol.resumeWriting();
            } catch (RuntimeException e) {
                loop.callExceptionHandler(ExceptionContext.of("protocol.resumeWriting() failed", e));
            }
        }
    }

    void setWriteBufferLimits(int high, int low) {
        if (!(high >= low && low >= 0)) {
            throw new IllegalArgumentException("high (" + high + ") must be >= low (" + low + ") must be >= 0");
        }
        highWater = high;
        lowWater = low;
        controlAppWriting();
    }

    int[] writeBufferLimits() {
        return new int[] {lowWater, highWater};
    }

    /**
     * Plaintext not yet encrypted (asyncio's measure): the records handed to the raw transport
     * count in its own buffer, whose pause stops encryption here.
     */
    int writeBufferSize() {
        return (int) Math.min(Integer.MAX_VALUE, backlogSize);
    }

    // =================================================================== closing

    /** The user closed the transport: flush, send close_notify, wait for the peer's, close. */
    void startShutdown() {
        if (state == State.FLUSHING || state == State.SHUTDOWN || state == State.UNWRAPPED) return;
        appTransport.markClosed();
        if (state == State.DO_HANDSHAKE) {
            abort();
            return;
        }
        state = State.FLUSHING;
        double seconds = options.shutdownTimeout().toNanos() / 1e9;
        shutdownTimer = loop.callLater(seconds, this::checkShutdownTimeout);
        doFlush();
    }

    private void checkShutdownTimeout() {
        if (state != State.FLUSHING && state != State.SHUTDOWN) return;
        if (pendingError == null) pendingError = new jasyncio.TimeoutError("SSL shutdown timed out");
        Transport t = transport;
        if (t != null) t.abort();
    }

    private void doFlush() {
        doRead();
        if (state != State.FLUSHING) return;
        if (eofReceived && appReadingPaused) return; // the peer's last data first: resumeReading comes back here
        state = State.SHUTDOWN;
        doShutdown();
    }

    private void doShutdown() {
        if (state != State.SHUTDOWN) return;
        try {
            if (!eofReceived) {
                if (!engine.isOutboundDone()) {
                    doWrite(true);
                    engine.closeOutbound();
                    serviceHandshake(HandshakeStatus.NEED_WRAP); // the close_notify
                }
                if (!engine.isInboundDone() && !discardUntilCloseNotify()) {
                    controlSslReading(); // nothing is kept now: let the close_notify in
                    return;
                }
            }
        } catch (SSLException e) {
            onShutdownComplete(new SslError("TLS error while closing: " + e.getMessage(), e));
            return;
        }
        callEofReceived();
        onShutdownComplete(null);
    }

    /** Reads and drops what the peer still sends; true once its close_notify came. */
    private boolean discardUntilCloseNotify() throws SSLException {
        while (true) {
            appIn.clear();
            Status st = unwrapAvailable();
            if (st == Status.CLOSED || engine.isInboundDone()) {
                appIn.clear();
                return true;
            }
            if (st == Status.BUFFER_UNDERFLOW) {
                appIn.clear();
                return false;
            }
        }
    }

    private void onShutdownComplete(RuntimeException error) {
        cancelShutdownTimer();
        if (error != null) {
            fatalError(error, "Fatal error on SSL protocol", false);
        } else {
            Transport t = transport;
            if (t != null) loop.callSoon(t::close);
        }
    }

    /** The user aborted: drop everything, close the raw transport now. */
    void abort() {
        appTransport.markClosed();
        state = State.UNWRAPPED;
        Transport t = transport;
        if (t != null) t.abort();
    }

    /**
     * Ends the connection because of {@code error}: the user's protocol loses it with that
     * error. Network and TLS errors are normal events (logged in debug mode); anything else is
     * a bug somewhere and goes to the loop's exception handler. {@code flush}: close the raw
     * transport after what it buffered (a handshake alert) instead of dropping it.
     */
    private void fatalError(Exception error, String message, boolean flush) {
        if (pendingError == null) pendingError = error;
        Transport t = transport;
        if (t != null) {
            if (flush) {
                t.close();
            } else {
                t.abort();
            }
        }
        if (error instanceof UncheckedIOException || error instanceof ConnectionError
                || error instanceof jasyncio.TimeoutError) {
            if (loop.getDebug()) LOG.log(Level.DEBUG, this + ": " + message, error);
        } else if (!(error instanceof CancelledError)) {
            loop.callExceptionHandler(ExceptionContext.of(message + "\nprotocol: " + this, error));
        }
    }

    private void wakeUpWaiter(Exception error) {
        Future<Void> w = waiter;
        if (w == null) return;
        waiter = null;
        if (w.isDone()) return;
        if (error != null) {
            w.setException(error);
        } else {
            w.setResult(null);
        }
    }

    private void cancelHandshakeTimer() {
        if (handshakeTimer != null) {
            handshakeTimer.cancel();
            handshakeTimer = null;
        }
    }

    private void cancelShutdownTimer() {
        if (shutdownTimer != null) {
            shutdownTimer.cancel();
            shutdownTimer = null;
        }
    }

    private void cancelTimers() {
        cancelHandshakeTimer();
        cancelShutdownTimer();
    }

    @Override
    public String toString() {
        return "<SslProtocol " + (engine.getUseClientMode() ? "client" : "server") + " " + state
                + (transport != null ? " over " + transport : "") + ">";
    }
}
