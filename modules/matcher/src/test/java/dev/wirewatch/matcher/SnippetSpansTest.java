package dev.wirewatch.matcher;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wirewatch.core.model.Highlight;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A span carried into a snippet covers what the snippet shows of it: no punctuation, no stop word left alone. */
class SnippetSpansTest {

    @Test
    void aPhraseCutAfterItsPunctuationKeepsItsWordsOnly() {
        String text = textCutAfter("Confinement,", "Confinement, Center");
        String snippet = Snippets.around(text, 0, 3);
        int phrase = text.indexOf("Confinement, Center");
        List<Highlight> spans = SnippetSpans.project(text, "body", 0, snippet, List.of(
                new Highlight("body", 0, 3), new Highlight("body", phrase, phrase + "Confinement, Center".length())));
        assertThat(spans).extracting(h -> snippet.substring(h.start(), h.end())).containsExactly("HIT", "Confinement");
    }

    @Test
    void aPhraseCutToAStopWordIsNotDrawn() {
        String text = textCutAfter("la", "la final");
        String snippet = Snippets.around(text, 0, 3);
        int phrase = text.indexOf("la final");
        List<Highlight> spans = SnippetSpans.project(text, "body", 0, snippet, List.of(
                new Highlight("body", 0, 3), new Highlight("body", phrase, phrase + "la final".length())));
        assertThat(spans).extracting(h -> snippet.substring(h.start(), h.end())).containsExactly("HIT");
    }

    /** A text starting with a hit whose snippet's end falls inside {@code phrase}, right after {@code shown}. */
    private static String textCutAfter(String shown, String phrase) {
        for (int k = 0; k < 100; k++) {
            String text = "HIT" + " xx".repeat(k) + " " + phrase + " tail" + " word".repeat(60);
            String snippet = Snippets.around(text, 0, 3);
            if (snippet.endsWith(" " + shown + "\u2026")) {
                return text;
            }
        }
        throw new AssertionError("no text cuts \"" + phrase + "\" after \"" + shown + "\"");
    }
}
