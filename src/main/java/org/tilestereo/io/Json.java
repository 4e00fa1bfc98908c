package org.tilestereo.io;

import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Writes maps, lists, strings, numbers and booleans as JSON. Results files (plans, benchmarks)
 * are small and flat, so a writer this size beats a dependency.
 */
public final class Json {
    private Json() {
    }

    public static String write(Object value) {
        StringBuilder b = new StringBuilder();
        write(value, b, 0);
        return b.append('\n').toString();
    }

    private static void write(Object v, StringBuilder b, int indent) {
        if (v == null) {
            b.append("null");
        } else if (v instanceof String s) {
            string(s, b);
        } else if (v instanceof Boolean || v instanceof Integer || v instanceof Long) {
            b.append(v);
        } else if (v instanceof Number n) {
            double d = n.doubleValue();
            // Double.toString is valid JSON (1.5, 2.0E10); NaN and infinities are not, so they become null.
            b.append(Double.isFinite(d) ? Double.toString(d) : "null");
        } else if (v instanceof Map<?, ?> m) {
            b.append('{');
            Iterator<? extends Map.Entry<?, ?>> it = m.entrySet().iterator();
            while (it.hasNext()) {
                Map.Entry<?, ?> e = it.next();
                newline(b, indent + 1);
                string(String.valueOf(e.getKey()), b);
                b.append(": ");
                write(e.getValue(), b, indent + 1);
                if (it.hasNext()) b.append(',');
            }
            if (!m.isEmpty()) newline(b, indent);
            b.append('}');
        } else if (v instanceof List<?> l) {
            b.append('[');
            for (int i = 0; i < l.size(); i++) {
                newline(b, indent + 1);
                write(l.get(i), b, indent + 1);
                if (i + 1 < l.size()) b.append(',');
            }
            if (!l.isEmpty()) newline(b, indent);
            b.append(']');
        } else {
            string(v.toString(), b);
        }
    }

    private static void newline(StringBuilder b, int indent) {
        b.append('\n');
        b.append("  ".repeat(indent));
    }

    private static void string(String s, StringBuilder b) {
        b.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> {
                    if (c < 0x20) b.append(String.format("\\u%04x", (int) c));
                    else b.append(c);
                }
            }
        }
        b.append('"');
    }
}
