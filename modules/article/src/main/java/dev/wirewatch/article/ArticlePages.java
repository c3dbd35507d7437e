package dev.wirewatch.article;

import dev.wirewatch.core.net.Egress;
import dev.wirewatch.core.net.EgressException;
import dev.wirewatch.core.net.Response;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Fetches an article's page through the {@link Egress} path and extracts it: the one way a page becomes an
 * {@link ExtractedPage}, for a feed item's link and for a URL submitted to the console alike. Thread-safe.
 */
public final class ArticlePages {

    /** The {@code Accept} header of a page request. */
    public static final String ACCEPT = "text/html, application/xhtml+xml;q=0.9, */*;q=0.5";

    private final Egress egress;
    private final Extractor extractor;

    public ArticlePages(Egress egress, Extractor extractor) {
        this.egress = Objects.requireNonNull(egress, "egress");
        this.extractor = Objects.requireNonNull(extractor, "extractor");
    }

    /**
     * Fetches a page (redirects followed) and extracts it; the page's URL for relative links is the final one.
     *
     * @throws EgressException when the page cannot be fetched, with its kind (a status other than 2xx included)
     * @throws UnreadablePage when the response is not HTML or extraction fails
     */
    public ExtractedPage read(String url) throws EgressException, UnreadablePage, InterruptedException {
        Response response = egress.get(url, Map.of("Accept", ACCEPT)).requireOk();
        String type = response.contentType() == null ? "" : response.contentType().toLowerCase(Locale.ROOT);
        if (!type.isEmpty() && !type.contains("html") && !type.contains("xml") && !type.startsWith("text/")) {
            throw new UnreadablePage("page " + url + " is " + type + ", not HTML");
        }
        try {
            return extractor.extract(response.body(), response.contentType(), response.uri().toString());
        } catch (RuntimeException | StackOverflowError e) {
            throw new UnreadablePage("extraction failed on " + url + ": " + e, e);
        }
    }

    /** A page that was fetched but cannot be read as an article. */
    public static final class UnreadablePage extends Exception {

        private static final long serialVersionUID = 1L;

        UnreadablePage(String message) {
            super(message);
        }

        UnreadablePage(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
