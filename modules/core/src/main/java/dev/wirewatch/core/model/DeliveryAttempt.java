package dev.wirewatch.core.model;

import java.time.Instant;
import java.util.Objects;

/**
 * One try at delivering one alert, the value of {@code wirewatch.deliveries}, keyed by {@link #subscriptionId}.
 *
 * @param outcome delivered, failed (will retry), gave-up, disabled (the endpoint was disabled) or skipped
 * @param httpStatus the HTTP status the endpoint answered, or null
 * @param nextAttemptAt when the next try is due, for failed attempts
 * @param deliveredAt when the endpoint accepted the alert, for delivered attempts
 * @param alertCreatedAt when the fan-out wrote the alert, so that readers see the delivery's delay
 */
public record DeliveryAttempt(
        int schemaVersion,
        String alertId,
        String subscriptionId,
        String channelType,
        int attempt,
        String outcome,
        Integer httpStatus,
        String error,
        Instant attemptedAt,
        long latencyMs,
        Instant nextAttemptAt,
        Instant deliveredAt,
        Instant alertCreatedAt) {

    public static final int SCHEMA_VERSION = 1;
    public static final String DELIVERED = "delivered";
    public static final String FAILED = "failed";
    public static final String GAVE_UP = "gave-up";
    public static final String DISABLED = "disabled";
    public static final String SKIPPED = "skipped";

    /** An attempt without delivery and alert times, as written before those fields existed. */
    public DeliveryAttempt(int schemaVersion, String alertId, String subscriptionId, String channelType, int attempt,
            String outcome, Integer httpStatus, String error, Instant attemptedAt, long latencyMs,
            Instant nextAttemptAt) {
        this(schemaVersion, alertId, subscriptionId, channelType, attempt, outcome, httpStatus, error, attemptedAt,
                latencyMs, nextAttemptAt, null, null);
    }

    public DeliveryAttempt {
        Objects.requireNonNull(alertId, "alertId");
        Objects.requireNonNull(subscriptionId, "subscriptionId");
        if (schemaVersion == 0) {
            schemaVersion = SCHEMA_VERSION;
        }
    }
}
