package dev.wirewatch.tagger;

import dev.wirewatch.core.config.ConfigKey;
import dev.wirewatch.core.config.CoreSettings;
import dev.wirewatch.core.config.WirewatchConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The tagger's settings, read with {@link WirewatchConfig#get(ConfigKey)}.
 *
 * <p>Any Kafka Streams or client setting can also be given under {@code kafka.} (for example
 * {@code kafka.max.poll.records}); such pass-through settings win over the values derived from these keys.
 */
public final class TaggerSettings {

    public static final ConfigKey<Duration> COMMIT_INTERVAL = ConfigKey.duration("tagger.commit-interval", "20ms",
            "how often the tagger commits its transaction: mentions become visible to read_committed readers then");
    public static final ConfigKey<Integer> NUM_STREAM_THREADS = ConfigKey.integer("tagger.num-stream-threads", 2, 1, 64,
            "Kafka Streams threads of this tagger instance");
    public static final ConfigKey<Integer> NUM_STANDBY_REPLICAS = ConfigKey.integer("tagger.num-standby-replicas", 0, 0, 8,
            "warm copies of each state store kept on other tagger instances, for fast fail-over");
    public static final ConfigKey<Duration> STORY_HORIZON = ConfigKey.duration("tagger.story-horizon", "3d",
            "how long an article can still gather near-duplicates into its story");
    public static final ConfigKey<Integer> STORY_MAX_DISTANCE = ConfigKey.integer("tagger.story-max-distance", 3, 0, 6,
            "the largest Hamming distance between the 64-bit SimHash fingerprints of two articles of one story");
    public static final ConfigKey<Duration> STATS_INTERVAL = ConfigKey.duration("tagger.stats-interval", "5s",
            "how often changed per-topic counts are written to the topic-stats topic (queries in place are always current)");
    public static final ConfigKey<String> STATE_DIR = ConfigKey.string("tagger.state-dir", null,
            "where the tagger keeps its local state stores (default: <data.dir>/tagger)");

    private TaggerSettings() {
    }

    /** Every tagger setting, for validation and documentation. */
    public static List<ConfigKey<?>> all() {
        return List.of(COMMIT_INTERVAL, NUM_STREAM_THREADS, NUM_STANDBY_REPLICAS, STORY_HORIZON, STORY_MAX_DISTANCE,
                STATS_INTERVAL, STATE_DIR);
    }

    /** The state directory: {@code tagger.state-dir}, or {@code tagger} under {@code data.dir}. */
    static Path stateDir(WirewatchConfig config) {
        String dir = config.get(STATE_DIR);
        return dir != null ? Path.of(dir) : Path.of(config.get(CoreSettings.DATA_DIR), "tagger");
    }
}
