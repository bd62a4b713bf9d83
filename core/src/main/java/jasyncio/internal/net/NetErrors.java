package jasyncio.internal.net;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.SocketTimeoutException;
import java.net.UnixDomainSocketAddress;
import java.util.List;
import java.util.Locale;

import jasyncio.TimeoutError;
import jasyncio.net.BrokenPipeError;
import jasyncio.net.ConnectionAbortedError;
import jasyncio.net.ConnectionError;
import jasyncio.net.ConnectionRefusedError;
import jasyncio.net.ConnectionResetError;

/**
 * The errors of the networking layer, unchecked like every jasyncio error: a JDK
 * {@link IOException} becomes the {@link ConnectionError} subclass Python would raise
 * (refused, reset, broken pipe, aborted), a {@link TimeoutError} for a timeout, or else an
 * {@link UncheckedIOException}; the IOException is always the cause. Messages name the
 * address involved, as asyncio's do.
 */
public final class NetErrors {
    private NetErrors() {}

    /** {@code e} as the unchecked error Python would raise, with the JDK's message. */
    public static RuntimeException unchecked(IOException e) {
        return unchecked(e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName(), e);
    }

    /** {@code e} as the unchecked error Python would raise, with {@code message}. */
    public static RuntimeException unchecked(String message, IOException e) {
        String m = e.getMessage() == null ? "" : e.getMessage().toLowerCase(Locale.ROOT);
        if (e instanceof SocketTimeoutException || m.contains("timed out")) return new TimeoutError(message, e);
        if (m.contains("refused") || e instanceof ConnectException && m.isEmpty()) {
            return new ConnectionRefusedError(message, e);
        }
        if (m.contains("reset")) return new ConnectionResetError(message, e);
        if (m.contains("broken pipe")) return new BrokenPipeError(message, e);
        if (m.contains("abort")) return new ConnectionAbortedError(message, e);
        return new UncheckedIOException(message, e);
    }

    /** {@code 127.0.0.1:80}, {@code [::1]:80}, or a Unix socket's path in quotes. */
    public static String format(SocketAddress a) {
        if (a instanceof InetSocketAddress i) {
            String host = i.isUnresolved() ? i.getHostString()
                    : i.getAddress() instanceof Inet6Address v6 ? "[" + shortForm(v6) + "]"
                    : i.getAddress().getHostAddress();
            return host + ":" + i.getPort();
        }
        if (a instanceof UnixDomainSocketAddress u) return "'" + u.getPath() + "'";
        return String.valueOf(a);
    }

    /**
     * An IPv6 address as people and Python write it (RFC 5952: {@code ::1}, not the JDK's
     * {@code 0:0:0:0:0:0:0:1}): hex groups without leading zeros, the first longest run of two or
     * more zero groups written {@code ::}, then the scope if any.
     */
    static String shortForm(Inet6Address a) {
        byte[] b = a.getAddress();
        int[] groups = new int[8];
        for (int g = 0; g < 8; g++) groups[g] = (b[2 * g] & 0xff) << 8 | b[2 * g + 1] & 0xff;
        int runStart = -1;
        int runLength = 1;
        for (int g = 0; g < 8; ) {
            if (groups[g] != 0) {
                g++;
                continue;
            }
            int end = g;
            while (end < 8 && groups[end] == 0) end++;
            if (end - g > runLength) {
                runStart = g;
                runLength = end - g;
            }
            g = end;
        }
        StringBuilder s = new StringBuilder();
        for (int g = 0; g < 8; g++) {
            if (g == runStart) {
                s.append("::");
                g += runLength - 1;
                continue;
            }
            if (!s.isEmpty() && s.charAt(s.length() - 1) != ':') s.append(':');
            s.append(Integer.toHexString(groups[g]));
        }
        String full = a.getHostAddress();
        int scope = full.indexOf('%');
        if (scope >= 0) s.append(full, scope, full.length());
        return s.toString();
    }

    /** What the user asked for, and the address tried when it differs: {@code localhost:80 (127.0.0.1:80)}. */
    static String target(String host, int port, SocketAddress tried) {
        String t = format(tried);
        if (host == null) return t;
        String asked = (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
        return asked.equals(t) ? t : asked + " (" + t + ")";
    }

    /** A failed connection attempt: "Connect call failed 127.0.0.1:1: Connection refused". */
    static RuntimeException connectFailed(String target, IOException e) {
        String why = e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
        return unchecked("Connect call failed " + target + ": " + why, e);
    }

    static TimeoutError connectTimedOut(String target, double seconds) {
        return new TimeoutError("Connect call to " + target + " timed out after " + seconds + " s");
    }

    /**
     * Every address of {@code host:port} failed: the one error if there was one, else an error
     * naming all of them (of their common kind, if they share one), each one suppressed.
     */
    static RuntimeException allFailed(String host, int port, List<RuntimeException> failures) {
        if (failures.size() == 1) return failures.get(0);
        StringBuilder b = new StringBuilder("Cannot connect to ").append(host).append(':').append(port)
                .append(": all ").append(failures.size()).append(" addresses failed: ");
        Class<?> common = failures.get(0).getClass();
        for (int i = 0; i < failures.size(); i++) {
            if (i > 0) b.append("; ");
            b.append(failures.get(i).getMessage());
            if (failures.get(i).getClass() != common) common = null;
        }
        String msg = b.toString();
        RuntimeException out;
        if (common == ConnectionRefusedError.class) {
            out = new ConnectionRefusedError(msg);
        } else if (common == TimeoutError.class) {
            out = new TimeoutError(msg);
        } else {
            out = new ConnectionError(msg);
        }
        for (RuntimeException e : failures) out.addSuppressed(e);
        return out;
    }

    /** asyncio's "error while attempting to bind on address …: address already in use". */
    static UncheckedIOException bindFailed(SocketAddress address, IOException e) {
        String why = e.getMessage() != null ? e.getMessage().toLowerCase(Locale.ROOT) : e.getClass().getSimpleName();
        return new UncheckedIOException("error while attempting to bind on address " + format(address) + ": " + why, e);
    }
}
