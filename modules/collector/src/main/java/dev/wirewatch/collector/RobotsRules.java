package dev.wirewatch.collector;

import crawlercommons.robots.BaseRobotRules;
import crawlercommons.robots.SimpleRobotRules;
import crawlercommons.robots.SimpleRobotRulesParser;
import dev.wirewatch.core.model.Feed;
import dev.wirewatch.core.net.Egress;
import dev.wirewatch.core.net.EgressException;
import dev.wirewatch.core.net.Response;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * robots.txt for the article pages the collector fetches (RFC 9309): each site's file is fetched through the egress
 * path, cached, and asked before a page is fetched; its {@code Crawl-delay} slows the host down in the
 * {@link HostLimiter}.
 *
 * <p>As RFC 9309 says: a robots.txt that is missing (4xx) allows everything; one that cannot be read (5xx, network
 * failure) disallows everything until it is fetched again, after {@link #ERROR_TTL}; a file is kept at most
 * {@code collector.robots.cache-ttl} (24 hours by default). A feed marked {@link Feed#crawlPermitted()} (a source the
 * newsroom has permission to crawl) is never refused. Rules are matched for the product token of the configured
 * User-Agent ({@code wirewatch} for {@code Wirewatch/0.1 (+https://...)}).
 */
final class RobotsRules implements ItemPublisher.PageGate {

    private static final Logger LOG = LoggerFactory.getLogger(RobotsRules.class);
    /** How long a robots.txt that could not be read disallows its site before it is asked for again. */
    static final Duration ERROR_TTL = Duration.ofMinutes(5);
    private static final Map<String, String> ACCEPT = Map.of("Accept", "text/plain, */*;q=0.5");

    private final Egress egress;
    private final HostLimiter limiter;
    private final boolean enabled;
    private final Duration ttl;
    private final Duration maxCrawlDelay;
    private final List<String> agents;
    private final CollectorMetrics metrics;
    private final Clock clock;
    private final Map<String, Entry> cache = new ConcurrentHashMap<>();
    private final Map<String, ReentrantLock> locks = new ConcurrentHashMap<>();

    private record Entry(BaseRobotRules rules, Instant expiresAt) {
    }

    RobotsRules(Egress egress, HostLimiter limiter, boolean enabled, Duration ttl, Duration maxCrawlDelay, String userAgent,
                CollectorMetrics metrics, Clock clock) {
        this.egress = egress;
        this.limiter = limiter;
        this.enabled = enabled;
        this.ttl = ttl;
        this.maxCrawlDelay = maxCrawlDelay;
        this.agents = List.of(productToken(userAgent));
        this.metrics = metrics;
        this.clock = clock;
    }

    /** The product token of a User-Agent, lower case: {@code Wirewatch/0.1 (+https://x)} gives {@code wirewatch}. */
    static String productToken(String userAgent) {
        String token = userAgent.strip();
        int end = 0;
        while (end < token.length() && (Character.isLetter(token.charAt(end)) || token.charAt(end) == '-' || token.charAt(end) == '_')) {
            end++;
        }
        if (end == 0) {
            throw new IllegalArgumentException("the User-Agent '" + userAgent + "' does not start with a product name");
        }
        return token.substring(0, end).toLowerCase(Locale.ROOT);
    }

    @Override
    public boolean admit(Feed feed, String url) throws InterruptedException {
        if (!enabled || feed.crawlPermitted()) {
            return true;
        }
        if (allowed(url)) {
            return true;
        }
        metrics.counter(CollectorMeters.ROBOTS_REFUSED, "source", "page", "pages not fetched because robots.txt disallows them")
                .increment();
        LOG.info("Feed {}: robots.txt disallows {}, keeping the summary", feed.id(), url);
        return false;
    }

    /** Whether robots.txt lets us fetch the URL; sets the host's Crawl-delay on the way. */
    boolean allowed(String url) throws InterruptedException {
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            return true; // the fetch itself will fail and say why
        }
        if (uri.getHost() == null || uri.getScheme() == null) {
            return true;
        }
        return rules(uri).isAllowed(url);
    }

    /** The rules of the URL's site (scheme, host and port), from the cache or fetched now. */
    BaseRobotRules rules(URI uri) throws InterruptedException {
        String origin = origin(uri);
        Entry entry = cache.get(origin);
        Instant now = clock.instant();
        if (entry != null && entry.expiresAt().isAfter(now)) {
            return entry.rules();
        }
        ReentrantLock lock = locks.computeIfAbsent(origin, o -> new ReentrantLock());
        lock.lockInterruptibly();
        try {
            entry = cache.get(origin);
            if (entry != null && entry.expiresAt().isAfter(clock.instant())) {
                return entry.rules();
            }
            entry = fetch(origin, uri.getHost());
            cache.put(origin, entry);
            return entry.rules();
        } finally {
            lock.unlock();
        }
    }

    /** The {@code Sitemap:} lines of a site's robots.txt. */
    List<String> sitemaps(URI site) throws InterruptedException {
        return List.copyOf(rules(site).getSitemaps());
    }

    private Entry fetch(String origin, String host) throws InterruptedException {
        SimpleRobotRulesParser parser = new SimpleRobotRulesParser();
        parser.setMaxCrawlDelay(Long.MAX_VALUE);
        String robotsUrl = origin + "/robots.txt";
        Instant now = clock.instant();
        Response response;
        try {
            response = egress.get(robotsUrl, ACCEPT);
        } catch (EgressException e) {
            metrics.error("robots");
            metrics.counter(CollectorMeters.ROBOTS_FETCHES, "outcome", "error", "robots.txt fetches by outcome").increment();
            LOG.info("robots.txt of {} not read ({}): its pages are not fetched for {}", origin, e.getMessage(), ERROR_TTL);
            return new Entry(new SimpleRobotRules(SimpleRobotRules.RobotRulesMode.ALLOW_NONE), now.plus(ERROR_TTL));
        }
        if (response.status() >= 200 && response.status() < 300) {
            metrics.counter(CollectorMeters.ROBOTS_FETCHES, "outcome", "ok", "robots.txt fetches by outcome").increment();
            BaseRobotRules rules = parser.parseContent(robotsUrl, response.body(), response.contentType(), agents);
            crawlDelay(host, rules);
            return new Entry(rules, now.plus(ttl));
        }
        if (response.status() >= 400 && response.status() < 500) {
            // "unavailable": RFC 9309 2.3.1.3, the crawler may access any resource
            metrics.counter(CollectorMeters.ROBOTS_FETCHES, "outcome", "missing", "robots.txt fetches by outcome").increment();
            return new Entry(new SimpleRobotRules(SimpleRobotRules.RobotRulesMode.ALLOW_ALL), now.plus(ttl));
        }
        // "unreachable": RFC 9309 2.3.1.4, assume a complete disallow
        metrics.error("robots");
        metrics.counter(CollectorMeters.ROBOTS_FETCHES, "outcome", "error", "robots.txt fetches by outcome").increment();
        LOG.info("robots.txt of {} answered {}: its pages are not fetched for {}", origin, response.status(), ERROR_TTL);
        return new Entry(new SimpleRobotRules(SimpleRobotRules.RobotRulesMode.ALLOW_NONE), now.plus(ERROR_TTL));
    }

    private void crawlDelay(String host, BaseRobotRules rules) {
        long delayMs = rules.getCrawlDelay();
        if (delayMs == BaseRobotRules.UNSET_CRAWL_DELAY || delayMs <= 0) {
            limiter.crawlDelay(host, Duration.ZERO);
            return;
        }
        Duration delay = Duration.ofMillis(delayMs);
        if (delay.compareTo(maxCrawlDelay) > 0) {
            LOG.info("robots.txt of {} asks for a Crawl-delay of {}; using collector.robots.max-crawl-delay {}", host, delay,
                    maxCrawlDelay);
            delay = maxCrawlDelay;
        }
        limiter.crawlDelay(host, delay);
    }

    static String origin(URI uri) {
        String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
        int port = uri.getPort();
        boolean defaultPort = port == -1 || (scheme.equals("http") && port == 80) || (scheme.equals("https") && port == 443);
        return scheme + "://" + uri.getHost().toLowerCase(Locale.ROOT) + (defaultPort ? "" : ":" + port);
    }
}
