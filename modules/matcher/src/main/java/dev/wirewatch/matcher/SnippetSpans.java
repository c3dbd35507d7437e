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
            // a span cut by the snippet's edge may end (or start) on the punctuation inside a phrase, which is not drawn
            while (first >= 0 && first <= last && punctuation(snippet.charAt(last))) {
                last--;
            }
            while (first >= 0 && first <= last && punctuation(snippet.charAt(first))) {
                first++;
            }
            // nor is what is left of a phrase the edge cut if that is a stop word ("la" of "la final")
            if (first >= 0 && first <= last && !StopWords.is(snippet.substring(first, last + 1))) {
                out.add(new Highlight(SNIPPET, first, last + 1));
            }
        }
        return out;
    }

    private static boolean punctuation(char c) {
        return switch (Character.getType(c)) {
            case Character.START_PUNCTUATION, Character.END_PUNCTUATION, Character.INITIAL_QUOTE_PUNCTUATION,
                    Character.FINAL_QUOTE_PUNCTUATION, Character.OTHER_PUNCTUATION, Character.DASH_PUNCTUATION,
                    Character.SPACE_SEPARATOR -> true;
            default -> false;
        };
    }
}
