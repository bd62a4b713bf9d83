package jasyncio.net;

import static java.nio.charset.StandardCharsets.US_ASCII;

import java.io.BufferedReader;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The client ends of {@link ScaleTest}'s stress run, in a JVM of their own so that the test's
 * JVM holds only the server ends (the two ends of 10,000 connections do not fit under an open
 * file limit of 20,000). Plain blocking {@link Socket}s: the code under test is the server.
 *
 * <p>Arguments: host, port, number of connections. It opens every connection, prints
 * {@code connected <n>}, waits for the line {@code go} on its standard input, then writes one
 * line on each connection, reads each echo back, closes them all, prints {@code wrong <detail>}
 * for each echo that differs and last {@code result <verified> <wrong>}, and exits 0. On any
 * failure it prints {@code failed <error>} and its stack trace and exits 1. When its standard
 * input ends (the test's JVM closed the pipe or died) it halts at once with status 3, so it
 * never outlives the test.
 */
public final class ScaleClientMain {
    private ScaleClientMain() {}

    /** At most this many {@code wrong} lines are printed; the result line counts them all. */
    static final int WRONG_LINES_SHOWN = 20;

    public static void main(String[] args) {
        try {
            run(args[0], Integer.parseInt(args[1]), Integer.parseInt(args[2]));
        } catch (Throwable e) {
            say("failed " + e);
            e.printStackTrace(System.out);
            System.out.flush();
            System.exit(1);
        }
    }

    private static void run(String host, int port, int n) throws Exception {
        CompletableFuture<Void> go = watchStdin();
        InetSocketAddress server = new InetSocketAddress(host, port);
        List<Socket> sockets = new ArrayList<>(n);
        int verified = 0;
        List<String> wrong = new ArrayList<>();
        try {
            for (int i = 0; i < n; i++) {
                Socket s = new Socket();
                sockets.add(s);
                s.connect(server);
            }
            say("connected " + n);
            go.join();

            for (int i = 0; i < n; i++) sockets.get(i).getOutputStream().write(message(i).getBytes(US_ASCII));
            for (int i = 0; i < n; i++) {
                String sent = message(i);
                byte[] echo = new byte[sent.length()];
                new DataInputStream(sockets.get(i).getInputStream()).readFully(echo);
                String got = new String(echo, US_ASCII);
                if (got.equals(sent)) verified++;
                else wrong.add(sent.strip() + " came back as " + got.strip());
            }
        } finally {
            closeAll(sockets);
        }
        wrong.stream().limit(WRONG_LINES_SHOWN).forEach(w -> say("wrong " + w));
        say("result " + verified + " " + wrong.size());
    }

    static String message(int i) {
        return "client " + i + " says hello\n";
    }

    /**
     * Reads standard input on a daemon thread: the returned future completes at the line
     * {@code go}; the end of the input halts the JVM (the test is gone, or gave up on this run).
     */
    private static CompletableFuture<Void> watchStdin() {
        CompletableFuture<Void> go = new CompletableFuture<>();
        Thread.ofPlatform().daemon().name("stdin-watch").start(() -> {
            try (var in = new BufferedReader(new InputStreamReader(System.in, US_ASCII))) {
                for (String line; (line = in.readLine()) != null; ) {
                    if (line.equals("go")) go.complete(null);
                    else go.completeExceptionally(new IllegalArgumentException("expected 'go' on stdin, got '" + line + "'"));
                }
            } catch (IOException e) {
                // the pipe failed: as if it ended
            }
            Runtime.getRuntime().halt(3);
        });
        return go;
    }

    private static void closeAll(List<Socket> sockets) throws IOException {
        IOException failure = null;
        for (Socket s : sockets) {
            try {
                s.close();
            } catch (IOException e) {
                if (failure == null) failure = e;
                else failure.addSuppressed(e);
            }
        }
        if (failure != null) throw failure;
    }

    private static void say(String line) {
        System.out.println(line);
        System.out.flush();
    }
}
