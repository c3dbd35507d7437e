package dev.wirewatch.matcher;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.lucene.analysis.CharacterUtils;
import org.apache.lucene.analysis.miscellaneous.ASCIIFoldingFilter;
import org.apache.lucene.analysis.standard.StandardTokenizer;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.analysis.tokenattributes.OffsetAttribute;

/**
 * The analysis chain of DESIGN.md in one pass: Lucene's StandardTokenizer, then ElisionFilter (French articles),
 * EnglishPossessiveFilter, LowerCaseFilter and ASCIIFoldingFilter fused into a single loop over each token.
 *
 * <p>Plain Latin text takes a fast path with the same word boundaries ({@link PlainWords}); any other text goes to
 * Lucene's own tokenizer, so word boundaries are Unicode's (UAX #29) exactly as Lucene sees them; the
 * four filters are re-implemented here because they are a few lines each and running them fused avoids four
 * attribute round trips per token. The differential test proves the result equal to Lucene's filter chain.
 *
 * <p>An instance is not thread-safe: it reuses its tokenizer and buffers. Offsets are UTF-16 character offsets
 * into the analysed text; positions are consecutive, one per token.
 */
final class TextAnalyzer {

    /**
     * Receives each token: the normalised term in {@code term[0, length)}, valid only during the call, and its
     * {@code hash}, {@code h = 31 * h + c} over those characters as {@link KeyTable} expects, computed while the
     * term was written.
     */
    interface TokenSink {
        void token(char[] term, int length, int hash, int startOffset, int endOffset);
    }

    /**
     * What {@link ASCIIFoldingFilter#foldToASCII} makes of each UTF-16 char (null: the char itself), computed once at
     * class load by calling it. It folds char by char, so the table gives exactly its result; and the method is too
     * large for the JIT to compile (over 8,000 bytes of bytecode), so calling it per token would run it interpreted.
     */
    private static final char[][] FOLDED = foldingTable();
    /** What {@link #lowerAscii} returns for a word it cannot lower-case alone: outside the range of an int hash. */
    private static final long NOT_ASCII = Long.MIN_VALUE;
    /** A text buffer grown past this many characters (a huge article) is not kept for the next text. */
    private static final int MAX_RETAINED_CHARS = 1 << 20;

    private final PlainWords plainWords = new PlainWords();
    private final StandardTokenizer tokenizer = new StandardTokenizer();
    private final CharTermAttribute termAttribute = tokenizer.addAttribute(CharTermAttribute.class);
    private final OffsetAttribute offsetAttribute = tokenizer.addAttribute(OffsetAttribute.class);
    /** The text being analysed, for the fast path; dropped after a very long text. */
    private char[] chars = new char[4096];
    private char[] lowered = new char[64];
    private char[] folded = new char[256];

    /** Analyses {@code text} and hands every token to {@code sink}, in order. */
    void analyze(String text, TokenSink sink) {
        if (text == null || text.isEmpty()) {
            return;
        }
        int textLength = text.length();
        if (chars.length < textLength) {
            chars = new char[Math.max(textLength, chars.length * 2)];
        }
        text.getChars(0, textLength, chars, 0);
        char[] buffer = chars;
        boolean plain = plainWords.split(buffer, textLength,
                (start, end) -> emit(buffer, start, end - start, start, end, sink));
        if (chars.length > MAX_RETAINED_CHARS) {
            chars = new char[4096];
        }
        if (plain) {
            return;
        }
        try {
            tokenizer.setReader(new StringReader(text));
            tokenizer.reset();
            while (tokenizer.incrementToken()) {
                emit(termAttribute.buffer(), 0, termAttribute.length(),
                        offsetAttribute.startOffset(), offsetAttribute.endOffset(), sink);
            }
            tokenizer.end();
        } catch (IOException e) {
            throw new UncheckedIOException("Failed to analyse text from a string reader", e);
        } finally {
            try {
                tokenizer.close();
            } catch (IOException e) {
                // closing a StringReader cannot fail; keep the tokenizer reusable all the same
                throw new UncheckedIOException("Failed to close the tokenizer", e);
            }
        }
    }

    /** The normalised terms of {@code text}, for queries. */
    List<String> terms(String text) {
        List<String> terms = new ArrayList<>();
        analyze(text, (term, length, hash, start, end) -> terms.add(new String(term, 0, length)));
        return terms;
    }

    /** Normalises the token {@code buffer[offset, offset + length)} and hands it to {@code sink}. */
    private void emit(char[] buffer, int offset, int length, int start, int end, TokenSink sink) {
        if (lowered.length < length) {
            lowered = new char[Math.max(length, lowered.length * 2)];
        }
        // most words: ASCII without an apostrophe, so no elision, no possessive and no folding; lower-cased and
        // hashed in one pass
        long ascii = lowerAscii(buffer, offset, length, false);
        if (ascii != NOT_ASCII) {
            sink.token(lowered, length, (int) ascii, start, end);
            return;
        }
        int from = offset + elisionEnd(buffer, offset, length);
        int to = offset + length;
        if (to - from >= 2) {
            char quote = buffer[to - 2];
            char s = buffer[to - 1];
            if ((quote == '\'' || quote == '\u2019' || quote == '\uFF07') && (s == 's' || s == 'S')) {
                to -= 2;
            }
        }
        int n = to - from;
        ascii = lowerAscii(buffer, from, n, true);
        if (ascii != NOT_ASCII) {
            sink.token(lowered, n, (int) ascii, start, end);
            return;
        }
        System.arraycopy(buffer, from, lowered, 0, n);
        CharacterUtils.toLowerCase(lowered, 0, n);
        int maxFolded = 4 * n;
        if (folded.length < maxFolded) {
            folded = new char[Math.max(maxFolded, folded.length * 2)];
        }
        int foldedLength = 0;
        for (int i = 0; i < n; i++) {
            char c = lowered[i];
            char[] replacement = c < 0x80 ? null : FOLDED[c];
            if (replacement == null) {
                folded[foldedLength++] = c;
            } else {
                System.arraycopy(replacement, 0, folded, foldedLength, replacement.length);
                foldedLength += replacement.length;
            }
        }
        int hash = 0;
        for (int i = 0; i < foldedLength; i++) {
            hash = 31 * hash + folded[i];
        }
        sink.token(folded, foldedLength, hash, start, end);
    }

    /**
     * Lower-cases {@code buffer[from, from + n)} into {@link #lowered} if it is all ASCII (and, unless
     * {@code apostrophes}, has no apostrophe), and returns the hash of the result; returns {@link #NOT_ASCII}, with
     * {@link #lowered} partly written, if not.
     */
    private long lowerAscii(char[] buffer, int from, int n, boolean apostrophes) {
        int hash = 0;
        for (int i = 0; i < n; i++) {
            char c = buffer[from + i];
            if (c >= 0x80 || c == '\'' && !apostrophes) {
                return NOT_ASCII;
            }
            char lower = c >= 'A' && c <= 'Z' ? (char) (c + ('a' - 'A')) : c;
            lowered[i] = lower;
            hash = 31 * hash + lower;
        }
        return hash;
    }

    private static char[][] foldingTable() {
        char[][] table = new char[Character.MAX_VALUE + 1][];
        char[] in = new char[1];
        char[] out = new char[8];
        for (int c = 0x80; c <= Character.MAX_VALUE; c++) {
            in[0] = (char) c;
            int length = ASCIIFoldingFilter.foldToASCII(in, 0, out, 0, 1);
            if (length != 1 || out[0] != c) {
                table[c] = Arrays.copyOf(out, length);
            }
        }
        return table;
    }

    /**
     * Where the word of the token {@code text[start, end)} begins once an elided French article is dropped, as the
     * analyser drops it from the term ({@code l'Assemblée}: at {@code A}); {@code start} when there is none.
     */
    static int wordStart(String text, int start, int end) {
        if (start < 0 || end > text.length() || end - start < 2) {
            return start;
        }
        int length = Math.min(end - start, 9);
        char[] head = new char[length];
        text.getChars(start, start + length, head, 0);
        int elided = elisionEnd(head, 0, length);
        return elided > 0 && start + elided < end ? start + elided : start;
    }

    /**
     * Where the word of the token {@code text[start, end)} ends once a possessive {@code 's} is dropped, as the
     * analyser drops it from the term ({@code Bukele's}: after the {@code e}); {@code end} when there is none.
     */
    static int wordEnd(String text, int start, int end) {
        if (start < 0 || end > text.length() || end - start < 3) {
            return end;
        }
        char quote = text.charAt(end - 2);
        char s = text.charAt(end - 1);
        boolean possessive = (quote == '\'' || quote == '\u2019' || quote == '\uFF07') && (s == 's' || s == 'S');
        return possessive ? end - 2 : end;
    }

    /** Where the term starts after ElisionFilter with FrenchAnalyzer's default articles (case-insensitive). */
    private static int elisionEnd(char[] buffer, int offset, int length) {
        int apostrophe = -1;
        for (int i = 0; i < length; i++) {
            char c = buffer[offset + i];
            if (c == '\'' || c == '\u2019') {
                apostrophe = i;
                break;
            }
        }
        if (apostrophe < 1 || apostrophe > 7) {
            return 0;
        }
        return isArticle(buffer, offset, apostrophe) ? apostrophe + 1 : 0;
    }

    private static boolean isArticle(char[] buffer, int offset, int length) {
        char[] lower = new char[length];
        for (int i = 0; i < length; i++) {
            lower[i] = Character.toLowerCase(buffer[offset + i]);
        }
        return switch (new String(lower)) {
            case "l", "m", "t", "qu", "n", "s", "j", "d", "c", "jusqu", "quoiqu", "lorsqu", "puisqu" -> true;
            default -> false;
        };
    }
}
