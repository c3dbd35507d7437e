package dev.wirewatch.tagger;

import dev.wirewatch.core.model.TopicStats;
import java.time.Instant;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.ReadOnlyWindowStore;
import org.apache.kafka.streams.state.WindowStoreIterator;

/**
 * Reads one topic's counts from the stats stores and turns them into {@link TopicStats}, with the spike flag of
 * {@link SpikeRule}; shared by the stats processor and the interactive query of a running tagger.
 *
 * <p>The spike flag belongs to hourly windows. A 1-minute window carries the flag of the hour it falls in; a 1-day
 * window carries the flag of its latest hour so far.
 */
final class StatsView {

    private static final long HOUR_MS = StatsWindow.HOUR.sizeMs();

    private final Map<StatsWindow, ReadOnlyWindowStore<String, Counts>> counts;
    private final SpikeRule rule;
    /** Spike flags already computed, by {@code topicId|hourStart}; null when not remembering. */
    private final Map<String, Boolean> spikes;

    StatsView(Map<StatsWindow, ? extends ReadOnlyWindowStore<String, Counts>> counts, SpikeRule rule) {
        this(new EnumMap<>(counts), rule, null);
    }

    private StatsView(Map<StatsWindow, ReadOnlyWindowStore<String, Counts>> counts, SpikeRule rule,
            Map<String, Boolean> spikes) {
        this.counts = counts;
        this.rule = Objects.requireNonNull(rule, "rule");
        this.spikes = spikes;
    }

    /** A view that computes each hour's spike flag once: for one batch of reads, during which counts do not change. */
    StatsView remembering() {
        return new StatsView(counts, rule, new HashMap<>());
    }

    /** The counts of one window of a topic (zero when there were no mentions) and its spike flag. */
    TopicStats stats(String topicId, StatsWindow window, long windowStart, long nowMs) {
        Counts c = countsAt(topicId, window, windowStart);
        long hour = switch (window) {
            case MINUTE, HOUR -> StatsWindow.HOUR.start(windowStart);
            case DAY -> StatsWindow.HOUR.start(Math.min(nowMs, windowStart + window.sizeMs() - 1));
        };
        return new TopicStats(TopicStats.SCHEMA_VERSION, topicId, window.label(), Instant.ofEpochMilli(windowStart),
                Instant.ofEpochMilli(windowStart + window.sizeMs()), c.mentions(), c.stories(), spike(topicId, hour));
    }

    /** Whether the hour starting at {@code hourStart} is a spike for the topic. */
    boolean spike(String topicId, long hourStart) {
        return spikes == null ? computeSpike(topicId, hourStart)
                : spikes.computeIfAbsent(topicId + '|' + hourStart, k -> computeSpike(topicId, hourStart));
    }

    private boolean computeSpike(String topicId, long hourStart) {
        long count = countsAt(topicId, StatsWindow.HOUR, hourStart).mentions();
        if (count < rule.minimum()) {
            return false;
        }
        long[] previous = new long[SpikeRule.BASELINE_HOURS];
        long from = hourStart - SpikeRule.BASELINE_HOURS * HOUR_MS;
        try (WindowStoreIterator<Counts> hours = counts.get(StatsWindow.HOUR).fetch(topicId,
                Instant.ofEpochMilli(Math.max(0, from)), Instant.ofEpochMilli(hourStart - HOUR_MS))) {
            while (hours.hasNext()) {
                KeyValue<Long, Counts> hour = hours.next();
                int slot = (int) ((hour.key - from) / HOUR_MS);
                if (slot >= 0 && slot < previous.length) {
                    previous[slot] = hour.value.mentions();
                }
            }
        }
        return rule.isSpike(count, previous);
    }

    private Counts countsAt(String topicId, StatsWindow window, long windowStart) {
        Counts c = counts.get(window).fetch(topicId, windowStart);
        return c == null ? Counts.ZERO : c;
    }
}
