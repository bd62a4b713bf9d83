package jasyncio.examples;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.StringJoiner;

import jasyncio.Outcome;

/**
 * Python's {@code print}, {@code str} and {@code repr} for the example twins, so a twin prints
 * the same characters as its Python original: {@code print(a, b)} joins with a space,
 * {@code null} is {@code None}, lists print as {@code ['a', 'b']}.
 *
 * <p>Only the shapes the examples print are covered: strings, numbers, booleans, null, lists,
 * sets, maps, exceptions (as {@code Name('message')}) and gather outcomes (a value or an
 * exception, as {@code gather(..., return_exceptions=True)} mixes them). Reads
 * {@link System#out} on every call, so captured output (tests) sees it. Thread-safe.
 */
public final class Py {
    private Py() {}

    /** {@code print(*args)}: the {@link #str} of each argument, joined by a space, then a newline. */
    public static void print(Object... args) {
        StringJoiner line = new StringJoiner(" ");
        for (Object a : args) line.add(str(a));
        System.out.println(line);
    }

    /**
     * {@code time.sleep(seconds)}: blocks the calling thread (inside a task, Java's blocking
     * calls park only that task; see DESIGN §2). An interrupt ends it with
     * {@link java.util.concurrent.CancellationException}, the interrupt flag kept.
     */
    public static void timeSleep(double seconds) {
        try {
            Thread.sleep(java.time.Duration.ofNanos((long) (seconds * 1e9)));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            var stop = new java.util.concurrent.CancellationException("interrupted in time.sleep");
            stop.initCause(e);
            throw stop;
        }
    }

    /** {@code str(o)}: a string is itself, an exception its message; containers and None as {@link #repr}. */
    public static String str(Object o) {
        return switch (o) {
            case String s -> s;
            case Throwable t -> t.getMessage() == null ? "" : t.getMessage();
            case null, default -> repr(o);
        };
    }

    /** {@code repr(o)}. */
    public static String repr(Object o) {
        return switch (o) {
            case null -> "None";
            case String s -> reprString(s);
            case Boolean b -> b ? "True" : "False";
            case Outcome.Success<?> s -> repr(s.value());
            case Outcome.Failure<?> f -> repr(f.exception());
            case Throwable t -> t.getClass().getSimpleName()
                    + "(" + (t.getMessage() == null ? "" : reprString(t.getMessage())) + ")";
            case List<?> l -> join("[", l, "]");
            case Set<?> s -> s.isEmpty() ? "set()" : join("{", s, "}");
            case Collection<?> c -> join("[", c, "]");
            case Map<?, ?> m -> {
                StringJoiner j = new StringJoiner(", ", "{", "}");
                for (Map.Entry<?, ?> e : m.entrySet()) j.add(repr(e.getKey()) + ": " + repr(e.getValue()));
                yield j.toString();
            }
            default -> o.toString();
        };
    }

    private static String join(String open, Collection<?> items, String close) {
        StringJoiner j = new StringJoiner(", ", open, close);
        for (Object item : items) j.add(repr(item));
        return j.toString();
    }

    /** A string literal as Python writes it: single quotes unless the text has ' and no ". */
    private static String reprString(String s) {
        char quote = s.indexOf('\'') >= 0 && s.indexOf('"') < 0 ? '"' : '\'';
        StringBuilder b = new StringBuilder(s.length() + 2).append(quote);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> {
                    if (c == quote) {
                        b.append('\\').append(c);
                    } else if (c < 0x20 || c == 0x7f) {
                        b.append(String.format("\\x%02x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.append(quote).toString();
    }
}
