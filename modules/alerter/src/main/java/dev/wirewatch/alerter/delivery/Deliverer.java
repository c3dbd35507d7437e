package dev.wirewatch.alerter.delivery;

import dev.wirewatch.core.kafka.CompactedTopicView;
import dev.wirewatch.core.model.Alert;
import dev.wirewatch.core.model.Channel;
import dev.wirewatch.core.model.DeliveryAttempt;
import dev.wirewatch.core.model.Mention;
import dev.wirewatch.core.model.PendingDelivery;
import dev.wirewatch.core.model.Subscription;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes one delivery attempt and acts on its outcome, which is always recorded in {@code wirewatch.deliveries}:
 *
 * <ul>
 *   <li>2xx (or accepted by SMTP): delivered; the alert is settled.</li>
 *   <li>410 Gone: the subscription is disabled and its owner told.</li>
 *   <li>Any other failure (3xx, 4xx, 5xx, timeout, connection): the next attempt is written to the retry topic,
 *       after a jittered delay from the schedule or the endpoint's {@code Retry-After} (429, 503), which also pauses
 *       the endpoint; after the last attempt the alert is given up. An endpoint failing without a success for
 *       {@code alerter.disable-after} is disabled.</li>
 *   <li>Refused (unsafe URL, bad secret, no SMTP server): given up at once.</li>
 * </ul>
 *
 * <p>Server-sent-events subscriptions need no delivery: the console streams their alerts from the alerts topic.
 */
final class Deliverer {

    private static final Logger LOG = LoggerFactory.getLogger(Deliverer.class);
    private static final Duration UNKNOWN_GRACE = Duration.ofMinutes(2);
    private static final Duration UNKNOWN_WAIT = Duration.ofSeconds(1);

    /** Told when a job is settled, or when its settling write failed. */
    interface Settler {
        void settled(Job job);

        void writeFailed(Job job);
    }

    private final CompactedTopicView<Subscription> subscriptions;
    private final Map<String, ChannelSender> senders;
    private final RetryPolicy policy;
    private final Outbox outbox;
    private final FailureStreaks streaks;
    private final Disabler disabler;
    private final DeliveryMetrics metrics;
    private final Clock clock;
    private final Settler settler;
    private final Map<String, Instant> pauses = new ConcurrentHashMap<>();

    Deliverer(CompactedTopicView<Subscription> subscriptions, Map<String, ChannelSender> senders, RetryPolicy policy, Outbox outbox,
            FailureStreaks streaks, Disabler disabler, DeliveryMetrics metrics, Clock clock, Settler settler) {
        this.subscriptions = subscriptions;
        this.senders = Map.copyOf(senders);
        this.policy = policy;
        this.outbox = outbox;
        this.streaks = streaks;
        this.disabler = disabler;
        this.metrics = metrics;
        this.clock = clock;
        this.settler = settler;
    }

    /**
     * The endpoint an alert goes to, for the {@link Endpoints}: a fixed key when the subscription is unknown or has
     * no sender, so that those jobs are settled quickly without holding a real endpoint's slots.
     */
    String endpoint(Alert alert) {
        Subscription subscription = subscriptions.get(alert.subscriptionId());
        if (subscription == null) {
            return "none";
        }
        ChannelSender sender = senders.get(subscription.channel().type());
        return sender == null ? "none" : sender.endpoint(subscription);
    }

    /** Whether an alert needs no delivery attempt at all (server-sent events). */
    boolean streamed(Alert alert) {
        Subscription subscription = subscriptions.get(alert.subscriptionId());
        return subscription != null && subscription.enabled() && Channel.SSE.equals(subscription.channel().type());
    }

    /** The latest {@code taggedAt} of an alert's mentions: when the last thing it reports became known. */
    private static Instant latestTagging(Alert alert) {
        Instant latest = null;
        if (alert.mentions() != null) {
            for (Mention mention : alert.mentions()) {
                if (mention.taggedAt() != null && (latest == null || mention.taggedAt().isAfter(latest))) {
                    latest = mention.taggedAt();
                }
            }
        }
        return latest;
    }

    /** Makes one attempt; never throws. */
    void run(Job job) {
        try {
            attempt(job);
        } catch (RuntimeException e) {
            metrics.error("delivery");
            LOG.error("Unexpected failure delivering alert {}; trying again later", job.alert().id(), e);
            park(job, clock.instant().plus(policy.delayAfter(job.attempt(), null)), "unexpected failure: " + e,
                    "error");
        }
    }

    private void attempt(Job job) {
        Alert alert = job.alert();
        Subscription subscription = subscriptions.get(alert.subscriptionId());
        if (subscription == null) {
            Instant now = clock.instant();
            if (alert.createdAt() != null && alert.createdAt().plus(UNKNOWN_GRACE).isAfter(now)) {
                // a subscription created a moment ago may not have reached this instance's view yet
                park(job, now.plus(UNKNOWN_WAIT), "the subscription is not known here yet", "unknown-subscription");
            } else {
                skip(job, "unknown", "the subscription no longer exists");
            }
            return;
        }
        String type = subscription.channel().type();
        if (!subscription.enabled()) {
            skip(job, type, "the subscription is disabled");
            return;
        }
        if (Channel.SSE.equals(type)) {
            metrics.outcome(Channel.SSE, "streamed");
            complete(job);
            return;
        }
        ChannelSender sender = senders.get(type);
        if (sender == null) {
            record(job, type, DeliveryAttempt.GAVE_UP, null, "unknown channel type '" + type + "'", 0, null);
            complete(job);
            return;
        }
        String endpoint = sender.endpoint(subscription);
        Instant now = clock.instant();
        Instant pausedUntil = pauses.get(endpoint);
        if (pausedUntil != null && pausedUntil.isAfter(now)) {
            park(job, pausedUntil, "the endpoint asked to wait until " + pausedUntil, "retry-after");
            return;
        }
        SendResult result;
        long start = System.nanoTime();
        try {
            result = sender.send(alert, job.alertJson(), subscription);
        } catch (RuntimeException e) {
            metrics.error("sender");
            LOG.warn("The {} sender failed on alert {}", type, alert.id(), e);
            result = SendResult.retry(null, e.toString(), null);
        }
        long millis = (System.nanoTime() - start) / 1_000_000;
        metrics.latency(type, millis);
        switch (result.kind()) {
            case DELIVERED -> {
                streaks.success(subscription.id());
                record(job, type, DeliveryAttempt.DELIVERED, result.status(), null, millis, null);
                Instant delivered = clock.instant();
                if (alert.createdAt() != null) {
                    metrics.age(type, Duration.between(alert.createdAt(), delivered));
                }
                Instant tagged = latestTagging(alert);
                if (tagged != null) {
                    metrics.sinceTagged(type, Duration.between(tagged, delivered));
                }
                complete(job);
            }
            case GONE -> {
                record(job, type, DeliveryAttempt.DISABLED, result.status(), result.error(), millis, null);
                disabler.disable(subscription, "the endpoint answered 410 Gone", "gone");
                complete(job);
            }
            case REFUSED -> {
                record(job, type, DeliveryAttempt.GAVE_UP, result.status(), result.error(), millis, null);
                LOG.warn("Alert {} for {} given up: {}", alert.id(), subscription.id(), result.error());
                complete(job);
            }
            case RETRY -> failed(job, subscription, type, endpoint, result, millis, now);
        }
    }

    private void failed(Job job, Subscription subscription, String type, String endpoint, SendResult result,
            long millis, Instant now) {
        Alert alert = job.alert();
        Instant firstFailed = job.firstFailedAt() == null ? now : job.firstFailedAt();
        if (result.retryAfter() != null) {
            pauses.put(endpoint, now.plus(policy.cap(result.retryAfter())));
        }
        if (streaks.failed(subscription.id(), firstFailed, now)) {
            Instant since = streaks.since(subscription.id());
            record(job, type, DeliveryAttempt.DISABLED, result.status(), result.error(), millis, null);
            disabler.disable(subscription, "it has failed without a single success since " + since + " (last: "
                    + result.error() + ")", "failing");
            streaks.forget(subscription.id());
            complete(job);
            return;
        }
        if (!policy.hasNext(job.attempt())) {
            record(job, type, DeliveryAttempt.GAVE_UP, result.status(), result.error(), millis, null);
            LOG.warn("Alert {} for {} given up after {} attempts: {}", alert.id(), subscription.id(), job.attempt(),
                    result.error());
            complete(job);
            return;
        }
        Instant due = now.plus(policy.delayAfter(job.attempt(), result.retryAfter()));
        PendingDelivery next = new PendingDelivery(PendingDelivery.SCHEMA_VERSION, alert.id(), alert.subscriptionId(),
                alert, job.attempt() + 1, due, firstFailed, revision(job), result.error(), result.status());
        outbox.retryState(next, () -> settler.settled(job), () -> settler.writeFailed(job));
        record(job, type, DeliveryAttempt.FAILED, result.status(), result.error(), millis, due);
        LOG.debug("Alert {} for {} failed (attempt {}: {}); next attempt at {}", alert.id(), subscription.id(),
                job.attempt(), result.error(), due);
    }

    /**
     * Parks an alert in the retry topic without counting an attempt: its endpoint is busy or asked to wait. The alert
     * is settled once the broker has its retry state.
     */
    void park(Job job, Instant until, String reason, String metricReason) {
        Alert alert = job.alert();
        PendingDelivery parked = new PendingDelivery(PendingDelivery.SCHEMA_VERSION, alert.id(), alert.subscriptionId(),
                alert, job.attempt(), until, job.firstFailedAt(), revision(job), reason, null);
        outbox.retryState(parked, () -> settler.settled(job), () -> settler.writeFailed(job));
        metrics.deferred(metricReason);
    }

    private void skip(Job job, String type, String reason) {
        record(job, type, DeliveryAttempt.SKIPPED, null, reason, 0, null);
        complete(job);
    }

    private void complete(Job job) {
        if (job.retry()) {
            outbox.tombstone(job.alert().id());
        }
        settler.settled(job);
    }

    private void record(Job job, String channel, String outcome, Integer status, String error, long millis,
            Instant next) {
        Alert alert = job.alert();
        outbox.attempt(new DeliveryAttempt(DeliveryAttempt.SCHEMA_VERSION, alert.id(), alert.subscriptionId(), channel,
                job.attempt(), outcome, status, error, clock.instant(), millis, next));
        metrics.outcome(channel, outcome);
    }

    /** A revision newer than the job's, so that readers of the retry topic keep this write. */
    private long revision(Job job) {
        return Math.max(clock.millis() * 1000, job.revision() + 1);
    }
}
