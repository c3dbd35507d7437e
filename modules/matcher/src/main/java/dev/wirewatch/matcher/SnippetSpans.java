package dev.wirewatch.matcher;

import dev.wirewatch.core.model.Highlight;
import java.util.ArrayList;
import java.util.List;

/**
 * Carries highlights from a field (offsets into the title or body) into a snippet cut from it, so that an alert draws
 * exactly the spans the matcher found, not words searched for again.
 */
public final class SnippetSpans {

    /** The field of a span inside a snippet. */
    public static final String SNIPPET = "snippet";

    private SnippetSpans() {
    }

    /**
     * The spans of {@code highlights} in field {@code field} that {@code snippet} shows, as offsets into the snippet
     * (a span cut by the snippet's edge is cut there too).
     *
     * @param text the field's text
     * @param from where the snippet's text begins in it ({@link Match#snippetFrom()})
     */
    public static List<Highlight> project(String text, String field, int from, String snippet,
            List<Highlight> highlights) {
        if (snippet == null || snippet.isEmpty() || text == null || from < 0 || from > text.length()) {
            return List.of();
        }
        int[] at = Snippets.positions(text, from, snippet);
        List<Highlight> out = new ArrayList<>();
        for (Highlight h : highlights) {
            if (!field.equals(h.field())) {
                continue;
            }
            int first = -1;
            int last = -1;
            for (int i = Math.max(h.start(), from); i < h.end() && i - from < at.length; i++) {
                int p = at[i - from];
                if (p >= 0) {
                    if (first < 0) {
                        first = p;
                    }
                    last = p;
                }
            }
            if (first >= 0) {
                out.add(new Highlight(SNIPPET, first, last + 1));
            }
        }
        return out;
    }
}
