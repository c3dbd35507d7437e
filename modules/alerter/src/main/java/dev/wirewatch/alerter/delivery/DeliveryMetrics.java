package dev.wirewatch.alerter.delivery;

import dev.wirewatch.alerter.AlerterMeters;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The delivery side's meters, all under {@code wirewatch.alerter.}:
 * {@code deliveries} (attempts by channel and outcome), {@code delivery.latency} (one request, by channel),
 * {@code delivery.age} (alert creation to successful delivery, by channel), {@code deferred} (alerts parked because
 * their endpoint was busy or asked to wait, by reason), {@code endpoints.disabled} (by reason: gone, failing),
 * {@code owner.notices} (by outcome: sent, failed, skipped) and {@code delivery.errors} (by kind: records that could
 * not be written or read). Gauges for pending retries and alerts in flight are registered by the service.
 */
final class DeliveryMetrics {

    private final MeterRegistry meters;
    private final Map<String, Counter> counters = new ConcurrentHashMap<>();
    private final Map<String, Timer> timers = new ConcurrentHashMap<>();

    DeliveryMetrics(MeterRegistry meters) {
        this.meters = meters;
    }

    MeterRegistry registry() {
        return meters;
    }

    void outcome(String channel, String outcome) {
        counter(AlerterMeters.DELIVERIES, "delivery attempts by channel and outcome",
                "channel", channel, "outcome", outcome).increment();
    }

    void latency(String channel, long millis) {
        timer(AlerterMeters.DELIVERY_LATENCY, "time of one delivery request", channel)
                .record(Duration.ofMillis(millis));
    }

    void age(String channel, Duration age) {
        if (!age.isNegative()) {
            timer(AlerterMeters.DELIVERY_AGE, "from the alert's creation to its successful delivery", channel)
                    .record(age);
        }
    }

    void sincePublished(String channel, Duration age) {
        if (!age.isNegative()) {
            timer(AlerterMeters.DELIVERY_SINCE_PUBLISHED,
                    "from the publication of an alert's latest article to its successful delivery", channel).record(age);
        }
    }

    void sinceTagged(String channel, Duration age) {
        if (!age.isNegative()) {
            timer(AlerterMeters.DELIVERY_SINCE_TAGGED,
                    "from the tagging of an alert's latest mention to its successful delivery", channel).record(age);
        }
    }

    void deferred(String reason) {
        counter(AlerterMeters.DEFERRED, "alerts parked in the retry topic without an attempt",
                "reason", reason).increment();
    }

    void disabled(String reason) {
        counter(AlerterMeters.ENDPOINTS_DISABLED, "subscriptions disabled after 410 Gone or persistent failure",
                "reason", reason).increment();
    }

    void notice(String outcome) {
        counter(AlerterMeters.OWNER_NOTICES, "e-mails to owners of disabled subscriptions",
                "outcome", outcome).increment();
    }

    void error(String kind) {
        counter(AlerterMeters.DELIVERY_ERRORS, "records of the delivery side that could not be written or read",
                "kind", kind).increment();
    }

    Counter errorCounter(String kind) {
        return counter(AlerterMeters.DELIVERY_ERRORS,
                "records of the delivery side that could not be written or read", "kind", kind);
    }

    private Counter counter(String name, String description, String... tags) {
        String key = name + String.join("|", tags);
        return counters.computeIfAbsent(key, k -> Counter.builder(name).tags(tags).description(description)
                .register(meters));
    }

    private Timer timer(String name, String description, String channel) {
        return timers.computeIfAbsent(name + "|" + channel, k -> Timer.builder(name).tag("channel", channel)
                .description(description).publishPercentiles(0.5, 0.9, 0.99).register(meters));
    }
}
