package dev.wirewatch.tagger;

import java.time.Duration;

/**
 * The tumbling windows in which mentions and stories are counted per topic, aligned to UTC (a day runs from midnight
 * UTC), with how long each window's counts are kept in the state stores.
 */
enum StatsWindow {
    MINUTE("1m", Duration.ofMinutes(1), Duration.ofHours(2)),
    HOUR("1h", Duration.ofHours(1), Duration.ofDays(2)),
    DAY("1d", Duration.ofDays(1), Duration.ofDays(35));

    private final String label;
    private final long sizeMs;
    private final Duration retention;

    StatsWindow(String label, Duration size, Duration retention) {
        this.label = label;
        this.sizeMs = size.toMillis();
        this.retention = retention;
    }

    /** The name used in {@code TopicStats.window}: 1m, 1h or 1d. */
    String label() {
        return label;
    }

    long sizeMs() {
        return sizeMs;
    }

    Duration size() {
        return Duration.ofMillis(sizeMs);
    }

    Duration retention() {
        return retention;
    }

    /** The start of the window that contains a time. */
    long start(long timeMs) {
        return timeMs - Math.floorMod(timeMs, sizeMs);
    }

    /** The store of counts per (topic, window start). */
    String countsStore() {
        return "topic-counts-" + label;
    }
}
