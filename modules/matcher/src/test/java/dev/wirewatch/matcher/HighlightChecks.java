package dev.wirewatch.matcher;

import dev.wirewatch.core.model.Highlight;
import java.util.ArrayList;
import java.util.List;

/** What a highlight must never be: a span that starts or ends on punctuation or white space, or a stop word alone. */
final class HighlightChecks {

    private HighlightChecks() {
    }

    /** The highlights of {@code match} (title, body and snippet) that break a rule, each with the text it covers. */
    static List<String> faults(Document document, Match match) {
        List<String> faults = new ArrayList<>();
        for (Highlight h : match.highlights()) {
            check(h, h.field().equals("title") ? document.title() : document.body(), faults);
        }
        for (Highlight h : match.snippetHighlights()) {
            check(h, match.snippet(), faults);
        }
        return faults;
    }

    private static void check(Highlight h, String text, List<String> faults) {
        if (h.start() < 0 || h.end() > text.length() || h.start() >= h.end()) {
            faults.add(h + " out of its text");
            return;
        }
        String covered = text.substring(h.start(), h.end());
        if (edge(covered.codePointAt(0)) || edge(covered.codePointBefore(covered.length()))) {
            faults.add(h.field() + ": \"" + covered + "\" has punctuation or space at an edge");
        }
        if (StopWords.is(covered)) {
            faults.add(h.field() + ": \"" + covered + "\" is a stop word alone");
        }
    }

    private static boolean edge(int c) {
        return Character.isWhitespace(c) || Character.isSpaceChar(c) || switch (Character.getType(c)) {
            case Character.START_PUNCTUATION, Character.END_PUNCTUATION, Character.INITIAL_QUOTE_PUNCTUATION,
                    Character.FINAL_QUOTE_PUNCTUATION, Character.OTHER_PUNCTUATION, Character.DASH_PUNCTUATION -> true;
            default -> false;
        };
    }
}
