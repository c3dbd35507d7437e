package dev.wirewatch.core.kafka;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.Serde;

/**
 * One Kafka topic of the pipeline: its name without the configurable prefix, its serdes and how it is kept.
 *
 * @param suffix the name after the prefix, for example {@code articles}
 * @param partitions the partition count when Wirewatch creates the topic (a cluster setting may override)
 * @param compacted whether the topic keeps the latest value per key (definitions) rather than a time window
 * @param retention how long records are kept; {@code null} for forever (compacted definitions)
 */
public record TopicSpec<K, V>(
        String suffix,
        Serde<K> keySerde,
        Serde<V> valueSerde,
        int partitions,
        boolean compacted,
        Duration retention) {

    public TopicSpec {
        Objects.requireNonNull(suffix, "suffix");
        Objects.requireNonNull(keySerde, "keySerde");
        Objects.requireNonNull(valueSerde, "valueSerde");
        if (partitions < 1) {
            throw new IllegalArgumentException("partitions must be at least 1 for topic " + suffix);
        }
    }

    /** The full topic name under a prefix such as {@code wirewatch.}. */
    public String name(String prefix) {
        return prefix + suffix;
    }

    /** The topic-level configs with which Wirewatch creates this topic. */
    public Map<String, String> configs() {
        Map<String, String> configs = new HashMap<>();
        configs.put(TopicConfig.CLEANUP_POLICY_CONFIG,
                compacted ? TopicConfig.CLEANUP_POLICY_COMPACT : TopicConfig.CLEANUP_POLICY_DELETE);
        configs.put(TopicConfig.RETENTION_MS_CONFIG, retention == null ? "-1" : Long.toString(retention.toMillis()));
        if (compacted) {
            // definitions are small and read as tables: compact promptly so that restarts read little
            configs.put(TopicConfig.MIN_COMPACTION_LAG_MS_CONFIG, "0");
            configs.put(TopicConfig.SEGMENT_MS_CONFIG, Long.toString(Duration.ofHours(1).toMillis()));
            configs.put(TopicConfig.DELETE_RETENTION_MS_CONFIG, Long.toString(Duration.ofDays(1).toMillis()));
        }
        return configs;
    }

    /** The same topic with another partition count. */
    public TopicSpec<K, V> withPartitions(int count) {
        return new TopicSpec<>(suffix, keySerde, valueSerde, count, compacted, retention);
    }
}
