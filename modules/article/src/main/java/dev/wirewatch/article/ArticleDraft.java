package dev.wirewatch.article;

import dev.wirewatch.core.model.Article;
import dev.wirewatch.core.model.ArticleIds;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Instant;
import java.util.Locale;
import java.util.Objects;

/**
 * What is known of an article before it is published, and the one way it becomes an {@link Article}: the id from the
 * URL it is known by, the canonical URL, the source host without {@code www.}, and the content hash, alike for an
 * article from a feed and one submitted to the console.
 *
 * @param link the URL the article was found at (a feed item's link, a submitted URL)
 * @param identityUrl the URL the article is known by: its page's own canonical URL when plausible, else the link
 * @param title the title; empty when none
 * @param body the main text; empty when none
 * @param language an ISO 639-1 code, or null; the summary, the author and the publication time may be null too
 */
public record ArticleDraft(String link, String identityUrl, String feedId, String title, String summary, String body,
        String author, String language, Instant publishedAt) {

    public ArticleDraft {
        Objects.requireNonNull(link, "link");
        Objects.requireNonNull(identityUrl, "identityUrl");
        Objects.requireNonNull(feedId, "feedId");
        title = title == null ? "" : title;
        body = body == null ? "" : body;
        language = language == null ? null : language.toLowerCase(Locale.ROOT);
    }

    /**
     * The URL an article is known by: the page's own canonical URL when it points at an article page, else the link
     * (a feed that links through a redirector or with tracking parameters then dedups on the page's URL).
     */
    public static String identityUrl(String link, ExtractedPage page) {
        if (page != null && page.canonicalUrl() != null && plausibleCanonical(page.canonicalUrl())) {
            return page.canonicalUrl();
        }
        return link;
    }

    private static boolean plausibleCanonical(String url) {
        try {
            URI uri = new URI(url);
            // a canonical link to the home page is a template error, not the article's URL
            return Text.isWeb(uri) && uri.getPath() != null && uri.getPath().length() > 1;
        } catch (URISyntaxException e) {
            return false;
        }
    }

    /** The article id: a stable hash of the canonical identity URL. */
    public String id() {
        return ArticleIds.idFor(identityUrl);
    }

    /** The hash of what the article says (title and text), which tells an edit from a re-publication. */
    public String contentHash() {
        return ArticleIds.sha256Hex(title + "\n" + body).substring(0, 32);
    }

    /** The article record of this draft at a version, received now. */
    public Article toArticle(int version, Instant receivedAt) {
        return new Article(Article.SCHEMA_VERSION, id(), version, link, ArticleIds.canonicalize(identityUrl), feedId,
                ArticleIds.sourceHost(identityUrl), title, summary, body, author, language,
                publishedAt, receivedAt, contentHash());
    }
}
