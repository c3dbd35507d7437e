package dev.wirewatch.collector;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * The names of the collector's meters, {@code wirewatch.collector.<what>}; dashboards, alerts and the Helm chart read
 * them, so change them only by adding.
 *
 * <p>The egress path's own counters are named where it is built.
 */
final class CollectorMeters {

    static final String ARTICLES_PUBLISHED = "wirewatch.collector.articles.published";
    static final String EXTRACTION_FAILURES = "wirewatch.collector.extraction.failures";
    /** Tagged {@code kind}: feed or page. */
    static final String FETCH_LATENCY = "wirewatch.collector.fetch.latency";
    /**
     * Timer, tag {@code hop} = {@code published-to-fetched}: from a new article's publication to its fetch, the first
     * hop of the alerter's {@code wirewatch.alerter.freshness}.
     */
    static final String FRESHNESS = "wirewatch.collector.freshness";
    static final String FEEDS = "wirewatch.collector.feeds";
    static final String FEEDS_FAILING = "wirewatch.collector.feeds.failing";
    static final String FEEDS_SILENT = "wirewatch.collector.feeds.silent";
    static final String DEDUP_SIZE = "wirewatch.collector.dedup.size";
    /** Tagged {@code outcome}. */
    static final String POLLS = "wirewatch.collector.polls";
    /** Tagged {@code kind}; see {@link #errors}. */
    static final String ERRORS = "wirewatch.collector.errors";
    /** Tagged {@code result}. */
    static final String ITEMS = "wirewatch.collector.items";
    /** Pages (tag {@code source}: page) not fetched because robots.txt disallows them. */
    static final String ROBOTS_REFUSED = "wirewatch.collector.robots.refused";
    /** robots.txt fetches, tagged {@code outcome}: ok, missing (4xx: everything allowed), error (nothing allowed for a while). */
    static final String ROBOTS_FETCHES = "wirewatch.collector.robots.fetches";
    /** Sitemap URLs, tagged {@code result}: listed (every URL read), new (handed on to become articles). */
    static final String SITEMAP_URLS = "wirewatch.collector.sitemap.urls";
    /** Sitemap reads cut short, tagged {@code limit}: children, depth. */
    static final String SITEMAP_LIMITED = "wirewatch.collector.sitemap.limited";
    /** WebSub subscription requests, tagged {@code outcome}: subscribe_accepted, subscribe_failed, renewal, ... */
    static final String WEBSUB_REQUESTS = "wirewatch.collector.websub.requests";
    /** Intent verifications answered, tagged {@code mode}. */
    static final String WEBSUB_VERIFICATIONS = "wirewatch.collector.websub.verifications";
    /** Verified pushes, tagged {@code result}: published, forwarded, unreadable. */
    static final String WEBSUB_PUSHES = "wirewatch.collector.websub.pushes";
    /** Verified subscriptions that fell back to polling, tagged {@code reason}: renewal_failed, lease_lapsed, missed_push. */
    static final String WEBSUB_FALLBACKS = "wirewatch.collector.websub.fallbacks";
    /** Callbacks refused, tagged {@code reason}: unknown, signature, too_large, bad_request. */
    static final String WEBSUB_REFUSED = "wirewatch.collector.websub.refused";
    /** Per feed, tagged {@code feed}. */
    static final String FEED_CONSECUTIVE_FAILURES = "wirewatch.collector.feed.consecutive.failures";
    static final String FEED_LAST_SUCCESS = "wirewatch.collector.feed.last.success";
    static final String FEED_ITEMS_PER_DAY = "wirewatch.collector.feed.items.per.day";

    private CollectorMeters() {
    }

    /** The errors counter for one kind of failure, registered in {@code meters} on first use. */
    static Counter errors(MeterRegistry meters, String kind) {
        return Counter.builder(ERRORS).tag("kind", kind).description("failed fetches, parses and publishes by kind")
                .register(meters);
    }
}
