package dev.wirewatch.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wirewatch.core.model.Highlight;
import java.util.List;
import org.junit.jupiter.api.Test;

class ExcerptTest {

    private static String marked(Excerpt e) {
        StringBuilder out = new StringBuilder(e.text());
        for (int i = e.marks().size() - 1; i >= 0; i--) {
            int[] m = e.marks().get(i);
            out.insert(m[1], "]").insert(m[0], "[");
        }
        return out.toString();
    }

    @Test
    void marksEveryHitInsideTheExcerptWithWhiteSpaceCollapsed() {
        String text = "Lorem ipsum  dolor.\n\nEl CECOT,   el Centro de\nConfinamiento del Terrorismo, recibió a 238 venezolanos.";
        int cecot = text.indexOf("CECOT");
        int centro = text.indexOf("Centro");
        int end = text.indexOf(", recibió");
        Excerpt e = Excerpt.of(text, "body", List.of(new Highlight("title", 0, 3), new Highlight("body", cecot, cecot + 5),
                new Highlight("body", centro, end)));
        assertThat(marked(e)).isEqualTo("Lorem ipsum dolor. El [CECOT], el [Centro de Confinamiento del Terrorismo], recibió a 238 venezolanos.");
    }

    @Test
    void longTextsAreCutOnWordsAroundTheFirstHit() {
        String text = "palabra ".repeat(40) + "Bukele " + "relleno ".repeat(60);
        int at = text.indexOf("Bukele");
        Excerpt e = Excerpt.of(text, "body", List.of(new Highlight("body", at, at + 6)));
        assertThat(e.text()).startsWith("\u2026palabra").endsWith("relleno\u2026");
        assertThat(e.text().length()).isLessThan(260);
        assertThat(marked(e)).contains("[Bukele]");
    }

    @Test
    void withoutHitsTheExcerptIsTheStart() {
        Excerpt e = Excerpt.of("Short text.", "body", List.of());
        assertThat(e.text()).isEqualTo("Short text.");
        assertThat(e.marks()).isEmpty();
    }
}
