package dev.wirewatch.collector;

import dev.wirewatch.article.ArticlePages;
import dev.wirewatch.article.Extractor;
import dev.wirewatch.article.LanguageDetection;
import dev.wirewatch.core.config.CoreSettings;
import dev.wirewatch.core.config.WirewatchConfig;
import dev.wirewatch.core.model.Article;
import dev.wirewatch.core.model.Feed;
import dev.wirewatch.core.model.FeedHealth;
import dev.wirewatch.core.net.AddressPolicy;
import dev.wirewatch.core.net.Egress;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Polls a set of feeds and publishes their new articles: conditional GET, parsing, full-text extraction, dedup by
 * article id and versioning of edits, an adaptive interval per feed, and feed health.
 *
 * <p>The set of feeds is given with {@link #upsert} and {@link #remove} (the Kafka stage feeds it from the partitions
 * it owns); articles go to the {@link ArticleSink}. Polls run on virtual threads. Meters are named
 * {@code wirewatch.collector.*} (see {@link CollectorMeters}). This should be closed on shutdown.
 *
 * <p>The work is split along its seams: {@link PollScheduler} decides when, {@link FeedPoller} reads a feed,
 * {@link ItemPublisher} turns items into articles, {@link CollectorMetrics} holds the meters.
 */
public final class Collector implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Collector.class);
    static final String FEED_ACCEPT = "application/rss+xml, application/atom+xml, application/feed+json, "
            + "application/json;q=0.9, application/xml;q=0.9, text/xml;q=0.9, */*;q=0.5";

    private final Egress egress;
    private final SeenArticles seen;
    private final RobotsRules robots;
    private final SitemapPoller sitemaps;
    private final WebSubSubscriber webSub;
    private final FeedParser pushParser;
    private final ItemPublisher pushPublisher;
    private final CollectorMetrics metrics;
    private final Map<String, FeedState> feeds = new ConcurrentHashMap<>();
    private final ExecutorService workers = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("collector-poll-", 0).factory());
    private final ExecutorService extraction;
    private final PollScheduler scheduler;

    private Collector(WirewatchConfig config, MeterRegistry meters, ArticleSink sink, WebSubSubscriber.Forwarder forwarder) {
        Objects.requireNonNull(meters, "meters");
        Objects.requireNonNull(sink, "sink");
        config.validate(CollectorSettings.all());
        HostLimiter limiter = new HostLimiter(config.get(CollectorSettings.MAX_CONCURRENCY),
                config.get(CollectorSettings.PER_HOST_CONCURRENCY), config.get(CollectorSettings.PER_HOST_RATE));
        this.egress = Egress.builder(AddressPolicy.allowing(config.get(CoreSettings.WEBHOOKS_ALLOW_PRIVATE)))
                .connectTimeout(config.get(CollectorSettings.CONNECT_TIMEOUT))
                .deadline(config.get(CollectorSettings.REQUEST_TIMEOUT))
                .maxRedirects(config.get(CollectorSettings.MAX_REDIRECTS))
                .maxBodyBytes(config.get(CollectorSettings.MAX_BODY_BYTES))
                .userAgent(config.get(CollectorSettings.USER_AGENT))
                .gate(limiter)
                .threadName("collector-http")
                .build();
        LanguageDetection languages = new LanguageDetection(config.get(CollectorSettings.LANGUAGES));
        int extractionThreads = config.get(CollectorSettings.EXTRACTION_THREADS);
        this.extraction = Executors.newFixedThreadPool(
                extractionThreads > 0 ? extractionThreads : Runtime.getRuntime().availableProcessors(),
                Thread.ofPlatform().name("collector-extract-", 0).daemon().factory());
        ArticlePages pages = new ArticlePages(egress, new Extractor(languages), extraction);
        this.seen = new SeenArticles(config.get(CollectorSettings.DEDUP_CAPACITY));
        PollSchedule schedule = new PollSchedule(config.get(CollectorSettings.MIN_INTERVAL), config.get(CollectorSettings.MAX_INTERVAL));
        this.metrics = new CollectorMetrics(meters);
        this.robots = new RobotsRules(egress, limiter, config.get(CollectorSettings.ROBOTS_ENABLED),
                config.get(CollectorSettings.ROBOTS_CACHE_TTL), config.get(CollectorSettings.ROBOTS_MAX_CRAWL_DELAY),
                config.get(CollectorSettings.USER_AGENT), metrics, Clock.systemUTC());
        ItemPublisher publisher = new ItemPublisher(pages, languages, seen, sink, config.get(CollectorSettings.FETCH_FULL_TEXT),
                workers, metrics, robots);
        SitemapParser sitemapParser = new SitemapParser(config.get(CollectorSettings.MAX_BODY_BYTES));
        this.sitemaps = new SitemapPoller(egress, robots, sitemapParser, publisher, metrics,
                config.get(CollectorSettings.SITEMAP_MAX_CHILDREN), config.get(CollectorSettings.SITEMAP_MAX_AGE),
                config.get(CollectorSettings.SITEMAP_MAX_URLS), Clock.systemUTC());
        this.webSub = new WebSubSubscriber(egress, config.get(CollectorSettings.WEBSUB_PUBLIC_URL), webSubKey(config),
                config.get(CollectorSettings.WEBSUB_LEASE), config.get(CollectorSettings.WEBSUB_POLL_INTERVAL),
                config.get(CollectorSettings.MAX_BODY_BYTES), workers, feeds::get, this::publishPush, forwarder, this::refresh,
                metrics, Clock.systemUTC());
        this.pushParser = new FeedParser();
        this.pushPublisher = publisher;
        FeedPoller poller = new FeedPoller(egress, limiter, publisher, metrics, sitemapParser, sitemaps, webSub);

        metrics.gauge(CollectorMeters.FEEDS, "feeds this instance polls", feeds, Map::size);
        metrics.gauge(CollectorMeters.FEEDS_FAILING, "feeds whose last poll failed", this,
                c -> c.countStatus(FeedHealth.FAILING));
        metrics.gauge(CollectorMeters.FEEDS_SILENT, "feeds with no new item for much longer than usual", this,
                c -> c.countStatus(FeedHealth.SILENT));
        metrics.gauge(CollectorMeters.DEDUP_SIZE, "article ids remembered for dedup", seen, SeenArticles::size);

        PollScheduler.Poll poll = state -> Feed.FEED.equals(state.feed().typeOrDetected()) ? poller.poll(state) : sitemaps.poll(state);
        this.scheduler = new PollScheduler(feeds, schedule, workers, poll, metrics, webSub::minimumInterval);
    }

    /**
     * Creates a collector with the {@code collector.*} settings of the configuration and starts its scheduler.
     *
     * @throws dev.wirewatch.core.config.ConfigException when a setting is wrong
     */
    public static Collector create(WirewatchConfig config, MeterRegistry meters, ArticleSink sink) {
        return new Collector(config, meters, sink, WebSubSubscriber.Forwarder.NONE);
    }

    /** A collector that hands WebSub pushes for feeds it does not poll to the forwarder (the stage: via Kafka). */
    static Collector create(WirewatchConfig config, MeterRegistry meters, ArticleSink sink, WebSubSubscriber.Forwarder forwarder) {
        return new Collector(config, meters, sink, forwarder);
    }

    private static byte[] webSubKey(WirewatchConfig config) {
        String key = config.get(CollectorSettings.WEBSUB_KEY);
        if (key == null || key.isBlank()) {
            byte[] random = new byte[32];
            new java.security.SecureRandom().nextBytes(random);
            if (!config.get(CollectorSettings.WEBSUB_PUBLIC_URL).isBlank()) {
                LOG.warn("{} is not set: a random key is used, so WebSub callbacks only work on this instance and until it restarts",
                        CollectorSettings.WEBSUB_KEY.key());
            }
            return random;
        }
        return key.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    /** Publishes a verified WebSub push: the pushed document is parsed as the feed and its new items published. */
    private int publishPush(FeedState state, byte[] body, String contentType, java.net.URI base)
            throws InterruptedException, FeedParseException {
        ParsedFeed parsed = pushParser.parse(body, contentType, base);
        int fresh = pushPublisher.publishItems(state.feed(), parsed);
        state.pushed(Instant.now(), fresh);
        return fresh;
    }

    /** The WebSub callback, to serve under {@value WebSubSubscriber#PATH} on the collector's HTTP port. */
    public com.sun.net.httpserver.HttpHandler webSubCallback() {
        return webSub;
    }

    /**
     * Publishes a WebSub push that another instance received and verified for a feed polled here; false when the
     * feed is not (or no longer) polled here.
     */
    boolean acceptForwardedPush(String feedId, byte[] body, String contentType) {
        FeedState state = feeds.get(feedId);
        if (state == null) {
            return false;
        }
        webSub.accept(state, body, contentType, java.net.URI.create(state.feed().url().strip()));
        return true;
    }

    /**
     * Adds a feed, or updates it; an updated feed is polled at once (a changed definition on the topic is how other
     * processes ask for a refresh). A disabled feed is removed as a deleted one is ({@link #delete}).
     */
    public void upsert(Feed feed) {
        upsert(feed, true);
    }

    /**
     * Adds or updates a feed; with {@code refreshOnChange} false a changed definition only takes effect at the next
     * poll (used while a registry partition is read from its beginning, where old versions of a record come first).
     */
    void upsert(Feed feed, boolean refreshOnChange) {
        if (!feed.enabled()) {
            delete(feed.id());
            return;
        }
        FeedState existing = feeds.get(feed.id());
        if (existing != null) {
            if (existing.update(feed) && refreshOnChange) {
                LOG.info("Feed {} updated ({}): polling it now", feed.id(), feed.url());
                refresh(feed.id());
            }
            return;
        }
        FeedState state = new FeedState(feed);
        if (feeds.putIfAbsent(feed.id(), state) != null) {
            upsert(feed, refreshOnChange);
            return;
        }
        metrics.addFeed(state);
        scheduler.first(state);
        LOG.debug("Feed {} added ({})", feed.id(), feed.url());
    }

    /** Stops polling a feed that was deleted or disabled, and asks its WebSub hub, if any, to stop pushing it. */
    public void delete(String feedId) {
        webSub.unsubscribe(feedId);
        remove(feedId);
    }

    /** Stops polling a feed whose partition moved to another instance (which subscribes anew where the feed is pushed). */
    public void remove(String feedId) {
        FeedState state = feeds.remove(feedId);
        if (state != null) {
            state.schedule(Instant.MAX);
            metrics.removeFeed(state);
            sitemaps.forget(feedId);
            webSub.forget(feedId);
            LOG.debug("Feed {} removed", feedId);
        }
    }

    /** The ids of the feeds polled now. */
    public List<String> feedIds() {
        return List.copyOf(feeds.keySet());
    }

    /** Polls a feed as soon as a slot is free; returns false when the feed is unknown here. */
    public boolean refresh(String feedId) {
        FeedState state = feeds.get(feedId);
        if (state == null) {
            return false;
        }
        scheduler.now(state);
        return true;
    }

    /** Polls every feed as soon as slots are free. */
    public void refreshAll() {
        feeds.keySet().forEach(this::refresh);
    }

    /** Learns an article that was published (by this or another instance), for dedup across instances and restarts. */
    public void remember(Article article) {
        seen.remember(article);
    }

    /** The health of one feed polled here. */
    public Optional<FeedHealth> health(String feedId) {
        FeedState state = feeds.get(feedId);
        return state == null ? Optional.empty() : Optional.of(health(state, Instant.now()));
    }

    /** The health of every feed polled here, by feed id. */
    public List<FeedHealth> health() {
        Instant now = Instant.now();
        return feeds.values().stream().map(s -> health(s, now)).sorted(Comparator.comparing(FeedHealth::feedId)).toList();
    }

    private FeedHealth health(FeedState state, Instant now) {
        String mode;
        if (!Feed.FEED.equals(state.feed().typeOrDetected()) || state.readAsSitemap()) {
            mode = FeedHealth.SITEMAP;
        } else {
            mode = webSub.subscription(state.feed().id()).filter(s -> s.active(now)).isPresent() ? FeedHealth.PUSH : FeedHealth.POLL;
        }
        return state.health(now, mode);
    }

    private int countStatus(String state) {
        Instant now = Instant.now();
        int n = 0;
        for (FeedState s : feeds.values()) {
            if (s.health(now).state().equals(state)) {
                n++;
            }
        }
        return n;
    }

    @Override
    public void close() {
        scheduler.close();
        webSub.close();
        workers.shutdownNow();
        for (Runnable waiting : extraction.shutdownNow()) {
            // a poll still waiting for an extraction that will not run now gets a cancellation, not a hang
            if (waiting instanceof Future<?> future) {
                future.cancel(false);
            }
        }
        try {
            if (!workers.awaitTermination(5, TimeUnit.SECONDS)) {
                LOG.warn("Collector polls still running after 5s; closing anyway");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        egress.close();
        for (String id : List.copyOf(feeds.keySet())) {
            remove(id);
        }
        metrics.close();
    }
}
