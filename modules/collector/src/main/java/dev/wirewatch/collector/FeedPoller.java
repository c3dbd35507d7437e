package dev.wirewatch.collector;

import dev.wirewatch.core.model.Feed;
import dev.wirewatch.core.model.FeedHealth;
import dev.wirewatch.core.net.Egress;
import dev.wirewatch.core.net.EgressException;
import dev.wirewatch.core.net.Response;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One poll of one feed: the conditional GET through the egress path, parsing, the items handed to the
 * {@link ItemPublisher}, and the outcome recorded in the feed's state and the meters.
 */
final class FeedPoller {

    private static final Logger LOG = LoggerFactory.getLogger(FeedPoller.class);

    private final Egress egress;
    private final HostLimiter limiter;
    private final FeedParser parser = new FeedParser();
    private final ItemPublisher publisher;
    private final CollectorMetrics metrics;
    private final SitemapParser sitemapParser;
    private final SitemapPoller sitemaps;
    private final WebSubSubscriber webSub;

    /**
     * @param sitemaps where a feed that turns out to be a sitemap (by its content) is read
     * @param webSub told of each feed read, to subscribe at the hub it names
     */
    FeedPoller(Egress egress, HostLimiter limiter, ItemPublisher publisher, CollectorMetrics metrics,
               SitemapParser sitemapParser, SitemapPoller sitemaps, WebSubSubscriber webSub) {
        this.egress = egress;
        this.limiter = limiter;
        this.publisher = publisher;
        this.metrics = metrics;
        this.sitemapParser = sitemapParser;
        this.sitemaps = sitemaps;
        this.webSub = webSub;
    }

    /** Polls the feed once; returns the server's Retry-After when it asked us to wait. */
    Duration poll(FeedState state) throws InterruptedException {
        Feed feed = state.feed();
        URI uri;
        try {
            uri = new URI(feed.url().strip());
        } catch (URISyntaxException e) {
            recordFailure(state, "bad_url", "bad feed URL '" + feed.url() + "': " + e.getMessage());
            return null;
        }
        if (uri.getHost() != null) {
            Instant blocked = limiter.blockedUntil(uri.getHost());
            if (blocked.isAfter(Instant.now())) {
                // the host asked every client to wait: not this feed's failure
                return Duration.between(Instant.now(), blocked);
            }
        }
        long start = System.nanoTime();
        Instant startedAt = Instant.now();
        Response result;
        try {
            result = egress.get(uri.toString(), state.validators().headers(Collector.FEED_ACCEPT));
            if (result.status() != 304) {
                result.requireOk();
            }
        } catch (EgressException e) {
            metrics.recordFeedFetch(start);
            recordFailure(state, e.kind().tag(), e.getMessage());
            return e.retryAfter();
        }
        metrics.recordFeedFetch(start);
        if (result.status() == 304) {
            metrics.pollsNotModified.increment();
            succeed(state, null, null, 0, null);
            return null;
        }
        if (sitemapParser.looksLikeSitemap(result.body())) {
            // a feed record without a type whose URL gives a sitemap: read it as one
            state.readAsSitemap(true);
            return sitemaps.read(state, result, List.of(uri.toString()));
        }
        state.readAsSitemap(false);
        ParsedFeed parsed;
        try {
            parsed = parser.parse(result.body(), result.contentType(), result.uri());
        } catch (FeedParseException e) {
            recordFailure(state, "parse", "cannot parse " + result.uri() + ": " + e.getMessage());
            return null;
        }
        webSub.discovered(feed, result.headers().allValues("Link"), result.body(), result.uri());
        int fresh = publisher.publishItems(feed, parsed);
        webSub.polled(feed.id(), startedAt, fresh);
        metrics.pollsOk.increment();
        List<Instant> dates = parsed.items().stream().map(i -> i.publishedAt() != null ? i.publishedAt() : i.updatedAt()).toList();
        succeed(state, result.header("ETag"), result.header("Last-Modified"), fresh, dates);
        return null;
    }

    static void succeed(FeedState state, String etag, String lastModified, int fresh, List<Instant> dates) {
        if (state.success(Instant.now(), etag, lastModified, fresh, dates)) {
            FeedHealth health = state.health(Instant.now());
            LOG.info("Feed {} recovered: {}", health.feedId(), health);
        }
    }

    void recordFailure(FeedState state, String kind, String message) {
        recordFailure(metrics, state, kind, message);
    }

    static void recordFailure(CollectorMetrics metrics, FeedState state, String kind, String message) {
        metrics.pollsFailed.increment();
        metrics.error(kind);
        int failures = state.failure(message);
        if (failures == 1) {
            LOG.warn("Feed {} failing ({}): {}", state.feed().id(), kind, message);
        } else {
            LOG.info("Feed {} failed {} times in a row ({}): {}", state.feed().id(), failures, kind, message);
        }
    }
}
