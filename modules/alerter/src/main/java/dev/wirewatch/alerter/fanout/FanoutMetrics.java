package dev.wirewatch.alerter.fanout;

import dev.wirewatch.alerter.AlerterMeters;
import dev.wirewatch.core.model.Mention;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The fan-out's meters: mentions read, alerts written by kind, mentions held for a digest by reason and mentions
 * dropped by reason ({@code duplicate}, {@code syndicated}, {@code subscription-gone}).
 *
 * <p>Counts come from the processors and include work that an aborted transaction later replays, so they may run a
 * little ahead of what was committed.
 */
final class FanoutMetrics {

    private final MeterRegistry meters;
    private final Counter mentions;
    private final Counter routed;
    private final Map<String, Counter> alerts = new ConcurrentHashMap<>();
    private final Map<PendingDigest.Reason, Counter> held = new EnumMap<>(PendingDigest.Reason.class);
    private final Map<String, Counter> dropped = new ConcurrentHashMap<>();
    private final Map<String, Timer> hops = new ConcurrentHashMap<>();

    FanoutMetrics(MeterRegistry meters, SubscriptionIndex index) {
        this.meters = meters;
        this.mentions = Counter.builder(AlerterMeters.MENTIONS).description("mentions read by the fan-out")
                .register(meters);
        this.routed = Counter.builder(AlerterMeters.FANOUT_ROUTED)
                .description("(mention, subscription) pairs that passed the subscription's filters").register(meters);
        for (PendingDigest.Reason reason : PendingDigest.Reason.values()) {
            held.put(reason, Counter.builder(AlerterMeters.FANOUT_HELD)
                    .tag("reason", reason.name().toLowerCase(Locale.ROOT).replace('_', '-'))
                    .description("mentions held for a digest rather than sent on their own").register(meters));
        }
        Gauge.builder(AlerterMeters.SUBSCRIPTIONS, index, SubscriptionIndex::size)
                .description("subscriptions known to the fan-out").register(meters);
    }

    void mentionRead() {
        mentions.increment();
    }

    void routed() {
        routed.increment();
    }

    void alert(String kind) {
        alerts.computeIfAbsent(kind, k -> Counter.builder(AlerterMeters.ALERTS).tag("kind", k)
                .description("alerts written to the alerts topic").register(meters)).increment();
    }

    /** The delays of one real-time alert's hops: publication, fetch and tagging of its article, to the alert. */
    void freshness(Mention mention, Instant alertAt) {
        hop("published-to-alert", mention.publishedAt(), alertAt);
        hop("fetched-to-alert", mention.fetchedAt(), alertAt);
        hop("tagged-to-alert", mention.taggedAt(), alertAt);
    }

    private void hop(String hop, Instant from, Instant to) {
        if (from == null || to.isBefore(from)) {
            return;
        }
        hops.computeIfAbsent(hop, h -> Timer.builder(AlerterMeters.FRESHNESS).tag("hop", h)
                .publishPercentiles(0.5, 0.9)
                .description("from an article's publication, fetch and tagging to its real-time alert")
                .register(meters)).record(Duration.between(from, to));
    }

    void held(PendingDigest.Reason reason) {
        held.get(reason).increment();
    }

    void dropped(String reason, int count) {
        dropped.computeIfAbsent(reason, r -> Counter.builder(AlerterMeters.FANOUT_DROPPED).tag("reason", r)
                .description("mentions not alerted: duplicates, dropped syndicated copies, vanished subscriptions")
                .register(meters)).increment(count);
    }
}
