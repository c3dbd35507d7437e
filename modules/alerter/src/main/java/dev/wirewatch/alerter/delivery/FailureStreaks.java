package dev.wirewatch.alerter.delivery;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Since when each subscription's endpoint has failed without a single success, to disable those that keep failing.
 *
 * <p>The start of a streak is the earliest first failure of the alerts that failed since the last success; retry
 * states carry each alert's first failure, so after a restart the streak starts again from the oldest retried alert.
 */
final class FailureStreaks {

    private final Duration disableAfter;
    private final Map<String, Instant> since = new ConcurrentHashMap<>();

    FailureStreaks(Duration disableAfter) {
        this.disableAfter = disableAfter;
    }

    void success(String subscriptionId) {
        since.remove(subscriptionId);
    }

    /** Records a failure; true when the endpoint has now been failing for {@code alerter.disable-after} or longer. */
    boolean failed(String subscriptionId, Instant firstFailedAt, Instant now) {
        Instant start = since.merge(subscriptionId, firstFailedAt, (a, b) -> a.isBefore(b) ? a : b);
        return Duration.between(start, now).compareTo(disableAfter) >= 0;
    }

    /** When the current streak of a subscription started, or null. */
    Instant since(String subscriptionId) {
        return since.get(subscriptionId);
    }

    void forget(String subscriptionId) {
        since.remove(subscriptionId);
    }
}
