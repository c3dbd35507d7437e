package dev.wirewatch.collector;

import dev.wirewatch.article.ArticleDraft;
import dev.wirewatch.article.ArticlePages;
import dev.wirewatch.article.ExtractedPage;
import dev.wirewatch.article.Extractor;
import dev.wirewatch.article.LanguageDetection;
import dev.wirewatch.article.Text;
import dev.wirewatch.core.config.CoreSettings;
import dev.wirewatch.core.config.WirewatchConfig;
import dev.wirewatch.core.model.Article;
import dev.wirewatch.core.model.ArticleIds;
import dev.wirewatch.core.model.Feed;
import dev.wirewatch.core.model.FeedHealth;
import dev.wirewatch.core.net.AddressPolicy;
import dev.wirewatch.core.net.Egress;
import dev.wirewatch.core.net.EgressException;
import dev.wirewatch.core.net.Response;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.DelayQueue;
import java.util.concurrent.Delayed;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.ExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Polls a set of feeds and publishes their new articles: conditional GET, parsing, full-text extraction, dedup by
 * article id and versioning of edits, an adaptive interval per feed, and feed health.
 *
 * <p>The set of feeds is given with {@link #upsert} and {@link #remove} (the Kafka stage feeds it from the partitions
 * it owns); articles go to the {@link ArticleSink}. Polls run on virtual threads. Meters are named
 * {@code wirewatch.collector.*} (see the module README). This should be closed on shutdown.
 */
public final class Collector implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Collector.class);
    static final String FEED_ACCEPT = "application/rss+xml, application/atom+xml, application/feed+json, "
            + "application/json;q=0.9, application/xml;q=0.9, text/xml;q=0.9, */*;q=0.5";
    private static final Duration FIRST_POLL_SPREAD = Duration.ofSeconds(5);

    private final Egress egress;
    private final HostLimiter limiter;
    private final FeedParser parser = new FeedParser();
    private final ArticlePages pages;
    private final LanguageDetection languages;
    private final SeenArticles seen;
    private final ArticleSink sink;
    private final PollSchedule schedule;
    private final boolean fetchFullText;
    private final MeterRegistry meters;
    private final Map<String, FeedState> feeds = new ConcurrentHashMap<>();
    private final DelayQueue<Due> queue = new DelayQueue<>();
    private final ExecutorService workers = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("collector-poll-", 0).factory());
    private final Thread scheduler;
    private final List<Meter> ownMeters = new ArrayList<>();
    private volatile boolean running = true;

    private final Counter pollsOk;
    private final Counter pollsNotModified;
    private final Counter pollsFailed;
    private final Counter published;
    private final Counter extractionFailures;
    private final Timer feedLatency;
    private final Timer pageLatency;
    private final Timer publishedToFetched;
    private final Map<String, Counter> errors = new ConcurrentHashMap<>();
    private final Map<String, Counter> items = new ConcurrentHashMap<>();

    private Collector(WirewatchConfig config, MeterRegistry meters, ArticleSink sink) {
        this.meters = Objects.requireNonNull(meters, "meters");
        this.sink = Objects.requireNonNull(sink, "sink");
        config.validate(CollectorSettings.all());
        this.limiter = new HostLimiter(config.get(CollectorSettings.MAX_CONCURRENCY),
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
        this.languages = new LanguageDetection(config.get(CollectorSettings.LANGUAGES));
        this.pages = new ArticlePages(egress, new Extractor(languages));
        this.seen = new SeenArticles(config.get(CollectorSettings.DEDUP_CAPACITY));
        this.schedule = new PollSchedule(config.get(CollectorSettings.MIN_INTERVAL), config.get(CollectorSettings.MAX_INTERVAL));
        this.fetchFullText = config.get(CollectorSettings.FETCH_FULL_TEXT);

        pollsOk = pollCounter("ok");
        pollsNotModified = pollCounter("not_modified");
        pollsFailed = pollCounter("error");
        published = own(Counter.builder(CollectorMeters.ARTICLES_PUBLISHED)
                .description("articles (new or new versions) stored by the sink").register(meters));
        extractionFailures = own(Counter.builder(CollectorMeters.EXTRACTION_FAILURES)
                .description("pages fetched whose main text could not be extracted").register(meters));
        feedLatency = own(Timer.builder(CollectorMeters.FETCH_LATENCY).tag("kind", "feed")
                .description("time to fetch a feed or page, redirects included").register(meters));
        pageLatency = own(Timer.builder(CollectorMeters.FETCH_LATENCY).tag("kind", "page")
                .description("time to fetch a feed or page, redirects included").register(meters));
        publishedToFetched = own(Timer.builder(CollectorMeters.FRESHNESS).tag("hop", "published-to-fetched")
                .publishPercentiles(0.5, 0.9)
                .description("from an article's publication to its fetch, for each new article").register(meters));
        own(Gauge.builder(CollectorMeters.FEEDS, feeds, Map::size).description("feeds this instance polls").register(meters));
        own(Gauge.builder(CollectorMeters.FEEDS_FAILING, this, c -> c.countStatus(FeedHealth.FAILING))
                .description("feeds whose last poll failed").register(meters));
        own(Gauge.builder(CollectorMeters.FEEDS_SILENT, this, c -> c.countStatus(FeedHealth.SILENT))
                .description("feeds with no new item for much longer than usual").register(meters));
        own(Gauge.builder(CollectorMeters.DEDUP_SIZE, seen, SeenArticles::size)
                .description("article ids remembered for dedup").register(meters));

        this.scheduler = Thread.ofPlatform().name("collector-scheduler").daemon(true).start(this::schedulerLoop);
    }

    /**
     * Creates a collector with the {@code collector.*} settings of the configuration and starts its scheduler.
     *
     * @throws dev.wirewatch.core.config.ConfigException when a setting is wrong
     */
    public static Collector create(WirewatchConfig config, MeterRegistry meters, ArticleSink sink) {
        return new Collector(config, meters, sink);
    }

    private Counter pollCounter(String outcome) {
        return own(Counter.builder(CollectorMeters.POLLS).tag("outcome", outcome)
                .description("feed polls by outcome: ok (a feed was read), not_modified (304), error").register(meters));
    }

    private <M extends Meter> M own(M meter) {
        ownMeters.add(meter);
        return meter;
    }

    private void countError(String kind) {
        errors.computeIfAbsent(kind, k -> CollectorMeters.errors(meters, k)).increment();
    }

    private void countItem(String result) {
        items.computeIfAbsent(result, r -> Counter.builder(CollectorMeters.ITEMS).tag("result", r)
                .description("feed items by what became of them: new, edited, duplicate, unchanged, skipped, failed")
                .register(meters)).increment();
    }

    // ---------------------------------------------------------------------------------------------------------
    // the feed set

    /**
     * Adds a feed, or updates it; an updated feed is polled at once (a changed definition on the topic is how other
     * processes ask for a refresh). A disabled feed is removed.
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
            remove(feed.id());
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
        registerFeedMeters(state);
        long spread = ThreadLocalRandom.current().nextLong(Math.max(1, Math.min(FIRST_POLL_SPREAD.toMillis(),
                schedule.min().toMillis())));
        enqueue(state, Instant.now().plusMillis(spread));
        LOG.debug("Feed {} added ({})", feed.id(), feed.url());
    }

    /** Stops polling a feed (deleted, disabled, or its partition moved to another instance). */
    public void remove(String feedId) {
        FeedState state = feeds.remove(feedId);
        if (state != null) {
            state.schedule(Instant.MAX);
            for (Meter m : state.meters()) {
                meters.remove(m);
            }
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
        long generation = state.requestRefresh();
        if (generation >= 0) {
            queue.add(new Due(feedId, generation, System.nanoTime()));
        }
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
        return state == null ? Optional.empty() : Optional.of(state.health(Instant.now()));
    }

    /** The health of every feed polled here, by feed id. */
    public List<FeedHealth> health() {
        Instant now = Instant.now();
        return feeds.values().stream().map(s -> s.health(now)).sorted(Comparator.comparing(FeedHealth::feedId)).toList();
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

    private void registerFeedMeters(FeedState state) {
        String id = state.feed().id();
        state.meters().add(Gauge.builder(CollectorMeters.FEED_CONSECUTIVE_FAILURES, state, FeedState::consecutiveFailures)
                .tag("feed", id).description("polls of this feed that failed in a row").register(meters));
        state.meters().add(Gauge.builder(CollectorMeters.FEED_LAST_SUCCESS, state,
                        s -> s.lastSuccessAt() == null ? 0 : s.lastSuccessAt().getEpochSecond())
                .tag("feed", id).description("epoch second of this feed's last successful poll (0: none)").register(meters));
        state.meters().add(Gauge.builder(CollectorMeters.FEED_ITEMS_PER_DAY, state, FeedState::itemsPerDay)
                .tag("feed", id).description("estimated publishing rate of this feed").register(meters));
    }

    // ---------------------------------------------------------------------------------------------------------
    // scheduling

    /** A poll due at a time; stale when the feed's generation moved on. */
    private record Due(String feedId, long generation, long atNanos) implements Delayed {
        @Override
        public long getDelay(TimeUnit unit) {
            return unit.convert(atNanos - System.nanoTime(), TimeUnit.NANOSECONDS);
        }

        @Override
        public int compareTo(Delayed other) {
            return Long.compare(atNanos, ((Due) other).atNanos);
        }
    }

    private void enqueue(FeedState state, Instant at) {
        long generation = state.schedule(at);
        long delay = Math.max(0, Duration.between(Instant.now(), at).toNanos());
        queue.add(new Due(state.feed().id(), generation, System.nanoTime() + delay));
    }

    private void schedulerLoop() {
        while (running) {
            Due due;
            try {
                due = queue.take();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            FeedState state = feeds.get(due.feedId());
            if (state == null || !state.startPoll(due.generation())) {
                continue;
            }
            try {
                workers.execute(() -> pollAndReschedule(state));
            } catch (java.util.concurrent.RejectedExecutionException e) {
                return; // closing
            }
        }
    }

    private void pollAndReschedule(FeedState state) {
        Duration retryAfter = null;
        try {
            retryAfter = poll(state);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        } catch (RuntimeException e) {
            countError("internal");
            state.failure(e.toString());
            LOG.error("Feed {}: unexpected failure while polling {}", state.feed().id(), state.feed().url(), e);
        } finally {
            boolean again = state.finishPoll();
            if (running && feeds.get(state.feed().id()) == state) {
                Instant next = again ? Instant.now()
                        : Instant.now().plus(state.nextInterval(schedule, retryAfter, ThreadLocalRandom.current()));
                enqueue(state, next);
            }
        }
    }

    /** One poll of one feed; returns the server's Retry-After when it asked us to wait. */
    private Duration poll(FeedState state) throws InterruptedException {
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
        Response result;
        try {
            result = egress.get(uri.toString(), state.validators().headers(FEED_ACCEPT));
            if (result.status() != 304) {
                result.requireOk();
            }
        } catch (EgressException e) {
            feedLatency.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
            recordFailure(state, e.kind().tag(), e.getMessage());
            return e.retryAfter();
        }
        feedLatency.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
        if (result.status() == 304) {
            pollsNotModified.increment();
            succeed(state, null, null, 0, null);
            return null;
        }
        ParsedFeed parsed;
        try {
            parsed = parser.parse(result.body(), result.contentType(), result.uri());
        } catch (FeedParseException e) {
            recordFailure(state, "parse", "cannot parse " + result.uri() + ": " + e.getMessage());
            return null;
        }
        int fresh = publishItems(feed, parsed);
        pollsOk.increment();
        List<Instant> dates = parsed.items().stream().map(i -> i.publishedAt() != null ? i.publishedAt() : i.updatedAt()).toList();
        succeed(state, result.header("ETag"), result.header("Last-Modified"), fresh, dates);
        return null;
    }

    private void succeed(FeedState state, String etag, String lastModified, int fresh, List<Instant> dates) {
        if (state.success(Instant.now(), etag, lastModified, fresh, dates)) {
            FeedHealth health = state.health(Instant.now());
            LOG.info("Feed {} recovered: {}", health.feedId(), health);
        }
    }

    private void recordFailure(FeedState state, String kind, String message) {
        pollsFailed.increment();
        countError(kind);
        int failures = state.failure(message);
        if (failures == 1) {
            LOG.warn("Feed {} failing ({}): {}", state.feed().id(), kind, message);
        } else {
            LOG.info("Feed {} failed {} times in a row ({}): {}", state.feed().id(), failures, kind, message);
        }
    }

    // ---------------------------------------------------------------------------------------------------------
    // items

    private int publishItems(Feed feed, ParsedFeed parsed) throws InterruptedException {
        List<Claimed> claimed = new ArrayList<>();
        for (FeedItem item : parsed.items()) {
            if (item.link() == null || !Text.isWeb(item.link())) {
                // no link, or a file:, ftp:, javascript: link: never fetched nor published
                countItem("skipped");
                LOG.debug("Feed {}: item '{}' skipped: link {}", feed.id(), item.title(), item.link());
                continue;
            }
            String id = ArticleIds.idFor(item.link());
            String fingerprint = fingerprint(item);
            SeenArticles.Decision decision = seen.claim(id, fingerprint);
            if (decision.kind() == SeenArticles.Kind.SAME) {
                countItem("duplicate");
                continue;
            }
            claimed.add(new Claimed(item, id, fingerprint, decision));
        }
        if (claimed.isEmpty()) {
            return 0;
        }
        int fresh = 0;
        FeedLanguage feedLanguage = new FeedLanguage(feed, parsed, claimed);
        if (!fetchFullText || claimed.size() == 1) {
            for (Claimed c : claimed) {
                fresh += publishItem(feed, parsed, c, feedLanguage) ? 1 : 0;
            }
            return fresh;
        }
        List<Future<Boolean>> results = new ArrayList<>();
        for (Claimed c : claimed) {
            results.add(workers.submit(() -> publishItem(feed, parsed, c, feedLanguage)));
        }
        for (Future<Boolean> f : results) {
            try {
                fresh += f.get() ? 1 : 0;
            } catch (ExecutionException e) {
                countError("internal");
                LOG.error("Feed {}: publishing an item failed unexpectedly", feed.id(), e.getCause());
            }
        }
        return fresh;
    }

    private record Claimed(FeedItem item, String id, String fingerprint, SeenArticles.Decision decision) {
    }

    /**
     * The language of the items of one poll whose page gave none: a feed writes in one language, so it is detected
     * once, on the titles and summaries of the new items, with the feed's own declaration as a hint.
     */
    private final class FeedLanguage {
        private final Feed feed;
        private final ParsedFeed parsed;
        private final List<Claimed> claimed;
        private String language;
        private boolean done;

        FeedLanguage(Feed feed, ParsedFeed parsed, List<Claimed> claimed) {
            this.feed = feed;
            this.parsed = parsed;
            this.claimed = claimed;
        }

        synchronized String get() {
            if (!done) {
                StringBuilder sample = new StringBuilder();
                for (Claimed c : claimed) {
                    if (sample.length() > 600) {
                        break;
                    }
                    sample.append(c.item().title()).append(". ");
                    if (c.item().summary() != null) {
                        sample.append(c.item().summary()).append(' ');
                    }
                }
                language = languages.detect(sample.toString(), feed.language() != null ? feed.language() : parsed.language());
                done = true;
            }
            return language;
        }
    }

    private static String fingerprint(FeedItem item) {
        return ArticleIds.sha256Hex(item.title() + "\u0000" + item.summary() + "\u0000" + item.updatedAt()).substring(0, 16);
    }

    /** Fetches the page, builds the article and publishes it when it is new or edited; returns whether it was. */
    private boolean publishItem(Feed feed, ParsedFeed parsed, Claimed c, FeedLanguage feedLanguage) throws InterruptedException {
        FeedItem item = c.item();
        ExtractedPage page = fetchFullText ? fetchPage(feed, item.link()) : null;
        String url = ArticleDraft.identityUrl(item.link(), page);
        String id = c.id();
        SeenArticles.Decision decision = c.decision();
        String canonicalId = ArticleIds.idFor(url);
        if (!canonicalId.equals(id)) {
            // the feed linked through a redirector or with extra parameters: dedup on the page's own URL
            seen.unchanged(id, decision, c.fingerprint());
            decision = seen.claim(canonicalId, c.fingerprint());
            if (decision.kind() == SeenArticles.Kind.SAME) {
                countItem("duplicate");
                return false;
            }
            id = canonicalId;
        }
        String title = page != null && page.title() != null ? page.title() : Objects.requireNonNullElse(item.title(), "");
        String body = page != null && !page.text().isEmpty() ? page.text() : Objects.requireNonNullElse(item.content(), "");
        String language = page != null && page.language() != null ? page.language()
                : !body.isEmpty() ? languages.detect(body, feed.language() != null ? feed.language() : parsed.language())
                : feedLanguage.get();
        Instant publishedAt = item.publishedAt() != null ? item.publishedAt()
                : page != null && page.publishedAt() != null ? page.publishedAt() : item.updatedAt();
        ArticleDraft draft = new ArticleDraft(item.link(), url, feed.id(), title, item.summary(), body,
                page != null && page.author() != null ? page.author() : item.author(), language, publishedAt);
        String contentHash = draft.contentHash();
        SeenArticles.Entry previous = decision.previous();
        if (previous != null && previous.contentHash() != null) {
            if (previous.contentHash().equals(contentHash) || (fetchFullText && page == null)) {
                // edited in the feed only, or the page is unreachable now: keep what was published
                seen.unchanged(id, decision, c.fingerprint());
                countItem("unchanged");
                return false;
            }
        }
        int version = previous == null ? 1 : previous.version() + 1;
        Article article = draft.toArticle(version, Instant.now());
        try {
            sink.publish(article);
        } catch (InterruptedException e) {
            seen.release(id, decision);
            throw e;
        } catch (Exception e) {
            seen.release(id, decision);
            countError("publish");
            countItem("failed");
            LOG.error("Feed {}: could not publish article {} ({})", feed.id(), id, url, e);
            return false;
        }
        seen.published(id, version, contentHash, c.fingerprint());
        published.increment();
        if (version == 1 && article.publishedAt() != null && !article.fetchedAt().isBefore(article.publishedAt())) {
            // the first hop of an alert's delay; a new version's publication date says nothing of how late it is
            publishedToFetched.record(Duration.between(article.publishedAt(), article.fetchedAt()));
        }
        countItem(version == 1 ? "new" : "edited");
        LOG.debug("Feed {}: published article {} v{} {}", feed.id(), id, version, url);
        return true;
    }

    /** The extracted page, or null when it cannot be fetched or read (the feed's summary is kept then). */
    private ExtractedPage fetchPage(Feed feed, String link) throws InterruptedException {
        long start = System.nanoTime();
        try {
            return pages.read(link);
        } catch (EgressException e) {
            countError(e.kind().tag());
            LOG.info("Feed {}: page {} not fetched, keeping the summary: {}", feed.id(), link, e.getMessage());
            return null;
        } catch (ArticlePages.UnreadablePage e) {
            extractionFailures.increment();
            LOG.info("Feed {}: {}: keeping the summary", feed.id(), e.getMessage());
            return null;
        } finally {
            pageLatency.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
        }
    }

    @Override
    public void close() {
        running = false;
        scheduler.interrupt();
        workers.shutdownNow();
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
        for (Meter m : ownMeters) {
            meters.remove(m);
        }
        errors.values().forEach(meters::remove);
        items.values().forEach(meters::remove);
    }
}
