package dev.wirewatch.tagger;

import dev.wirewatch.core.config.WirewatchConfig;
import dev.wirewatch.core.kafka.TopicNames;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Objects;

/**
 * What {@link TaggerTopology#build} needs: topic names, story and stats settings, and where to count.
 *
 * @param names the topic registry under the configured prefix
 * @param storyHorizon how long an article can gather near-duplicates into its story
 * @param storyMaxDistance the largest Hamming distance between fingerprints of one story (0 to 6)
 * @param statsInterval how often changed window counts are written to the topic-stats topic
 * @param meters where processors count what they do
 * @param clock the source of {@code Mention.taggedAt}
 */
public record TaggerTopologyConfig(
        TopicNames names,
        Duration storyHorizon,
        int storyMaxDistance,
        Duration statsInterval,
        MeterRegistry meters,
        InstantSource clock) {

    public TaggerTopologyConfig {
        Objects.requireNonNull(names, "names");
        Objects.requireNonNull(storyHorizon, "storyHorizon");
        Objects.requireNonNull(statsInterval, "statsInterval");
        Objects.requireNonNull(meters, "meters");
        Objects.requireNonNull(clock, "clock");
        if (storyHorizon.isNegative() || storyHorizon.isZero()) {
            throw new IllegalArgumentException("storyHorizon must be positive, got " + storyHorizon);
        }
        if (storyMaxDistance < 0 || storyMaxDistance > FingerprintTables.MAX_DISTANCE) {
            throw new IllegalArgumentException("storyMaxDistance must be between 0 and " + FingerprintTables.MAX_DISTANCE + ", got " + storyMaxDistance);
        }
        if (statsInterval.isNegative() || statsInterval.isZero()) {
            throw new IllegalArgumentException("statsInterval must be positive, got " + statsInterval);
        }
    }

    /** The topology settings of a Wirewatch configuration, with the system clock. */
    public static TaggerTopologyConfig from(WirewatchConfig config, MeterRegistry meters) {
        return new TaggerTopologyConfig(config.topicNames(), config.get(TaggerSettings.STORY_HORIZON),
                config.get(TaggerSettings.STORY_MAX_DISTANCE), config.get(TaggerSettings.STATS_INTERVAL), meters,
                InstantSource.system());
    }
}
