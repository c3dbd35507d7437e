package dev.wirewatch.core.model;

import java.util.List;
import java.util.Objects;

/**
 * One tracked topic that an article matched, as listed in each of the article's mentions and in alerts.
 *
 * <p>In {@code wirewatch.mentions} every mention of an article lists every topic the article matched, so that a reader
 * of any one of them (the fan-out) knows them all without waiting for the others. In an alert the list is cut down to
 * the topics of the subscription.
 *
 * @param highlights this topic's matched spans: {@code "title"} spans are offsets into the mention's title,
 *     {@code "snippet"} spans offsets into the snippet of the mention that carries this entry
 * @param matchedClauses the topic's query clauses that matched
 */
public record MatchedTopic(String topicId, String topicName, List<Highlight> highlights, List<String> matchedClauses) {

    public MatchedTopic {
        Objects.requireNonNull(topicId, "topicId");
        highlights = highlights == null ? List.of() : List.copyOf(highlights);
        matchedClauses = matchedClauses == null ? List.of() : List.copyOf(matchedClauses);
    }
}
