package dev.wirewatch.alerter.delivery;

import dev.wirewatch.core.model.Highlight;
import dev.wirewatch.core.model.MatchedTopic;
import dev.wirewatch.core.model.Mention;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The spans to emphasise in a mention's title and snippet: exactly those the matcher found, for every topic the alert
 * names ({@link Mention#matchedTopics()}), or the mention's own when it lists none (a record written before the list
 * existed). Title spans are offsets into the title, snippet spans offsets into the snippet; nothing is searched for
 * again, so a phrase is drawn as the phrase and a function word inside it is never drawn alone.
 */
final class Highlighter {

    /** A half-open span {@code [start, end)}. */
    record Span(int start, int end) {
    }

    private Highlighter() {
    }

    /** The title's highlighted spans, in order, overlapping ones merged, out-of-range ones dropped. */
    static List<Span> titleSpans(Mention mention) {
        return spans(mention, "title", mention.title(), mention.highlights());
    }

    /** The snippet's highlighted spans, in order, overlapping ones merged, out-of-range ones dropped. */
    static List<Span> snippetSpans(Mention mention) {
        return spans(mention, "snippet", mention.snippet(), mention.snippetHighlights());
    }

    private static List<Span> spans(Mention mention, String field, String text, List<Highlight> own) {
        int length = text == null ? 0 : text.length();
        List<Span> spans = new ArrayList<>();
        if (mention.matchedTopics().isEmpty()) {
            add(spans, own, field, length);
        } else {
            for (MatchedTopic topic : mention.matchedTopics()) {
                add(spans, topic.highlights(), field, length);
            }
        }
        return merge(spans);
    }

    private static void add(List<Span> spans, List<Highlight> highlights, String field, int length) {
        for (Highlight h : highlights) {
            if (field.equals(h.field()) && h.start() >= 0 && h.end() <= length && h.start() < h.end()) {
                spans.add(new Span(h.start(), h.end()));
            }
        }
    }

    private static List<Span> merge(List<Span> spans) {
        if (spans.size() < 2) {
            return spans;
        }
        List<Span> sorted = new ArrayList<>(spans);
        sorted.sort(Comparator.comparingInt(Span::start));
        List<Span> out = new ArrayList<>();
        Span current = sorted.get(0);
        for (Span next : sorted.subList(1, sorted.size())) {
            if (next.start() <= current.end()) {
                current = new Span(current.start(), Math.max(current.end(), next.end()));
            } else {
                out.add(current);
                current = next;
            }
        }
        out.add(current);
        return out;
    }
}
