package dev.wirewatch.matcher;

/** Cuts a short excerpt around a hit, on word boundaries, white space collapsed, ellipses where text was cut. */
final class Snippets {

    static final int BEFORE = 70;
    static final int AFTER = 130;
    /** Bit c: {@code Character.isWhitespace(c) || Character.isSpaceChar(c)}. */
    private static final long[] SPACE = table(true);
    /** Bit c: {@code Character.isWhitespace(c)}. */
    private static final long[] WHITESPACE = table(false);

    private Snippets() {
    }

    /** An excerpt of {@code text} around {@code [start, end)}. */
    static String around(String text, int start, int end) {
        int length = text.length();
        int from = Math.max(0, start - BEFORE);
        int to = Math.min(length, Math.max(end, start) + AFTER);
        // the window's characters, one more each side for a surrogate pair cut in two, read once
        int windowFrom = Math.max(0, from - 1);
        int windowTo = Math.min(length, to + 1);
        char[] window = new char[windowTo - windowFrom + 2];
        text.getChars(windowFrom, windowTo, window, 1);
        int shift = 1 - windowFrom;
        if (from > 0) {
            int space = indexOfSpace(window, from + shift, Math.max(from, start) + shift);
            from = space >= 0 ? space - shift + 1 : from;
        }
        if (to < length) {
            int space = lastIndexOfSpace(window, Math.max(end, from) + shift, to + shift);
            to = space >= 0 && space - shift > 0 ? space - shift : to;
        }
        if (from < length && from > 0 && Character.isLowSurrogate(window[from + shift])) {
            from--;
        }
        if (to > 0 && to < length && Character.isHighSurrogate(window[to - 1 + shift])) {
            to++;
        }
        // collapsed in place: each character yields at most one, so writing never overtakes reading, except for
        // the leading ellipsis, which the free first slot of the window makes room for
        int n = from + shift - 1;
        int first = n;
        if (from > 0) {
            window[n++] = '\u2026';
        }
        boolean space = false;
        for (int i = from + shift, last = to + shift; i < last; i++) {
            char c = window[i];
            if (isSpace(c)) {
                space = true;
            } else {
                if (space && n > first && window[n - 1] != '\u2026') {
                    window[n++] = ' ';
                }
                space = false;
                window[n++] = c;
            }
        }
        if (to < length) {
            window[n++] = '\u2026';
        }
        return new String(window, first, n - first);
    }

    /** Where in {@code text} the excerpt {@link #around} cuts around a hit at {@code start} begins. */
    static int from(String text, int start) {
        int length = text.length();
        int from = Math.max(0, start - BEFORE);
        if (from > 0) {
            for (int i = from, last = Math.min(length, Math.max(from, start)); i < last; i++) {
                if (isWhitespace(text.charAt(i))) {
                    from = i + 1;
                    break;
                }
            }
        }
        if (from < length && from > 0 && Character.isLowSurrogate(text.charAt(from))) {
            from--;
        }
        return from;
    }

    /**
     * The position in {@code snippet} of each character of {@code text} from {@code from} on that the snippet shows,
     * or -1 for white space and characters beyond it: the collapse of {@link #around} walked again.
     */
    static int[] positions(String text, int from, String snippet) {
        int[] at = new int[Math.max(0, Math.min(text.length(), from + snippet.length() * 2 + 2) - from)];
        java.util.Arrays.fill(at, -1);
        int n = from > 0 && !snippet.isEmpty() && snippet.charAt(0) == '\u2026' ? 1 : 0;
        boolean space = false;
        for (int i = from; i - from < at.length && n < snippet.length(); i++) {
            char c = text.charAt(i);
            if (isSpace(c)) {
                space = true;
                continue;
            }
            if (space && snippet.charAt(n) == ' ' && c != ' ') {
                n++;
            }
            space = false;
            if (n >= snippet.length() || snippet.charAt(n) != c) {
                break;
            }
            at[i - from] = n++;
        }
        return at;
    }

    /** {@code Character.isWhitespace(c) || Character.isSpaceChar(c)}, by table: Character's own is slow past ASCII. */
    private static boolean isSpace(char c) {
        return (SPACE[c >>> 6] & 1L << c) != 0;
    }

    /** {@code Character.isWhitespace(c)}, by table. */
    private static boolean isWhitespace(char c) {
        return (WHITESPACE[c >>> 6] & 1L << c) != 0;
    }

    private static long[] table(boolean spaceChars) {
        long[] bits = new long[(Character.MAX_VALUE + 1) / 64];
        for (int c = 0; c <= Character.MAX_VALUE; c++) {
            if (Character.isWhitespace(c) || spaceChars && Character.isSpaceChar(c)) {
                bits[c >>> 6] |= 1L << c;
            }
        }
        return bits;
    }

    private static int indexOfSpace(char[] text, int from, int to) {
        for (int i = from; i < to; i++) {
            if (isWhitespace(text[i])) {
                return i;
            }
        }
        return -1;
    }

    private static int lastIndexOfSpace(char[] text, int from, int to) {
        for (int i = to - 1; i >= from; i--) {
            if (isWhitespace(text[i])) {
                return i;
            }
        }
        return -1;
    }
}
