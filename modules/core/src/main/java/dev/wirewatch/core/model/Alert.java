package dev.wirewatch.core.model;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A message for one subscriber, the value of {@code wirewatch.alerts}, keyed by {@link #subscriptionId}.
 *
 * <p>The id is stable: a redelivery of the same alert carries the same id (the webhook-id), so receivers can drop
 * duplicates.
 *
 * @param kind realtime (one mention) or digest (several stories)
 * @param note a remark for the reader, for example that the hourly budget rolled alerts into this digest
 */
public record Alert(
        int schemaVersion,
        String id,
        String subscriptionId,
        String kind,
        List<Mention> mentions,
        Instant createdAt,
        String note) {

    public static final int SCHEMA_VERSION = 1;
    public static final String REALTIME = "realtime";
    public static final String DIGEST = "digest";

    public Alert {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(subscriptionId, "subscriptionId");
        if (schemaVersion == 0) {
            schemaVersion = SCHEMA_VERSION;
        }
        mentions = mentions == null ? List.of() : List.copyOf(mentions);
    }
}
