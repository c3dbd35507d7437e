package dev.wirewatch.core.model;

import java.time.Instant;

/**
 * Counts for one tracked topic in one time window, the value of {@code wirewatch.topic-stats}, keyed by topic id.
 *
 * @param window 1m, 1h or 1d
 * @param spike whether this window is far above the topic's recent baseline
 */
public record TopicStats(
        int schemaVersion,
        String topicId,
        String window,
        Instant windowStart,
        Instant windowEnd,
        long mentions,
        long stories,
        boolean spike) {

    public static final int SCHEMA_VERSION = 1;

    public TopicStats {
        if (schemaVersion == 0) {
            schemaVersion = SCHEMA_VERSION;
        }
    }
}
