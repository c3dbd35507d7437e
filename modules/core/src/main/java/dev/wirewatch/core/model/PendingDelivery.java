package dev.wirewatch.core.model;

import java.time.Instant;
import java.util.Objects;

/**
 * An alert whose delivery has not succeeded yet and waits for its next attempt: the value of
 * {@code wirewatch.delivery-retries}, keyed by {@link #alertId}; a tombstone ends the wait (delivered, given up or
 * skipped).
 *
 * <p>The topic is compacted, so it holds the alerter's retry state across restarts: an alerter instance that owns a
 * partition reads it from the beginning and carries on where the previous owner stopped.
 *
 * @param attempt the number of the attempt that is due (2 is the first retry)
 * @param dueAt when that attempt is due (jittered back-off, or the endpoint's {@code Retry-After})
 * @param firstFailedAt when the first attempt of this alert failed
 * @param revision increases with every write for the same alert, so a reader keeps the newest state
 * @param lastError what went wrong on the last attempt, or why the alert was deferred
 */
public record PendingDelivery(
        int schemaVersion,
        String alertId,
        String subscriptionId,
        Alert alert,
        int attempt,
        Instant dueAt,
        Instant firstFailedAt,
        long revision,
        String lastError,
        Integer lastStatus) {

    public static final int SCHEMA_VERSION = 1;

    public PendingDelivery {
        Objects.requireNonNull(alertId, "alertId");
        Objects.requireNonNull(subscriptionId, "subscriptionId");
        Objects.requireNonNull(alert, "alert");
        Objects.requireNonNull(dueAt, "dueAt");
        if (schemaVersion == 0) {
            schemaVersion = SCHEMA_VERSION;
        }
    }
}
