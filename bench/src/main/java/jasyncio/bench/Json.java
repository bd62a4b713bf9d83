package jasyncio.bench;

import java.util.Locale;
import java.util.Map;

/** Writes the flat JSON objects of the spec's result lines: strings, numbers, booleans, null. */
final class Json {
    private Json() {}

    /** {@code fields} as one JSON object on one line, in the map's order. */
    static String object(Map<String, ?> fields) {
        StringBuilder sb = new StringBuilder("{");
        for (Map.Entry<String, ?> e : fields.entrySet()) {
            if (sb.length() > 1) sb.append(',');
            string(sb, e.getKey());
            sb.append(':');
            value(sb, e.getValue());
        }
        return sb.append('}').toString();
    }

    private static void value(StringBuilder sb, Object v) {
        switch (v) {
            case null -> sb.append("null");
            case Boolean b -> sb.append(b);
            case Integer i -> sb.append(i);
            case Long l -> sb.append(l);
            case Double d -> number(sb, d);
            case Float f -> number(sb, f.doubleValue());
            default -> string(sb, v.toString());
        }
    }

    /**
     * Finite doubles in plain notation, trailing zeros dropped: one decimal from 1000 up (rates),
     * else six; NaN and infinities as null.
     */
    private static void number(StringBuilder sb, double d) {
        if (Double.isNaN(d) || Double.isInfinite(d)) {
            sb.append("null");
            return;
        }
        String s = String.format(Locale.ROOT, Math.abs(d) >= 1000 ? "%.1f" : "%.6f", d);
        s = s.replaceAll("0+$", "");
        if (s.endsWith(".")) s = s.substring(0, s.length() - 1);
        if (s.equals("-0")) s = "0";
        sb.append(s);
    }

    private static void string(StringBuilder sb, String s) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 0x20) sb.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
                    else sb.append(c);
                }
            }
        }
        sb.append('"');
    }
}
