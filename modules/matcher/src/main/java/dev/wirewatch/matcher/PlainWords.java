package dev.wirewatch.matcher;

import java.util.Arrays;

/**
 * A fast path for Lucene's StandardTokenizer on plain Latin text: the same words (Unicode's word boundaries, UAX #29)
 * for texts made only of characters whose word-break behaviour is simple, and a refusal for any other text, which
 * then goes to the tokenizer itself.
 *
 * <p>Plain characters are ASCII, the Latin-1 letters, Latin Extended-A and the Latin ligatures, the Latin-1 marks
 * common in news ({@code ¡ ¿ « » ° £ § ´ ¨} and the no-break space), and the typographic dashes, quotes, primes,
 * arrows, bullet, ellipsis and spaces that news pages use. Emoji and the characters that join them are not plain,
 * except {@code © ®}: the tokenizer makes each a word of its own, and so does this class. Letters and digits form
 * words, with any {@code _} that touches them (rules WB13a and WB13b); {@code . ' ‘ ’} join two letters or two
 * digits, {@code :} and {@code ·} two letters, {@code , ;} two digits (rules WB5 to WB12); everything else
 * separates. A word longer than the tokenizer's 255 characters also sends the text to the tokenizer. The
 * analysis equality tests compare the result with Lucene's on every corpus text.
 */
final class PlainWords {

    /** Receives each word: {@code text[start, end)}. */
    interface WordSink {
        void word(int start, int end);
    }

    private static final byte OTHER = 0;
    private static final byte LETTER = 1;
    private static final byte DIGIT = 2;
    /** Joins two letters or two digits: {@code . ' ‘ ’}. */
    private static final byte MID_NUM_LET = 3;
    /** Joins two letters: {@code : ·}. */
    private static final byte MID_LETTER = 4;
    /** Joins two digits: {@code , ;}. */
    private static final byte MID_NUM = 5;
    /** Not plain: the text goes to the tokenizer. */
    private static final byte REFUSE = 6;
    /** A word of its own, whatever surrounds it: {@code © ®}, which the tokenizer takes for emoji. */
    private static final byte SYMBOL = 7;
    /**
     * {@code _} (ExtendNumLet, rules WB13a and WB13b): part of a word it touches, before or after, but no word alone;
     * a word may start or end with it.
     */
    private static final byte EXTEND = 8;

    private static final int MAX_WORD = 255;
    /** A bounds buffer grown past this many ints (a huge text) is not kept for the next text. */
    private static final int RETAINED_BOUNDS = 1 << 16;
    private static final byte[] LATIN = latin();

    /** Word starts and ends of the text being split: reused from text to text. */
    private int[] bounds = new int[2048];

    private static byte[] latin() {
        byte[] classes = new byte[0x100];
        for (int c = 0; c < 0x80; c++) {
            classes[c] = Character.isLetter(c) ? LETTER : Character.isDigit(c) ? DIGIT : OTHER;
        }
        classes['.'] = MID_NUM_LET;
        classes['\''] = MID_NUM_LET;
        classes[':'] = MID_LETTER;
        classes[','] = MID_NUM;
        classes[';'] = MID_NUM;
        classes['_'] = EXTEND;
        for (int c = 0x80; c < 0x100; c++) {
            classes[c] = REFUSE;
        }
        for (int c = 0xC0; c <= 0xFF; c++) {
            classes[c] = c == 0xD7 || c == 0xF7 ? OTHER : LETTER;
        }
        classes[0xAA] = LETTER;
        classes[0xB5] = LETTER;
        classes[0xBA] = LETTER;
        classes[0xB7] = MID_LETTER;
        // ¡ « ° » ¿, the no-break space, and £ § ´ ¨: separators (word-break class Other)
        for (int c : new int[] {0xA0, 0xA1, 0xAB, 0xB0, 0xBB, 0xBF, 0xA3, 0xA7, 0xA8, 0xB4}) {
            classes[c] = OTHER;
        }
        classes[0xA9] = SYMBOL;
        classes[0xAE] = SYMBOL;
        return classes;
    }

    /**
     * Latin Extended-A (ł, œ, č, ő, ā...) and the Latin ligatures ﬀ to ﬆ: letters that Lucene's tokenizer treats like
     * any Latin letter; the analyser lower-cases and folds them after.
     */
    private static boolean latinLetter(char c) {
        return c >= 0x100 && c <= 0x17F || c >= 0xFB00 && c <= 0xFB06;
    }

    private static byte classOf(char c) {
        if (c < 0x100) {
            return LATIN[c];
        }
        if (latinLetter(c)) {
            return LETTER;
        }
        return switch (c) {
            case '\u2018', '\u2019' -> MID_NUM_LET;
            // dashes, quotes, ellipsis, primes, bullet, arrows, euro, thin and en spaces, zero-width space, line
            // separator, pointers: word-break class Other (none is an emoji, nor Extended_Pictographic)
            case '\u2013', '\u2014', '\u201C', '\u201D', '\u2026', '\u2010', '\u2015', '\u201A', '\u201E',
                    '\u2039', '\u203A', '\u2032', '\u2033', '\u2022', '\u2190', '\u2192', '\u20AC', '\u2002',
                    '\u2009', '\u200B', '\u2028', '\u25BA', '\u25BC' -> OTHER;
            default -> REFUSE;
        };
    }

    /**
     * Hands every word of {@code text} to {@code sink} and returns true, or returns false, having handed nothing, when
     * the text is not plain.
     */
    static boolean words(String text, WordSink sink) {
        return new PlainWords().split(text.toCharArray(), text.length(), sink);
    }

    /**
     * {@link #words(String, WordSink)} for the text {@code text[0, length)}, with this instance's buffer: one
     * instance serves one thread.
     */
    boolean split(char[] text, int length, WordSink sink) {
        // first pass: find the words, refusing before anything is handed on
        int[] bounds = this.bounds;
        int count = 0;
        int start = -1;
        // whether the word from start has a letter or digit yet: underscores alone make no word
        boolean alnum = false;
        for (int i = 0; i <= length; i++) {
            byte k = i == length ? OTHER : classOf(text[i]);
            if (k == REFUSE) {
                return false;
            }
            if (k == LETTER || k == DIGIT || k == EXTEND) {
                if (start < 0) {
                    start = i;
                }
                alnum |= k != EXTEND;
            } else {
                if (start >= 0 && !alnum) {
                    start = -1;
                }
                // room for a word ending here and a symbol
                if (count + 4 > bounds.length) {
                    bounds = Arrays.copyOf(bounds, bounds.length * 2);
                    this.bounds = bounds;
                }
                if (start >= 0 && (k < MID_NUM_LET || !joins(text, length, i, k))) {
                    if (i - start > MAX_WORD) {
                        return false;
                    }
                    bounds[count++] = start;
                    bounds[count++] = i;
                    start = -1;
                    alnum = false;
                }
                if (k == SYMBOL) {
                    bounds[count++] = i;
                    bounds[count++] = i + 1;
                }
            }
        }
        for (int w = 0; w < count; w += 2) {
            sink.word(bounds[w], bounds[w + 1]);
        }
        if (bounds.length > RETAINED_BOUNDS) {
            this.bounds = new int[2048];
        }
        return true;
    }

    /** Whether the middle character at {@code i} (of class {@code k}) joins the characters either side of it. */
    private static boolean joins(char[] text, int length, int i, byte k) {
        if (k < MID_NUM_LET || i + 1 >= length) {
            return false;
        }
        byte before = classOf(text[i - 1]);
        byte after = classOf(text[i + 1]);
        return switch (k) {
            case MID_NUM_LET -> before == after && (before == LETTER || before == DIGIT);
            case MID_LETTER -> before == LETTER && after == LETTER;
            case MID_NUM -> before == DIGIT && after == DIGIT;
            default -> false;
        };
    }
}
