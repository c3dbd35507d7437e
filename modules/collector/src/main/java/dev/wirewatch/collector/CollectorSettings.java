package dev.wirewatch.collector;

import dev.wirewatch.article.ArticleSettings;
import dev.wirewatch.core.config.ConfigKey;
import java.time.Duration;
import java.util.List;

/**
 * The collector's settings, read with {@link dev.wirewatch.core.config.WirewatchConfig#get}.
 *
 * <p>Outbound requests to private addresses (loopback, RFC 1918, link-local, unique-local) are refused unless the
 * address is in {@link dev.wirewatch.core.config.CoreSettings#WEBHOOKS_ALLOW_PRIVATE}, the same allow-list that
 * webhooks use.
 */
public final class CollectorSettings {

    public static final ConfigKey<Integer> MAX_CONCURRENCY = ConfigKey.integer("collector.max-concurrency", 64, 1, 10_000,
            "HTTP requests (feed polls and page fetches) in flight at once");
    public static final ConfigKey<Integer> PER_HOST_CONCURRENCY = ConfigKey.integer("collector.per-host-concurrency", 2, 1, 10_000,
            "HTTP requests in flight at once to one host");
    public static final ConfigKey<Integer> PER_HOST_RATE = ConfigKey.integer("collector.per-host-rate", 4, 0, 1_000_000,
            "HTTP requests started per second to one host (0: no limit)");
    public static final ConfigKey<Duration> MIN_INTERVAL = ConfigKey.duration("collector.min-interval", "2m",
            "shortest interval between two polls of a feed (the adaptive interval is clamped to it)");
    public static final ConfigKey<Duration> MAX_INTERVAL = ConfigKey.duration("collector.max-interval", "1h",
            "longest interval between two polls of a feed, also the longest back-off after failures");
    public static final ConfigKey<Integer> MAX_BODY_BYTES = ConfigKey.integer("collector.max-body-bytes", 8 * 1024 * 1024,
            1024, Integer.MAX_VALUE - 16, "cap on a response body, compressed and decompressed");
    public static final ConfigKey<Integer> EXTRACTION_THREADS = ConfigKey.integer("collector.extraction-threads", 0, 0, 1_000,
            "platform threads that extract fetched pages (CPU work kept off the virtual threads); 0: one per core");
    public static final ConfigKey<Boolean> FETCH_FULL_TEXT = ConfigKey.bool("collector.fetch-full-text", true,
            "fetch each new item's page and extract its main text (otherwise keep the feed summary)");
    public static final ConfigKey<String> USER_AGENT = ConfigKey.string("collector.user-agent",
            "Wirewatch/0.1 (+https://github.com/wirewatch)",
            "User-Agent header of every request; its product name (before the '/') is the name robots.txt rules are read for");
    public static final ConfigKey<Duration> CONNECT_TIMEOUT = ConfigKey.duration("collector.connect-timeout", "10s",
            "time to open a connection");
    public static final ConfigKey<Duration> REQUEST_TIMEOUT = ConfigKey.duration("collector.request-timeout", "30s",
            "total time for one response, headers and body (a server that drips bytes is cut off)");
    public static final ConfigKey<Integer> MAX_REDIRECTS = ConfigKey.integer("collector.max-redirects", 5, 0, 20,
            "redirects followed per request; each target is checked again");
    public static final ConfigKey<List<String>> LANGUAGES = ArticleSettings.LANGUAGES;
    public static final ConfigKey<Integer> DEDUP_CAPACITY = ConfigKey.integer("collector.dedup-capacity", 500_000, 1_000,
            50_000_000, "article ids remembered for dedup (least recently seen are forgotten first)");
    public static final ConfigKey<Duration> DEDUP_WINDOW = ConfigKey.duration("collector.dedup-window", "3d",
            "how far back wirewatch.articles is read at start-up to learn what was already published");

    public static final ConfigKey<Boolean> ROBOTS_ENABLED = ConfigKey.bool("collector.robots.enabled", true,
            "obey robots.txt for article pages (a feed with ignoreRobots: true is exempt)");
    public static final ConfigKey<Duration> ROBOTS_CACHE_TTL = ConfigKey.duration("collector.robots.cache-ttl", "24h",
            "how long a site's robots.txt is kept before it is fetched again (RFC 9309: at most 24 hours)");
    public static final ConfigKey<Duration> ROBOTS_MAX_CRAWL_DELAY = ConfigKey.duration("collector.robots.max-crawl-delay", "30s",
            "the longest Crawl-delay honoured; a longer one is cut to this");

    public static final ConfigKey<Integer> SITEMAP_MAX_CHILDREN = ConfigKey.integer("collector.sitemap.max-children", 20, 1, 50_000,
            "child sitemaps of an index read per poll (the newest changed ones first)");
    public static final ConfigKey<Duration> SITEMAP_MAX_AGE = ConfigKey.duration("collector.sitemap.max-age", "2d",
            "sitemap URLs dated before this are not fetched (so adding a site does not fetch its archive)");
    public static final ConfigKey<Integer> SITEMAP_MAX_URLS = ConfigKey.integer("collector.sitemap.max-urls", 100_000, 1_000,
            10_000_000, "sitemap URLs remembered per feed to tell new ones from those already listed");

    public static final ConfigKey<String> WEBSUB_PUBLIC_URL = ConfigKey.string("collector.websub.public-url", "",
            "the collector's HTTP port as hubs reach it (https://collector.example.org); WebSub callbacks are "
                    + "<public-url>/websub/...; empty: no WebSub subscriptions, feeds are polled");
    public static final ConfigKey<String> WEBSUB_KEY = ConfigKey.string("collector.websub.key", "",
            "secret from which every subscription's callback token and hub secret are derived; every collector instance "
                    + "must have the same (empty: random at start-up, for one instance only)");
    public static final ConfigKey<Duration> WEBSUB_LEASE = ConfigKey.duration("collector.websub.lease", "1d",
            "lease asked of the hub; renewed when 80% of the lease the hub granted has run");
    public static final ConfigKey<Duration> WEBSUB_POLL_INTERVAL = ConfigKey.duration("collector.websub.poll-interval", "30m",
            "least interval between polls of a feed whose WebSub subscription is verified (a safety net)");

    private CollectorSettings() {
    }

    /** Every collector setting, for validation and documentation. */
    public static List<ConfigKey<?>> all() {
        return List.of(MAX_CONCURRENCY, PER_HOST_CONCURRENCY, PER_HOST_RATE, MIN_INTERVAL, MAX_INTERVAL, MAX_BODY_BYTES,
                FETCH_FULL_TEXT, USER_AGENT, CONNECT_TIMEOUT, REQUEST_TIMEOUT, MAX_REDIRECTS, LANGUAGES, DEDUP_CAPACITY,
                DEDUP_WINDOW, ROBOTS_ENABLED, ROBOTS_CACHE_TTL, ROBOTS_MAX_CRAWL_DELAY,
                SITEMAP_MAX_CHILDREN, SITEMAP_MAX_AGE, SITEMAP_MAX_URLS, WEBSUB_PUBLIC_URL, WEBSUB_KEY, WEBSUB_LEASE,
                WEBSUB_POLL_INTERVAL);
    }
}
