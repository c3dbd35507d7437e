package dev.wirewatch.matcher;

/** Cuts a short excerpt around a hit, on word boundaries, white space collapsed, ellipses where text was cut. */
final class Snippets {

    static final int BEFORE = 70;
    static final int AFTER = 130;

    private Snippets() {
    }

    /** An excerpt of {@code text} around {@code [start, end)}. */
    static String around(String text, int start, int end) {
        int from = Math.max(0, start - BEFORE);
        int to = Math.min(text.length(), Math.max(end, start) + AFTER);
        if (from > 0) {
            int space = indexOfSpace(text, from, start);
            from = space >= 0 ? space + 1 : from;
        }
        if (to < text.length()) {
            int space = lastIndexOfSpace(text, Math.max(end, from), to);
            to = space > 0 ? space : to;
        }
        if (from < text.length() && Character.isLowSurrogate(text.charAt(from)) && from > 0) {
            from--;
        }
        if (to > 0 && to < text.length() && Character.isHighSurrogate(text.charAt(to - 1))) {
            to++;
        }
        // one char array, one string: each character yields at most one, plus the two ellipses
        char[] out = new char[to - from + 2];
        int n = 0;
        if (from > 0) {
            out[n++] = '\u2026';
        }
        boolean space = false;
        for (int i = from; i < to; i++) {
            char c = text.charAt(i);
            if (isSpace(c)) {
                space = true;
            } else {
                if (space && n > 0 && out[n - 1] != '\u2026') {
                    out[n++] = ' ';
                }
                space = false;
                out[n++] = c;
            }
        }
        if (to < text.length()) {
            out[n++] = '\u2026';
        }
        return new String(out, 0, n);
    }

    /** {@code Character.isWhitespace(c) || Character.isSpaceChar(c)}, without a table lookup for ASCII. */
    private static boolean isSpace(char c) {
        if (c < 0x80) {
            return c == ' ' || c >= '\t' && c <= '\r' || c >= '\u001C' && c <= '\u001F';
        }
        return Character.isWhitespace(c) || Character.isSpaceChar(c);
    }

    private static int indexOfSpace(String text, int from, int to) {
        for (int i = from; i < to; i++) {
            if (Character.isWhitespace(text.charAt(i))) {
                return i;
            }
        }
        return -1;
    }

    private static int lastIndexOfSpace(String text, int from, int to) {
        for (int i = to - 1; i >= from; i--) {
            if (Character.isWhitespace(text.charAt(i))) {
                return i;
            }
        }
        return -1;
    }
}
