package org.tilestereo.io;

/**
 * Text from files (tensor and node names, metadata, paths) made safe for a terminal before it is
 * printed: control characters, which a hostile model could use to move the cursor or rewrite the
 * screen, are shown as {@code \xNN} escapes; a line break stays one line.
 */
public final class Printable {
    private Printable() {
    }

    public static String of(String s) {
        if (s == null) {
            return "null";
        }
        StringBuilder b = null;
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            boolean control = ch < 0x20 || ch == 0x7f || (ch >= 0x80 && ch <= 0x9f);
            if (control && b == null) {
                b = new StringBuilder(s.length() + 16).append(s, 0, i);
            }
            if (b != null) {
                if (control) {
                    b.append(String.format("\\x%02x", (int) ch));
                } else {
                    b.append(ch);
                }
            }
        }
        return b == null ? s : b.toString();
    }
}
