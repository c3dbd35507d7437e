package dev.wirewatch.alerter.delivery;

import dev.wirewatch.core.model.Alert;
import dev.wirewatch.core.model.PendingDelivery;
import java.time.Instant;
import org.apache.kafka.common.TopicPartition;

/**
 * One attempt to make: an alert just read from the alerts topic (attempt 1, settled by committing its offset) or a
 * retry from the retry topic (settled by writing its next state or a tombstone).
 *
 * @param firstFailedAt when the alert first failed, null for a first attempt
 * @param revision the revision of the retry state this job came from (0 for a first attempt)
 * @param partition the alerts partition (first attempts) or the retry partition (retries)
 * @param offset the alert's offset, for first attempts
 * @param alertJson the alert's JSON as read from the alerts topic (first attempts), so that a webhook sends it without
 *     writing it again; null for retries
 */
record Job(Alert alert, int attempt, Instant firstFailedAt, long revision, boolean retry, TopicPartition partition,
        long offset, byte[] alertJson) {

    static Job first(Alert alert, byte[] alertJson, TopicPartition partition, long offset) {
        return new Job(alert, 1, null, 0, false, partition, offset, alertJson);
    }

    static Job retry(PendingDelivery pending, TopicPartition partition) {
        return new Job(pending.alert(), Math.max(1, pending.attempt()), pending.firstFailedAt(), pending.revision(), true,
                partition, -1, null);
    }
}
