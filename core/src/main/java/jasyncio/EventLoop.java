package jasyncio;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.function.Supplier;

import jasyncio.net.BaseProtocol;
import jasyncio.net.Connection;
import jasyncio.net.ConnectionOptions;
import jasyncio.net.NameInfo;
import jasyncio.net.Server;
import jasyncio.net.ServerOptions;

/**
 * An event loop: one platform thread that runs callbacks and the steps of its tasks one at a
 * time ({@code asyncio.AbstractEventLoop}).
 *
 * <p>Each {@link Task} is a virtual thread whose scheduler is its loop, so a task holds the
 * loop only until it suspends. Ready callbacks and task resumptions share one FIFO queue; each
 * loop iteration runs the callbacks that were ready when it began, then fires due timers.
 *
 * <p>Thread-safety: {@link #callSoon}, {@link #callSoonThreadsafe}, {@link #stop()},
 * {@link #time()}, {@link #isRunning()}, {@link #isClosed()} and {@link #createFuture()} may be
 * called from any thread. The others belong to the loop's own thread and tasks, or to the thread
 * that owns a loop which is not running. Create loops with {@link Asyncio#newEventLoop()};
 * close them with {@link #close()} (or try-with-resources).
 *
 * <pre>
 *  state:   new ──runForever/runUntilComplete──▶ running ──stop/done──▶ stopped ──close──▶ closed
 *                       ▲                                                  │
 *                       └──────────────────────────────────────────────────┘
 * </pre>
 */
public interface EventLoop extends Executor, AutoCloseable {

    // ---- running and stopping ----

    /**
     * Runs the loop until {@code future} is done and returns its result (rethrowing its
     * exception). Blocks the calling thread, which becomes the loop thread meanwhile.
     *
     * @throws IllegalStateException if the loop is closed or already running, or if it stopped
     *                               before the future completed
     */
    <T> T runUntilComplete(Future<T> future);

    /** Wraps {@code coro} in a task and runs the loop until it is done; returns its value. */
    default <T> T runUntilComplete(Coroutine<T> coro) {
        return runUntilComplete(createTask(coro));
    }

    /** Wraps {@code coro} in a task and runs the loop until it is done. */
    default void runUntilComplete(VoidCoroutine coro) {
        runUntilComplete(createTask(coro.asCoroutine()));
    }

    /** Runs the loop until {@link #stop()} is called. Blocks the calling thread. */
    void runForever();

    /**
     * Asks the running loop to stop after the current iteration. If called before
     * {@link #runForever()}, the next run does one iteration and stops.
     */
    void stop();

    /** Whether the loop is running now. */
    boolean isRunning();

    /** Whether {@link #close()} has completed. */
    boolean isClosed();

    /**
     * Closes the loop: cancels every live task and runs the loop until all of them have
     * finished their cleanup, shuts the default executor down (without waiting) and releases
     * the selector. Idempotent.
     *
     * @throws IllegalStateException if the loop is running
     */
    @Override
    void close();

    // ---- time and callbacks ----

    /** The loop's monotonic clock, in seconds. */
    double time();

    /** Schedules {@code callback} to run on the loop, after the callbacks already scheduled. */
    Handle callSoon(Runnable callback);

    /** Like {@link #callSoon}: kept for asyncio's name; every {@code callSoon} is thread-safe here. */
    default Handle callSoonThreadsafe(Runnable callback) {
        return callSoon(callback);
    }

    /** Schedules {@code callback} to run {@code delay} seconds from now. */
    TimerHandle callLater(double delay, Runnable callback);

    /** Schedules {@code callback} to run after {@code delay}. */
    default TimerHandle callLater(Duration delay, Runnable callback) {
        return callLater(Asyncio.seconds(delay), callback);
    }

    /** Schedules {@code callback} to run at loop time {@code when} (see {@link #time()}). */
    TimerHandle callAt(double when, Runnable callback);

    /** Equivalent to {@link #callSoon}: lets the loop serve as a plain {@link Executor}. */
    @Override
    default void execute(Runnable command) {
        callSoon(command);
    }

    // ---- futures and tasks ----

    /** A new pending future whose callbacks run on this loop. */
    <T> Future<T> createFuture();

    /** Schedules {@code coro} as a new task with a generated name ({@code Task-N}). */
    default <T> Task<T> createTask(Coroutine<T> coro) {
        return createTask(coro, null);
    }

    /** Schedules {@code coro} as a new task named {@code name} (a generated name if null). */
    <T> Task<T> createTask(Coroutine<T> coro, String name);

    /** Schedules a coroutine without a value as a new task. */
    default Task<Void> createTask(VoidCoroutine coro) {
        return createTask(coro.asCoroutine(), null);
    }

    /** Schedules a coroutine without a value as a new task named {@code name}. */
    default Task<Void> createTask(VoidCoroutine coro, String name) {
        return createTask(coro.asCoroutine(), name);
    }

    /** Sets the factory {@link #createTask} uses; null restores the default. */
    void setTaskFactory(TaskFactory factory);

    /** The factory set by {@link #setTaskFactory}, or null for the default. */
    TaskFactory getTaskFactory();

    // ---- executors ----

    /**
     * Runs {@code fn} on {@code executor} (the loop's default thread pool if null) and returns a
     * future of this loop for its result. Cancelling the future keeps {@code fn} from starting
     * if it has not started yet.
     */
    <T> Future<T> runInExecutor(Executor executor, Coroutine<T> fn);

    /** Replaces the default executor used by {@code runInExecutor(null, …)} and {@code toThread}. */
    void setDefaultExecutor(Executor executor);

    /**
     * Shuts the default executor down and waits until its threads have finished their work.
     * Suspends the calling task; from a plain thread it blocks. Afterwards
     * {@code runInExecutor(null, …)} throws {@link IllegalStateException}.
     */
    void shutdownDefaultExecutor();

    /**
     * Closes every async generator first iterated on this loop that is still open
     * ({@code loop.shutdown_asyncgens()}): each gets {@code aclose()}, all concurrently; an error
     * one raises goes to the exception handler ("an error occurred during closing of asynchronous
     * generator ..."), and a generator first iterated afterwards is reported. Suspends the calling
     * task, which must be one of this loop's; from a thread while the loop is not running, it runs
     * the loop until done. {@link Runner#close()} calls it before closing the loop.
     *
     * @throws IllegalStateException if called from elsewhere while the loop runs
     */
    default void shutdownAsyncgens() {
        jasyncio.internal.AsyncGenRegistry.shutdown(this);
    }

    // ---- watching channels ----

    /**
     * Calls {@code callback} on the loop each time {@code channel} is ready to read (or, for a
     * server channel, to accept), until {@link #removeReader} ({@code loop.add_reader}). Puts the
     * channel in non-blocking mode. Replaces an earlier reader of the same channel. Call from the
     * loop's thread or its tasks, or while the loop is not running.
     */
    void addReader(java.nio.channels.SelectableChannel channel, Runnable callback);

    /** Stops watching {@code channel} for reading; returns whether a reader was registered. */
    boolean removeReader(java.nio.channels.SelectableChannel channel);

    /**
     * Calls {@code callback} on the loop each time {@code channel} is ready to write (or, for a
     * connecting socket, to finish connecting), until {@link #removeWriter} ({@code loop.add_writer}).
     */
    void addWriter(java.nio.channels.SelectableChannel channel, Runnable callback);

    /** Stops watching {@code channel} for writing; returns whether a writer was registered. */
    boolean removeWriter(java.nio.channels.SelectableChannel channel);

    // ---- networking: connections, servers, sockets, names ----
    //
    // Every method here suspends the calling task, so call them from a task of this loop
    // (Asyncio.run, loop.createTask); from another thread use Asyncio.runCoroutineThreadsafe.
    // Errors are unchecked, as everywhere in jasyncio: ConnectionRefusedError and the other
    // jasyncio.net.ConnectionError kinds, TimeoutError for a connect timeout, and
    // UncheckedIOException (the JDK's IOException as cause) for the rest, such as an unknown host.

    /**
     * Opens a TCP connection to {@code host:port} and returns its transport and protocol, the
     * protocol already told {@code connectionMade} ({@code loop.create_connection}). The host is
     * resolved on the default executor (address literals need no look-up); its addresses are
     * tried in order until one connects. A suspension point; cancelling the task closes the
     * socket it opened.
     *
     * @param protocolFactory makes the connection's {@link jasyncio.net.Protocol} or
     *                        {@link jasyncio.net.BufferedProtocol}
     * @throws jasyncio.net.ConnectionRefusedError if every address refused, naming {@code host:port}
     * @throws java.io.UncheckedIOException        if the host has no address, or the connection
     *                                             failed otherwise (e.g. no route)
     */
    default <P extends BaseProtocol> Connection<P> createConnection(Supplier<P> protocolFactory, String host, int port) {
        return createConnection(protocolFactory, host, port, ConnectionOptions.DEFAULTS);
    }

    /**
     * {@link #createConnection(Supplier, String, int)} with {@code options}: a local address,
     * a connect timeout per address ({@link TimeoutError} when it runs out), an address family.
     */
    <P extends BaseProtocol> Connection<P> createConnection(Supplier<P> protocolFactory, String host, int port,
                                                           ConnectionOptions options);

    /** Connects to the Unix domain socket at {@code path} ({@code loop.create_unix_connection}). */
    <P extends BaseProtocol> Connection<P> createUnixConnection(Supplier<P> protocolFactory, UnixDomainSocketAddress path);

    /** Connects to the Unix domain socket file {@code path}. */
    default <P extends BaseProtocol> Connection<P> createUnixConnection(Supplier<P> protocolFactory, String path) {
        return createUnixConnection(protocolFactory, UnixDomainSocketAddress.of(path));
    }

    /**
     * Wraps a socket connected elsewhere (accepted by hand, say) in a transport and protocol
     * ({@code loop.connect_accepted_socket}); the transport owns the socket from now on.
     */
    <P extends BaseProtocol> Connection<P> connectAcceptedSocket(Supplier<P> protocolFactory, SocketChannel socket);

    /**
     * Listens on {@code host:port} and serves each accepted connection with a new protocol from
     * {@code protocolFactory} ({@code loop.create_server}). One socket is bound per address of
     * {@code host}; a null or empty host means every interface. Port 0 picks a free port:
     * {@link Server#sockets()} tells which. A suspension point.
     *
     * @throws java.io.UncheckedIOException if an address cannot be bound ("error while attempting
     *                                      to bind on address …"); nothing stays open then
     */
    default Server createServer(Supplier<? extends BaseProtocol> protocolFactory, String host, int port) {
        return createServer(protocolFactory, host, port, ServerOptions.DEFAULTS);
    }

    /** {@link #createServer(Supplier, String, int)} with {@code options} (backlog, reuse flags, start serving). */
    Server createServer(Supplier<? extends BaseProtocol> protocolFactory, String host, int port, ServerOptions options);

    /**
     * Listens on the Unix domain socket {@code path} ({@code loop.create_unix_server}). A stale
     * socket file there is replaced; the file is removed when the server closes.
     */
    Server createUnixServer(Supplier<? extends BaseProtocol> protocolFactory, UnixDomainSocketAddress path,
                            ServerOptions options);

    /** {@link #createUnixServer(Supplier, UnixDomainSocketAddress, ServerOptions)} with the default options. */
    default Server createUnixServer(Supplier<? extends BaseProtocol> protocolFactory, UnixDomainSocketAddress path) {
        return createUnixServer(protocolFactory, path, ServerOptions.DEFAULTS);
    }

    /** Listens on the Unix domain socket file {@code path} with the default options. */
    default Server createUnixServer(Supplier<? extends BaseProtocol> protocolFactory, String path) {
        return createUnixServer(protocolFactory, UnixDomainSocketAddress.of(path), ServerOptions.DEFAULTS);
    }

    /**
     * Upgrades the live connection of {@code transport} to TLS ({@code loop.start_tls}) and
     * returns the transport to use from now on; {@code transport} must not be used any more.
     * {@code protocol} (already connected: it is not told connectionMade again) receives the
     * plaintext. Waits for the handshake: a suspension point; on failure or cancellation the
     * connection is closed. A client checks the server's certificate against
     * {@link jasyncio.net.TlsOptions#serverHostname()} unless the options turn that off.
     *
     * @param serverSide whether this end is the TLS server (it presents the certificate)
     * @throws jasyncio.net.SslError               if the handshake fails
     *                                             ({@link jasyncio.net.SslCertVerificationError} for a refused certificate)
     * @throws jasyncio.net.ConnectionAbortedError if the handshake takes longer than its timeout
     * @throws IllegalArgumentException            for a client asked to check a host name it was not given
     */
    default jasyncio.net.Transport startTls(jasyncio.net.Transport transport, BaseProtocol protocol,
                                            jasyncio.net.TlsOptions tls, boolean serverSide) {
        return jasyncio.internal.net.Tls.startTls(this, transport, protocol, tls, serverSide);
    }

    /**
     * {@link #startTls(jasyncio.net.Transport, BaseProtocol, jasyncio.net.TlsOptions, boolean)} in
     * asyncio's words: {@code loop.start_tls(transport, protocol, sslcontext, server_side=...,
     * server_hostname=...)}.
     */
    default jasyncio.net.Transport startTls(jasyncio.net.Transport transport, BaseProtocol protocol,
                                            javax.net.ssl.SSLContext sslContext, boolean serverSide,
                                            String serverHostname) {
        return startTls(transport, protocol, jasyncio.net.TlsOptions.of(sslContext).withServerHostname(serverHostname),
                serverSide);
    }

    /**
     * The addresses of {@code host} with {@code port}, in the resolver's order
     * ({@code loop.getaddrinfo}). Runs on the default executor, never on the loop thread; a
     * suspension point.
     */
    List<InetSocketAddress> getaddrinfo(String host, int port);

    /** The host name and port of {@code address} ({@code loop.getnameinfo}), on the default executor. */
    NameInfo getnameinfo(InetSocketAddress address);

    /** Connects {@code sock} to {@code address} ({@code loop.sock_connect}); a suspension point. */
    void sockConnect(SocketChannel sock, SocketAddress address);

    /** Accepts a connection on {@code sock} ({@code loop.sock_accept}); the new channel is non-blocking. */
    SocketChannel sockAccept(ServerSocketChannel sock);

    /** Receives up to {@code nbytes} bytes ({@code loop.sock_recv}); an empty array at EOF. */
    byte[] sockRecv(SocketChannel sock, int nbytes);

    /**
     * Receives into {@code buf} at its position ({@code loop.sock_recv_into}).
     *
     * @return the number of bytes read, -1 at EOF (the JDK's convention; asyncio returns 0)
     */
    int sockRecvInto(SocketChannel sock, ByteBuffer buf);

    /** Sends every remaining byte of {@code data} ({@code loop.sock_sendall}); its position moves to its limit. */
    void sockSendall(SocketChannel sock, ByteBuffer data);

    /** Sends all of {@code data} ({@code loop.sock_sendall}). */
    default void sockSendall(SocketChannel sock, byte[] data) {
        sockSendall(sock, ByteBuffer.wrap(data));
    }

    /**
     * Sends {@code count} bytes of {@code file} from {@code offset} (to its end if
     * {@code count < 0}) with the kernel's sendfile ({@code loop.sock_sendfile}); the file's
     * position ends after the last byte sent. Returns how many bytes were sent.
     */
    long sockSendfile(SocketChannel sock, FileChannel file, long offset, long count);

    /** Sends the whole of {@code file}. */
    default long sockSendfile(SocketChannel sock, FileChannel file) {
        return sockSendfile(sock, file, 0, -1);
    }

    // ---- datagrams ----

    /**
     * Opens a UDP endpoint and returns its transport and protocol, the protocol already told
     * {@code connectionMade} ({@code loop.create_datagram_endpoint}). With {@code localAddr} the
     * socket is bound there (port 0 picks a free port: the transport's {@code "sockname"} tells
     * which); with {@code remoteAddr} it is connected to it, so it receives only from that peer,
     * {@link jasyncio.net.DatagramTransport#sendto} needs no address, and an ICMP "port
     * unreachable" reaches {@link jasyncio.net.DatagramProtocol#errorReceived}. Unresolved
     * addresses are resolved on the default executor; their addresses are paired by family and
     * the first pair that can be bound is used. A suspension point; cancelling the task closes
     * the socket it opened.
     *
     * @param localAddr  where to bind, or null
     * @param remoteAddr the peer, or null
     * @throws IllegalArgumentException     if both addresses are null and no family is given, or
     *                                      they have no family in common
     * @throws java.io.UncheckedIOException if the socket cannot be bound ("error while attempting
     *                                      to bind on address …") or opened
     */
    default <P extends jasyncio.net.DatagramProtocol> jasyncio.net.DatagramEndpoint<P> createDatagramEndpoint(
            Supplier<P> protocolFactory, InetSocketAddress localAddr, InetSocketAddress remoteAddr) {
        return createDatagramEndpoint(protocolFactory, localAddr, remoteAddr, jasyncio.net.DatagramOptions.DEFAULTS);
    }

    /**
     * {@link #createDatagramEndpoint(Supplier, InetSocketAddress, InetSocketAddress)} with
     * {@code options}: an address family, {@code SO_REUSEPORT}, {@code SO_BROADCAST}.
     */
    default <P extends jasyncio.net.DatagramProtocol> jasyncio.net.DatagramEndpoint<P> createDatagramEndpoint(
            Supplier<P> protocolFactory, InetSocketAddress localAddr, InetSocketAddress remoteAddr,
            jasyncio.net.DatagramOptions options) {
        return jasyncio.internal.net.Datagrams.create(this, protocolFactory, localAddr, remoteAddr, options);
    }

    /**
     * A UDP endpoint over {@code channel}, opened (and bound, perhaps connected) elsewhere
     * ({@code create_datagram_endpoint(sock=...)}); the transport owns the channel from now on.
     */
    default <P extends jasyncio.net.DatagramProtocol> jasyncio.net.DatagramEndpoint<P> createDatagramEndpoint(
            Supplier<P> protocolFactory, java.nio.channels.DatagramChannel channel) {
        return jasyncio.internal.net.Datagrams.create(this, protocolFactory, channel);
    }

    // ---- subprocesses ----

    /**
     * Starts {@code command} (the program, then its arguments) with every standard stream a pipe
     * and returns its transport and protocol, the protocol already told {@code connectionMade}
     * ({@code loop.subprocess_exec}). Most code wants {@link Asyncio#createSubprocessExec}
     * instead, which gives the pipes as streams. A suspension point; a cancellation while
     * starting kills the child.
     *
     * @throws java.io.UncheckedIOException if the program cannot be started
     */
    default <P extends jasyncio.net.SubprocessProtocol> jasyncio.net.SubprocessConnection<P> subprocessExec(
            Supplier<P> protocolFactory, List<String> command) {
        return subprocessExec(protocolFactory, command, jasyncio.net.SubprocessOptions.PIPES);
    }

    /** {@link #subprocessExec(Supplier, List)} with {@code options}: where each stream goes, working directory, environment. */
    default <P extends jasyncio.net.SubprocessProtocol> jasyncio.net.SubprocessConnection<P> subprocessExec(
            Supplier<P> protocolFactory, List<String> command, jasyncio.net.SubprocessOptions options) {
        return jasyncio.internal.net.ProcessTransport.spawn(this, protocolFactory, command, options);
    }

    /** Runs {@code cmd} through the platform's shell ({@code loop.subprocess_shell}): {@code /bin/sh -c cmd} on POSIX. */
    default <P extends jasyncio.net.SubprocessProtocol> jasyncio.net.SubprocessConnection<P> subprocessShell(
            Supplier<P> protocolFactory, String cmd) {
        return subprocessShell(protocolFactory, cmd, jasyncio.net.SubprocessOptions.PIPES);
    }

    /** {@link #subprocessShell(Supplier, String)} with {@code options}. */
    default <P extends jasyncio.net.SubprocessProtocol> jasyncio.net.SubprocessConnection<P> subprocessShell(
            Supplier<P> protocolFactory, String cmd, jasyncio.net.SubprocessOptions options) {
        return jasyncio.internal.net.ProcessTransport.shell(this, protocolFactory, cmd, options);
    }

    // ---- signals ----

    /**
     * Runs {@code callback} on this loop each time signal {@code signal} ("TERM" or "SIGTERM",
     * "USR1", "HUP", "INT"…) reaches the JVM ({@code loop.add_signal_handler}); replaces an
     * earlier handler of that signal. Signals are process-wide: the last loop to add a handler
     * for a signal gets it. Any thread may call this; the callback runs on the loop thread.
     * Built on {@code sun.misc.Signal} (module {@code jdk.unsupported}), the JDK's only signal API.
     *
     * @throws IllegalArgumentException if there is no such signal or it cannot be caught (KILL,
     *                                  STOP, and QUIT, which the JVM keeps for thread dumps)
     * @throws IllegalStateException    if the loop is closed
     */
    default void addSignalHandler(String signal, Runnable callback) {
        jasyncio.internal.SignalHandlers.add(jasyncio.internal.SelectorLoop.of(this), signal, callback);
    }

    /**
     * Removes this loop's handler of {@code signal} and puts back the handler from before (the
     * JVM's own for INT, TERM and HUP: exit) ({@code loop.remove_signal_handler}). Closing the
     * loop removes all of its handlers.
     *
     * @return whether this loop had a handler for it
     * @throws IllegalArgumentException if there is no such signal
     */
    default boolean removeSignalHandler(String signal) {
        return jasyncio.internal.SignalHandlers.remove(jasyncio.internal.SelectorLoop.of(this), signal);
    }

    // ---- errors and debugging ----

    /** Sets the handler for errors nobody could handle; null restores the default. */
    void setExceptionHandler(ExceptionHandler handler);

    /** The handler set by {@link #setExceptionHandler}, or null for the default. */
    ExceptionHandler getExceptionHandler();

    /** Passes {@code context} to the exception handler (the default one if none is set). */
    void callExceptionHandler(ExceptionContext context);

    /** The default handler's action: logs the context through {@link System.Logger} "jasyncio". */
    void defaultExceptionHandler(ExceptionContext context);

    /** Turns debug mode on or off (slow-step reports, un-awaited failures, swallowed cancels). */
    void setDebug(boolean enabled);

    /** Whether debug mode is on. */
    boolean getDebug();

    /** In debug mode, a callback or task step that holds the loop longer than this is reported. */
    Duration getSlowCallbackDuration();

    /** Sets the threshold of slow-step reports; default 100 ms. */
    void setSlowCallbackDuration(Duration duration);
}
