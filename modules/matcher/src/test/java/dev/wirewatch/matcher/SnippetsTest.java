package dev.wirewatch.matcher;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wirewatch.matcher.TestCorpus.Article;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Snippets cut on word boundaries, keep surrogate pairs whole, and equal a plain reference implementation. */
class SnippetsTest {

    @Test
    void cutsOnSpacesWithEllipsesAndCollapsedWhiteSpace() {
        String text = "word ".repeat(40) + "HIT" + "   tail\n\tword".repeat(40);
        int start = text.indexOf("HIT");
        String snippet = Snippets.around(text, start, start + 3);
        assertThat(snippet).startsWith("\u2026word ").endsWith("tail\u2026").contains(" HIT tail word tail ")
                .doesNotContain("  ").doesNotContain("\n");
        assertThat(Snippets.around("short HIT text", 6, 9)).isEqualTo("short HIT text");
        assertThat(Snippets.around("", 0, 0)).isEmpty();
    }

    @Test
    void keepsSurrogatePairsWhole() {
        String emoji = "\uD83D\uDE00";
        String text = emoji.repeat(200) + "HIT" + emoji.repeat(200);
        int start = text.indexOf("HIT");
        String snippet = Snippets.around(text, start, start + 3);
        String inner = snippet.substring(1, snippet.length() - 1);
        assertThat(Character.isLowSurrogate(inner.charAt(0))).isFalse();
        assertThat(Character.isHighSurrogate(inner.charAt(inner.length() - 1))).isFalse();
        assertThat(snippet).isEqualTo(reference(text, start, start + 3));
    }

    @Test
    void equalsTheReferenceOnCorpusTextsAndEdges() {
        List<String> texts = new ArrayList<>(List.of("a", " ", "x\u2003y\u00A0z", "\uD83D\uDE00 a \uD83D\uDE00",
                "  leading and trailing  ", "w ".repeat(300)));
        Path corpora = TestCorpus.corpora();
        if (corpora != null) {
            for (Article article : TestCorpus.newsEs(corpora, 200)) {
                texts.add(article.document().body());
            }
        }
        Random random = new Random(7);
        int checked = 0;
        for (String text : texts) {
            for (int i = 0; i < 40; i++) {
                int start = text.isEmpty() ? 0 : random.nextInt(text.length() + 1);
                int end = Math.min(text.length(), start + random.nextInt(30));
                assertThat(Snippets.around(text, start, end)).as("%d..%d of %s", start, end, text)
                        .isEqualTo(reference(text, start, end));
                checked++;
            }
        }
        assertThat(checked).isGreaterThan(200);
    }

    /** The first implementation, character by character on the string: the specification the fast one keeps to. */
    private static String reference(String text, int start, int end) {
        int from = Math.max(0, start - Snippets.BEFORE);
        int to = Math.min(text.length(), Math.max(end, start) + Snippets.AFTER);
        if (from > 0) {
            int space = -1;
            for (int i = from; i < start && space < 0; i++) {
                space = Character.isWhitespace(text.charAt(i)) ? i : -1;
            }
            from = space >= 0 ? space + 1 : from;
        }
        if (to < text.length()) {
            int space = -1;
            for (int i = to - 1; i >= Math.max(end, from) && space < 0; i--) {
                space = Character.isWhitespace(text.charAt(i)) ? i : -1;
            }
            to = space > 0 ? space : to;
        }
        if (from < text.length() && Character.isLowSurrogate(text.charAt(from)) && from > 0) {
            from--;
        }
        if (to > 0 && to < text.length() && Character.isHighSurrogate(text.charAt(to - 1))) {
            to++;
        }
        StringBuilder out = new StringBuilder();
        if (from > 0) {
            out.append('\u2026');
        }
        boolean space = false;
        for (int i = from; i < to; i++) {
            char c = text.charAt(i);
            if (Character.isWhitespace(c) || Character.isSpaceChar(c)) {
                space = true;
            } else {
                if (space && !out.isEmpty() && out.charAt(out.length() - 1) != '\u2026') {
                    out.append(' ');
                }
                space = false;
                out.append(c);
            }
        }
        if (to < text.length()) {
            out.append('\u2026');
        }
        return out.toString();
    }
}
