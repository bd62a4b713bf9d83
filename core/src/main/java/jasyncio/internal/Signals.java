package jasyncio.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

import jasyncio.net.ProcessLookupError;

/**
 * The platform's signals by name ("INT" or "SIGINT"), through {@code sun.misc.Signal} of module
 * {@code jdk.unsupported}: the JDK's only public-ish signal API, which knows the platform's
 * numbers and lets a handler be installed. Sending a signal to another process other than TERM
 * or KILL (which {@link Process#destroy()} and {@link Process#destroyForcibly()} send) goes
 * through the shell's {@code kill}, as the JDK has no call for it.
 */
public final class Signals {
    private Signals() {}

    /** {@code "SIGINT"} and {@code "int"} as {@code "INT"}, the JDK's spelling. */
    public static String canonical(String name) {
        if (name == null) throw new NullPointerException("the signal name is null");
        String n = name.trim().toUpperCase(Locale.ROOT);
        return n.startsWith("SIG") ? n.substring(3) : n;
    }

    /** The signal as the JDK knows it. @throws IllegalArgumentException if the platform has none of that name */
    public static sun.misc.Signal of(String name) {
        String n = canonical(name);
        try {
            return new sun.misc.Signal(n);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("Unknown signal: " + name, e);
        }
    }

    /** The platform's number of signal {@code name}. */
    public static int number(String name) {
        return of(name).getNumber();
    }

    /**
     * Sends signal {@code signum} to process {@code pid} and waits until it was sent (a few
     * milliseconds: it starts the shell's {@code kill}).
     *
     * @throws ProcessLookupError if there is no such process
     */
    public static void send(long pid, int signum) {
        Process kill;
        try {
            kill = new ProcessBuilder("/bin/sh", "-c", "kill -" + signum + " " + pid).redirectErrorStream(true).start();
            kill.getOutputStream().close();
            String output = new String(kill.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            int status = kill.waitFor();
            if (status == 0) return;
            if (output.toLowerCase(Locale.ROOT).contains("no such process")) {
                throw new ProcessLookupError("No such process: " + pid);
            }
            throw new IllegalStateException("kill -" + signum + " " + pid + " failed (status " + status + "): " + output);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot send signal " + signum + " to process " + pid + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while sending signal " + signum + " to process " + pid, e);
        }
    }
}
