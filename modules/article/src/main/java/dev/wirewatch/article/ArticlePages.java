package dev.wirewatch.article;

import dev.wirewatch.core.net.Egress;
import dev.wirewatch.core.net.EgressException;
import dev.wirewatch.core.net.Response;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.FutureTask;
import java.util.concurrent.RejectedExecutionException;

/**
 * Fetches an article's page through the {@link Egress} path and extracts it: the one way a page becomes an
 * {@link ExtractedPage}, for a feed item's link and for a URL submitted to the console alike. Thread-safe.
 *
 * <p>Fetching waits on the network and runs on the caller's thread, typically a virtual one. Extraction (parsing,
 * scoring, language detection) is CPU work that a virtual thread never yields in the middle of: on a small machine a
 * few extractions hold every carrier thread, and every other virtual thread of the process (webhook deliveries in
 * one-JVM deployments, other polls) waits behind them. Given an executor of platform threads, the page is extracted
 * there while the caller's virtual thread waits unmounted, and the operating system shares the cores fairly.
 */
public final class ArticlePages {

    /** The {@code Accept} header of a page request. */
    public static final String ACCEPT = "text/html, application/xhtml+xml;q=0.9, */*;q=0.5";

    private final Egress egress;
    private final Extractor extractor;
    private final Executor extraction;

    /** Pages extracted on the caller's thread. */
    public ArticlePages(Egress egress, Extractor extractor) {
        this(egress, extractor, Runnable::run);
    }

    /**
     * Pages extracted on {@code extraction} (a pool of platform threads sized to the cores); when it refuses the work
     * (shut down), on the caller's thread.
     */
    public ArticlePages(Egress egress, Extractor extractor, Executor extraction) {
        this.egress = Objects.requireNonNull(egress, "egress");
        this.extractor = Objects.requireNonNull(extractor, "extractor");
        this.extraction = Objects.requireNonNull(extraction, "extraction");
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
        FutureTask<ExtractedPage> task = new FutureTask<>(
                () -> extractor.extract(response.body(), response.contentType(), response.uri().toString()));
        try {
            extraction.execute(task);
        } catch (RejectedExecutionException e) {
            task.run();
        }
        try {
            return task.get();
        } catch (InterruptedException e) {
            task.cancel(true);
            throw e;
        } catch (CancellationException e) {
            throw new UnreadablePage("extraction of " + url + " was cancelled", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException || cause instanceof StackOverflowError) {
                throw new UnreadablePage("extraction failed on " + url + ": " + cause, cause);
            }
            if (cause instanceof Error error) {
                throw error;
            }
            throw new IllegalStateException("extraction failed on " + url, cause);
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
