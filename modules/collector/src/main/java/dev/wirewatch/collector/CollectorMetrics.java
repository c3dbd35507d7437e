package dev.wirewatch.collector;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The meters one {@link Collector} registers (names in {@link CollectorMeters}); {@link #close} removes them all, so a
 * collector closed and created again in one registry starts from fresh meters.
 */
final class CollectorMetrics implements AutoCloseable {

    private final MeterRegistry registry;
    private final List<Meter> own = new ArrayList<>();
    private final Map<String, Counter> errors = new ConcurrentHashMap<>();
    private final Map<String, Counter> items = new ConcurrentHashMap<>();
    private final Map<String, Counter> named = new ConcurrentHashMap<>();

    final Counter pollsOk;
    final Counter pollsNotModified;
    final Counter pollsFailed;
    final Counter published;
    final Counter extractionFailures;
    final Timer feedLatency;
    final Timer pageLatency;
    /** From a new article's publication to its fetch: the first hop of an alert's delay. */
    final Timer publishedToFetched;

    CollectorMetrics(MeterRegistry registry) {
        this.registry = registry;
        pollsOk = pollCounter("ok");
        pollsNotModified = pollCounter("not_modified");
        pollsFailed = pollCounter("error");
        published = own(Counter.builder(CollectorMeters.ARTICLES_PUBLISHED)
                .description("articles (new or new versions) stored by the sink").register(registry));
        extractionFailures = own(Counter.builder(CollectorMeters.EXTRACTION_FAILURES)
                .description("pages fetched whose main text could not be extracted").register(registry));
        feedLatency = own(Timer.builder(CollectorMeters.FETCH_LATENCY).tag("kind", "feed")
                .description("time to fetch a feed or page, redirects included").register(registry));
        pageLatency = own(Timer.builder(CollectorMeters.FETCH_LATENCY).tag("kind", "page")
                .description("time to fetch a feed or page, redirects included").register(registry));
        publishedToFetched = own(Timer.builder(CollectorMeters.FRESHNESS).tag("hop", "published-to-fetched")
                .publishPercentiles(0.5, 0.9)
                .description("from an article's publication to its fetch, for each new article").register(registry));
    }

    MeterRegistry registry() {
        return registry;
    }

    private Counter pollCounter(String outcome) {
        return own(Counter.builder(CollectorMeters.POLLS).tag("outcome", outcome)
                .description("feed polls by outcome: ok (a feed was read), not_modified (304), error").register(registry));
    }

    /** Registers a meter that lives as long as the collector. */
    <M extends Meter> M own(M meter) {
        own.add(meter);
        return meter;
    }

    /** Registers a gauge that lives as long as the collector. */
    <T> void gauge(String name, String description, T target, java.util.function.ToDoubleFunction<T> value) {
        own(Gauge.builder(name, target, value).description(description).register(registry));
    }

    /** Counts one failure in {@code wirewatch.collector.errors{kind}}. */
    void error(String kind) {
        errors.computeIfAbsent(kind, k -> CollectorMeters.errors(registry, k)).increment();
    }

    /** Counts one feed item in {@code wirewatch.collector.items{result}}. */
    void item(String result) {
        items.computeIfAbsent(result, r -> Counter.builder(CollectorMeters.ITEMS).tag("result", r)
                .description("feed items by what became of them: new, edited, duplicate, unchanged, skipped, failed")
                .register(registry)).increment();
    }

    /** A counter with one tag, registered on first use and removed on close; the name comes from {@link CollectorMeters}. */
    Counter counter(String name, String tag, String value, String description) {
        return named.computeIfAbsent(name + '\u0000' + tag + '\u0000' + value,
                k -> Counter.builder(name).tag(tag, value).description(description).register(registry));
    }

    void recordFeedFetch(long startNanos) {
        feedLatency.record(System.nanoTime() - startNanos, TimeUnit.NANOSECONDS);
    }

    void recordPageFetch(long startNanos) {
        pageLatency.record(System.nanoTime() - startNanos, TimeUnit.NANOSECONDS);
    }

    /** Registers the per-feed gauges of a feed; they are removed with {@link #removeFeed}. */
    void addFeed(FeedState state) {
        String id = state.feed().id();
        state.meters().add(Gauge.builder(CollectorMeters.FEED_CONSECUTIVE_FAILURES, state, FeedState::consecutiveFailures)
                .tag("feed", id).description("polls of this feed that failed in a row").register(registry));
        state.meters().add(Gauge.builder(CollectorMeters.FEED_LAST_SUCCESS, state,
                        s -> s.lastSuccessAt() == null ? 0 : s.lastSuccessAt().getEpochSecond())
                .tag("feed", id).description("epoch second of this feed's last successful poll (0: none)").register(registry));
        state.meters().add(Gauge.builder(CollectorMeters.FEED_ITEMS_PER_DAY, state, FeedState::itemsPerDay)
                .tag("feed", id).description("estimated publishing rate of this feed").register(registry));
    }

    void removeFeed(FeedState state) {
        for (Meter m : state.meters()) {
            registry.remove(m);
        }
    }

    @Override
    public void close() {
        own.forEach(registry::remove);
        errors.values().forEach(registry::remove);
        items.values().forEach(registry::remove);
        named.values().forEach(registry::remove);
    }
}
