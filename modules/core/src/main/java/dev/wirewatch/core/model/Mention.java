package dev.wirewatch.core.model;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One tracked topic found in one article, the value of {@code wirewatch.mentions}, keyed by {@link #topicId}.
 *
 * @param id {@code articleId + ":" + topicId}, stable across re-tagging
 * @param storyId the id of the story (cluster of near-duplicate articles) the article belongs to
 * @param firstInStory whether this is the first mention of that story for this topic
 * @param matchedClauses the query clauses that matched, for the explain view
 * @param snippet a short excerpt around the first hit, ready for an alert
 */
public record Mention(
        int schemaVersion,
        String id,
        String topicId,
        long topicVersion,
        String topicName,
        String articleId,
        int articleVersion,
        String url,
        String title,
        String source,
        String language,
        Instant publishedAt,
        Instant taggedAt,
        String storyId,
        boolean firstInStory,
        List<Highlight> highlights,
        String snippet,
        List<String> matchedClauses) {

    public static final int SCHEMA_VERSION = 1;

    public Mention {
        Objects.requireNonNull(topicId, "topicId");
        Objects.requireNonNull(articleId, "articleId");
        if (schemaVersion == 0) {
            schemaVersion = SCHEMA_VERSION;
        }
        if (id == null) {
            id = idFor(articleId, topicId);
        }
        highlights = highlights == null ? List.of() : List.copyOf(highlights);
        matchedClauses = matchedClauses == null ? List.of() : List.copyOf(matchedClauses);
    }

    /** The mention id of a (article, topic) pair. */
    public static String idFor(String articleId, String topicId) {
        return articleId + ":" + topicId;
    }
}
