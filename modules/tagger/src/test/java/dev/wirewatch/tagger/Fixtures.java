package dev.wirewatch.tagger;

import dev.wirewatch.core.model.Article;
import dev.wirewatch.core.model.ArticleIds;
import dev.wirewatch.core.model.TrackedTopic;
import java.time.Instant;

/** Articles and tracked topics for the tagger's tests. */
final class Fixtures {

    static final Instant T0 = Instant.parse("2026-11-27T10:00:00Z");

    private Fixtures() {
    }

    static Article article(String url, String title, String body) {
        return new Article(Article.SCHEMA_VERSION, ArticleIds.idFor(url), 1, url, ArticleIds.canonicalize(url), "feed",
                java.net.URI.create(url).getHost(), title, null, body, null, "es", T0, T0, ArticleIds.sha256Hex(title + body));
    }

    static TrackedTopic topic(String id, String query, long version) {
        return new TrackedTopic(TrackedTopic.SCHEMA_VERSION, id, id.toUpperCase(java.util.Locale.ROOT), query, version,
                null, true, T0);
    }

    static TrackedTopic disabled(String id, String query, long version) {
        return new TrackedTopic(TrackedTopic.SCHEMA_VERSION, id, id, query, version, null, false, T0);
    }
}
