package jasyncio.internal.net;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.SelectableChannel;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.Arrays;

import jasyncio.Future;
import jasyncio.Task;
import jasyncio.TimerHandle;
import jasyncio.internal.SelectorLoop;

/**
 * The low-level socket operations of the loop ({@code loop.sock_recv} and friends): each tries
 * the non-blocking call first and, if the channel is not ready, suspends the calling task until
 * the loop's selector reports it ready ({@code addReader}/{@code addWriter}), then tries again.
 * The I/O itself happens in the task, so its exceptions carry the task's stack; they are
 * unchecked, as {@link NetErrors} maps them. Every operation is a suspension point and a
 * cancellation point; a cancelled one has transferred nothing more.
 */
public final class SockOps {
    private SockOps() {}

    /**
     * Refuses a call that cannot suspend: these operations need a task of {@code loop}.
     */
    static void requireTask(SelectorLoop loop, String what) {
        Task<?> t = Task.current();
        if (t == null || t.getLoop() != loop) {
            throw new IllegalStateException(what + " suspends until the socket is ready, so it must be called from a task"
                    + " of this loop (loop.createTask(...) or Asyncio.run(...)); from another thread use"
                    + " Asyncio.runCoroutineThreadsafe(...)");
        }
    }

    /**
     * Suspends until {@code ch} is ready to read (or accept) or, with {@code write}, to write (or
     * finish connecting); returns false if {@code timeoutSeconds} (0: none) passed first.
     */
    static boolean waitReady(SelectorLoop loop, SelectableChannel ch, boolean write, double timeoutSeconds) {
        Future<Boolean> ready = loop.createFuture();
        Runnable onReady = () -> {
            if (!ready.isDone()) ready.setResult(Boolean.TRUE);
        };
        if (write) {
            loop.addWriter(ch, onReady);
        } else {
            loop.addReader(ch, onReady);
        }
        TimerHandle timer = timeoutSeconds > 0 ? loop.callLater(timeoutSeconds, () -> {
            if (!ready.isDone()) ready.setResult(Boolean.FALSE);
        }) : null;
        try {
            return ready.await();
        } finally {
            if (timer != null) timer.cancel();
            if (write) {
                loop.removeWriter(ch);
            } else {
                loop.removeReader(ch);
            }
        }
    }

    public static int recvInto(SelectorLoop loop, SocketChannel ch, ByteBuffer buf) {
        requireTask(loop, "sockRecvInto");
        try {
            ch.configureBlocking(false);
            while (true) {
                int n = ch.read(buf);
                if (n != 0 || !buf.hasRemaining()) return n;
                waitReady(loop, ch, false, 0);
            }
        } catch (IOException e) {
            throw NetErrors.unchecked(e);
        }
    }

    public static byte[] recv(SelectorLoop loop, SocketChannel ch, int nbytes) {
        if (nbytes < 0) throw new IllegalArgumentException("nbytes must be >= 0, got " + nbytes);
        requireTask(loop, "sockRecv");
        if (nbytes == 0) return new byte[0];
        ByteBuffer buf = ByteBuffer.allocate(nbytes);
        int n = recvInto(loop, ch, buf);
        return n <= 0 ? new byte[0] : Arrays.copyOf(buf.array(), n);
    }

    public static void sendall(SelectorLoop loop, SocketChannel ch, ByteBuffer data) {
        requireTask(loop, "sockSendall");
        try {
            ch.configureBlocking(false);
            while (true) {
                ch.write(data);
                if (!data.hasRemaining()) return;
                waitReady(loop, ch, true, 0);
            }
        } catch (IOException e) {
            throw NetErrors.unchecked(e);
        }
    }

    public static SocketChannel accept(SelectorLoop loop, ServerSocketChannel server) {
        requireTask(loop, "sockAccept");
        try {
            server.configureBlocking(false);
            while (true) {
                SocketChannel c = server.accept();
                if (c != null) {
                    c.configureBlocking(false);
                    return c;
                }
                waitReady(loop, server, false, 0);
            }
        } catch (IOException e) {
            throw NetErrors.unchecked(e);
        }
    }

    /** {@code loop.sock_connect}: an unresolved address is resolved first (its first address). */
    public static void connect(SelectorLoop loop, SocketChannel ch, SocketAddress address) {
        requireTask(loop, "sockConnect");
        if (address instanceof InetSocketAddress i && i.isUnresolved()) {
            address = Resolver.resolve(loop, i, null).get(0);
        }
        connect(loop, ch, address, NetErrors.format(address), 0);
    }

    /**
     * Connects {@code ch} to {@code address}, suspending until done; errors name {@code target}.
     *
     * @param timeoutSeconds 0 for no timeout
     */
    static void connect(SelectorLoop loop, SocketChannel ch, SocketAddress address, String target,
                        double timeoutSeconds) {
        try {
            ch.configureBlocking(false);
            if (ch.connect(address)) return;
            // In progress: wait for the selector before looking, as asyncio does, even where the
            // handshake is already done (loopback): the loop iteration this takes keeps the
            // callback order of asyncio programs (an accepting server sees the connection first).
            do {
                if (!waitReady(loop, ch, true, timeoutSeconds)) throw NetErrors.connectTimedOut(target, timeoutSeconds);
            } while (!ch.finishConnect());
        } catch (IOException e) {
            throw NetErrors.connectFailed(target, e);
        }
    }

    /**
     * {@code loop.sock_sendfile}: sends {@code count} bytes of {@code file} from {@code offset}
     * (to its end if {@code count < 0}) with the kernel's sendfile, suspending while the socket is
     * full. Leaves the file's position after the last byte sent, as asyncio does.
     *
     * @return the number of bytes sent
     */
    public static long sendfile(SelectorLoop loop, SocketChannel ch, FileChannel file, long offset, long count) {
        if (offset < 0) throw new IllegalArgumentException("offset must be >= 0, got " + offset);
        requireTask(loop, "sockSendfile");
        long pos = offset;
        try {
            ch.configureBlocking(false);
            long end = count < 0 ? file.size() : offset + count;
            try {
                while (pos < end) {
                    long n = file.transferTo(pos, end - pos, ch);
                    if (n > 0) {
                        pos += n;
                    } else if (pos >= file.size()) {
                        break; // the file is shorter than asked
                    } else {
                        waitReady(loop, ch, true, 0);
                    }
                }
            } finally {
                file.position(pos);
            }
        } catch (IOException e) {
            throw NetErrors.unchecked(e);
        }
        return pos - offset;
    }
}
