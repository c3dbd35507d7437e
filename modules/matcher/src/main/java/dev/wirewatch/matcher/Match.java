package dev.wirewatch.matcher;

import dev.wirewatch.core.model.Highlight;
import java.util.List;
import java.util.Objects;

/**
 * One tracked topic that matched one document, with what an alert needs to show why.
 *
 * @param highlights the matched spans in title and body, title first, in text order, overlaps merged; a phrase is one
 *     span, and a span of a single stop word is left out
 * @param snippet a short excerpt of the text around the first hit (in the body when the body has one)
 * @param matchedClauses the query's clauses that matched, as written in the query
 * @param snippetHighlights the highlights that fall in the snippet, as offsets into it (field {@code "snippet"})
 * @param snippetField the field the snippet was cut from, {@code "title"} or {@code "body"}
 * @param snippetFrom the offset in that field where the snippet's text begins, for {@link SnippetSpans#project}
 */
public record Match(String topicId, List<Highlight> highlights, String snippet, List<String> matchedClauses,
        List<Highlight> snippetHighlights, String snippetField, int snippetFrom) {

    public Match {
        Objects.requireNonNull(topicId, "topicId");
        highlights = List.copyOf(highlights);
        snippet = snippet == null ? "" : snippet;
        matchedClauses = List.copyOf(matchedClauses);
        snippetHighlights = snippetHighlights == null ? List.of() : List.copyOf(snippetHighlights);
        snippetField = snippetField == null ? "body" : snippetField;
    }

    /** A match without snippet spans. */
    public Match(String topicId, List<Highlight> highlights, String snippet, List<String> matchedClauses) {
        this(topicId, highlights, snippet, matchedClauses, List.of(), "body", 0);
    }
}
