package dev.wirewatch.matcher;

import dev.wirewatch.core.model.Highlight;
import java.util.List;
import java.util.Objects;

/**
 * One tracked topic that matched one document, with what an alert needs to show why.
 *
 * @param highlights the matched spans in title and body, title first, in text order, overlaps merged
 * @param snippet a short excerpt of the text around the first hit (in the body when the body has one)
 * @param matchedClauses the query's clauses that matched, as written in the query
 */
public record Match(String topicId, List<Highlight> highlights, String snippet, List<String> matchedClauses) {

    public Match {
        Objects.requireNonNull(topicId, "topicId");
        highlights = List.copyOf(highlights);
        snippet = snippet == null ? "" : snippet;
        matchedClauses = List.copyOf(matchedClauses);
    }
}
