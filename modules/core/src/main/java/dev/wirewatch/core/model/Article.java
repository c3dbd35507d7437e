package dev.wirewatch.core.model;

import java.time.Instant;
import java.util.Objects;

/**
 * One news article, the value of {@code wirewatch.articles}, keyed by {@link #id}.
 *
 * <p>The id is a stable hash of the canonical URL ({@link ArticleIds}); an edited article is published again
 * with the same id and a higher {@link #version}.
 *
 * @param source the host the article came from, for {@code source:} filters
 * @param contentHash a hash of title and body, so that readers can tell an edit from a repeat
 */
public record Article(
        int schemaVersion,
        String id,
        int version,
        String url,
        String canonicalUrl,
        String feedId,
        String source,
        String title,
        String summary,
        String body,
        String author,
        String language,
        Instant publishedAt,
        Instant fetchedAt,
        String contentHash) {

    public static final int SCHEMA_VERSION = 1;

    public Article {
        Objects.requireNonNull(id, "id");
        if (schemaVersion == 0) {
            schemaVersion = SCHEMA_VERSION;
        }
        if (version == 0) {
            version = 1;
        }
        title = title == null ? "" : title;
        body = body == null ? "" : body;
    }

    /** The text that the matcher reads as the body: the full text, or the feed summary when there is none. */
    public String bodyOrSummary() {
        return !body.isEmpty() ? body : summary == null ? "" : summary;
    }
}
