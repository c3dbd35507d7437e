package dev.wirewatch.collector;

import dev.wirewatch.core.model.Feed;
import dev.wirewatch.core.net.Egress;
import dev.wirewatch.core.net.EgressException;
import dev.wirewatch.core.net.Response;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads news sitemaps: a feed of type {@code sitemap} (a sitemap index or a urlset, plain or gzipped), or of type
 * {@code site}, whose sitemaps are the {@code Sitemap:} lines of its robots.txt.
 *
 * <p>Only pages new since the last read become articles: the URLs already listed are remembered per feed (up to
 * {@code collector.sitemap.max-urls}), and on the first read only those dated within {@code collector.sitemap.max-age}
 * are taken, so that adding a site does not fetch its archive. The children of an index are read again only when
 * their {@code lastmod} moved (or they have none), newest first, at most {@code collector.sitemap.max-children} per
 * read; an index inside an index is not followed (the protocol allows none), and counted.
 */
final class SitemapPoller {

    private static final Logger LOG = LoggerFactory.getLogger(SitemapPoller.class);
    static final String ACCEPT = "application/xml, text/xml;q=0.9, application/x-gzip;q=0.8, */*;q=0.5";

    private final Egress egress;
    private final RobotsRules robots;
    private final SitemapParser parser;
    private final ItemPublisher publisher;
    private final CollectorMetrics metrics;
    private final int maxChildren;
    private final Duration maxAge;
    private final int maxUrls;
    private final Clock clock;
    private final Map<String, State> states = new ConcurrentHashMap<>();

    /** What one sitemap feed remembers between reads; guarded by its own monitor (one read of a feed at a time). */
    private static final class State {
        final String url;
        final Map<String, Instant> childLastmod = new HashMap<>();
        final Set<String> known;
        boolean baselined;

        State(String url, int maxUrls) {
            this.url = url;
            this.known = java.util.Collections.newSetFromMap(new LinkedHashMap<>(1024, 0.75f, false) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
                    return size() > maxUrls;
                }
            });
        }
    }

    SitemapPoller(Egress egress, RobotsRules robots, SitemapParser parser, ItemPublisher publisher,
                  CollectorMetrics metrics, int maxChildren, Duration maxAge, int maxUrls, Clock clock) {
        this.egress = egress;
        this.robots = robots;
        this.parser = parser;
        this.publisher = publisher;
        this.metrics = metrics;
        this.maxChildren = maxChildren;
        this.maxAge = maxAge;
        this.maxUrls = maxUrls;
        this.clock = clock;
    }

    /** Forgets what a removed feed had listed. */
    void forget(String feedId) {
        states.remove(feedId);
    }

    /** One read of a sitemap or site feed; returns the server's Retry-After when it asked us to wait. */
    Duration poll(FeedState state) throws InterruptedException {
        Feed feed = state.feed();
        List<String> roots;
        if (Feed.SITE.equals(feed.typeOrDetected())) {
            try {
                roots = robots.sitemaps(new URI(feed.url().strip()));
            } catch (URISyntaxException e) {
                FeedPoller.recordFailure(metrics, state, "bad_url", "bad site URL '" + feed.url() + "': " + e.getMessage());
                return null;
            }
            if (roots.isEmpty()) {
                FeedPoller.recordFailure(metrics, state, "sitemap", "the robots.txt of " + feed.url() + " names no sitemap");
                return null;
            }
        } else {
            roots = List.of(feed.url().strip());
        }
        long start = System.nanoTime();
        Response first;
        try {
            first = egress.get(roots.get(0), roots.size() == 1 ? state.validators().headers(ACCEPT) : Map.of("Accept", ACCEPT));
            if (first.status() != 304) {
                first.requireOk();
            }
        } catch (EgressException e) {
            metrics.recordFeedFetch(start);
            FeedPoller.recordFailure(metrics, state, e.kind().tag(), e.getMessage());
            return e.retryAfter();
        }
        metrics.recordFeedFetch(start);
        if (first.status() == 304) {
            metrics.pollsNotModified.increment();
            FeedPoller.succeed(state, null, null, 0, null);
            return null;
        }
        return read(state, first, roots);
    }

    /**
     * Reads a sitemap whose first document is already fetched (a feed detected as a sitemap by its content, or the
     * first root of {@link #poll}).
     */
    Duration read(FeedState state, Response first, List<String> roots) throws InterruptedException {
        Feed feed = state.feed();
        State memory = states.compute(feed.id(), (id, s) -> s == null || !s.url.equals(feed.url()) ? new State(feed.url(), maxUrls) : s);
        synchronized (memory) {
            List<SitemapParser.Url> urls = new ArrayList<>();
            try {
                collect(feed, parser.parse(first.body()), urls, memory);
            } catch (FeedParseException e) {
                FeedPoller.recordFailure(metrics, state, "parse", "cannot parse sitemap " + first.uri() + ": " + e.getMessage());
                return null;
            }
            for (String root : roots.subList(1, roots.size())) {
                fetchInto(feed, root, urls, memory, false);
            }
            Instant now = clock.instant();
            Instant horizon = now.minus(maxAge);
            List<SitemapParser.Url> fresh = new ArrayList<>();
            for (SitemapParser.Url url : urls) {
                if (!memory.known.add(url.loc())) {
                    continue;
                }
                Instant date = url.publishedAt() != null ? url.publishedAt() : url.lastmod();
                if (date != null ? date.isAfter(horizon) : memory.baselined) {
                    fresh.add(url);
                }
            }
            boolean firstRead = !memory.baselined;
            memory.baselined = true;
            metrics.counter(CollectorMeters.SITEMAP_URLS, "result", "listed", "sitemap URLs by result: listed, new")
                    .increment(urls.size());
            metrics.counter(CollectorMeters.SITEMAP_URLS, "result", "new", "sitemap URLs by result: listed, new")
                    .increment(fresh.size());
            LOG.debug("Feed {}: sitemap lists {} URLs, {} new{}", feed.id(), urls.size(), fresh.size(),
                    firstRead ? " (first read: only those of the last " + maxAge + ")" : "");
            int published = 0;
            // one ParsedFeed per language, so that items without a page keep the language the sitemap declares
            Map<String, List<SitemapParser.Url>> byLanguage = fresh.stream().collect(Collectors.groupingBy(
                    u -> Objects.requireNonNullElse(u.language(), ""), LinkedHashMap::new, Collectors.toList()));
            for (Map.Entry<String, List<SitemapParser.Url>> group : byLanguage.entrySet()) {
                List<FeedItem> items = group.getValue().stream().map(SitemapPoller::item).toList();
                published += publisher.publishItems(feed, new ParsedFeed("sitemap", feed.title(), null,
                        group.getKey().isEmpty() ? null : group.getKey(), null, items));
            }
            metrics.pollsOk.increment();
            List<Instant> dates = urls.stream().map(u -> u.publishedAt() != null ? u.publishedAt() : u.lastmod()).toList();
            FeedPoller.succeed(state, roots.size() == 1 ? first.header("ETag") : null,
                    roots.size() == 1 ? first.header("Last-Modified") : null, published, dates);
            return null;
        }
    }

    private static FeedItem item(SitemapParser.Url url) {
        return new FeedItem(url.loc(), url.loc(), url.title(), null, null, null, url.publishedAt(), url.lastmod());
    }

    /** Adds the URLs of a parsed sitemap; for an index, reads its changed children (one level only). */
    private void collect(Feed feed, SitemapParser.Sitemap sitemap, List<SitemapParser.Url> into, State memory)
            throws InterruptedException {
        if (!sitemap.index()) {
            into.addAll(sitemap.urls());
            return;
        }
        List<SitemapParser.Child> changed = sitemap.children().stream()
                .filter(c -> c.lastmod() == null || !c.lastmod().equals(memory.childLastmod.get(c.loc())))
                .sorted(Comparator.comparing(SitemapParser.Child::lastmod, Comparator.nullsLast(Comparator.reverseOrder())))
                .toList();
        if (changed.size() > maxChildren) {
            metrics.counter(CollectorMeters.SITEMAP_LIMITED, "limit", "children",
                    "sitemap reads cut short by a limit: children (too many changed children), depth (an index in an index)")
                    .increment();
            LOG.info("Feed {}: sitemap index lists {} changed sitemaps; reading the newest {} (collector.sitemap.max-children)",
                    feed.id(), changed.size(), maxChildren);
            changed = changed.subList(0, maxChildren);
        }
        for (SitemapParser.Child child : changed) {
            if (fetchInto(feed, child.loc(), into, memory, true) && child.lastmod() != null) {
                memory.childLastmod.put(child.loc(), child.lastmod());
            }
        }
    }

    /** Fetches one sitemap and adds its URLs; returns whether it was read. */
    private boolean fetchInto(Feed feed, String url, List<SitemapParser.Url> into, State memory, boolean isChild)
            throws InterruptedException {
        long start = System.nanoTime();
        try {
            Response response = egress.get(url, Map.of("Accept", ACCEPT)).requireOk();
            SitemapParser.Sitemap sitemap = parser.parse(response.body());
            if (sitemap.index() && isChild) {
                metrics.counter(CollectorMeters.SITEMAP_LIMITED, "limit", "depth",
                        "sitemap reads cut short by a limit: children (too many changed children), depth (an index in an index)")
                        .increment();
                LOG.info("Feed {}: sitemap {} is an index inside an index: not followed", feed.id(), url);
                return false;
            }
            collect(feed, sitemap, into, memory);
            return true;
        } catch (EgressException e) {
            metrics.error(e.kind().tag());
            LOG.info("Feed {}: sitemap {} not read: {}", feed.id(), url, e.getMessage());
            return false;
        } catch (FeedParseException e) {
            metrics.error("parse");
            LOG.info("Feed {}: sitemap {} not read: {}", feed.id(), url, e.getMessage());
            return false;
        } finally {
            metrics.recordFeedFetch(start);
        }
    }
}
