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
 * @param fetchedAt when the collector fetched the article (the article's {@code fetchedAt})
 * @param matchedTopics every tracked topic the article matched, this one included, in topic id order; in an alert,
 *     the topics of the subscription that the article matched. Empty in records written before the field existed.
 * @param feedId the feed the article came from (the article's {@code feedId}), for freshness per feed
 * @param snippetHighlights the matched spans of this topic in {@link #snippet}, offsets into it, field
 *     {@code "snippet"}
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
        List<String> matchedClauses,
        Instant fetchedAt,
        List<MatchedTopic> matchedTopics,
        List<Highlight> snippetHighlights,
        String feedId) {

    public static final int SCHEMA_VERSION = 1;

    /** A mention without fetch time, matched topics or snippet spans, as written before those fields existed. */
    public Mention(int schemaVersion, String id, String topicId, long topicVersion, String topicName, String articleId,
            int articleVersion, String url, String title, String source, String language, Instant publishedAt,
            Instant taggedAt, String storyId, boolean firstInStory, List<Highlight> highlights, String snippet,
            List<String> matchedClauses) {
        this(schemaVersion, id, topicId, topicVersion, topicName, articleId, articleVersion, url, title, source,
                language, publishedAt, taggedAt, storyId, firstInStory, highlights, snippet, matchedClauses, null,
                null, null, null);
    }

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
        matchedTopics = matchedTopics == null ? List.of() : List.copyOf(matchedTopics);
        snippetHighlights = snippetHighlights == null ? List.of() : List.copyOf(snippetHighlights);
    }

    /**
     * The ids of the topics this mention stands for: those of {@link #matchedTopics}, or this mention's own topic
     * when the list is empty (a record written before it existed).
     */
    public List<String> topicIds() {
        if (matchedTopics.isEmpty()) {
            return List.of(topicId);
        }
        return matchedTopics.stream().map(MatchedTopic::topicId).toList();
    }

    /** This mention with another list of matched topics (an alert's: the subscription's share of them). */
    public Mention withMatchedTopics(List<MatchedTopic> topics) {
        return new Mention(schemaVersion, id, topicId, topicVersion, topicName, articleId, articleVersion, url, title,
                source, language, publishedAt, taggedAt, storyId, firstInStory, highlights, snippet, matchedClauses,
                fetchedAt, topics, snippetHighlights, feedId);
    }

    /** The mention id of a (article, topic) pair. */
    public static String idFor(String articleId, String topicId) {
        return articleId + ":" + topicId;
    }
}
