package dev.wirewatch.tagger;

import dev.wirewatch.core.kafka.TopicNames;
import dev.wirewatch.core.kafka.Topics;
import dev.wirewatch.core.model.TopicStats;
import io.micrometer.core.instrument.FunctionCounter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.state.Stores;

/**
 * The tagger's Kafka Streams topology, built by one pure method that the stage and the tests share.
 *
 * <pre>
 *  tracked-topics (compacted) --global store--> TopicIndex (compiled matcher, updated in place)
 *  articles --match (one task per partition)--> [app]-stories-repartition (1 partition, binary)
 *           --story (fingerprint tables, horizon) + stats (per topic: 1m, 1h, 1d windows)
 *           --> mentions, keyed by topic id
 *           --> topic-stats, the changed windows every stats interval
 * </pre>
 *
 * <p>Matching, the costly step, scales with the partitions of the articles topic. Story clustering must see every
 * tagged article, so it runs in one task fed by a single-partition internal topic; it reads no article body and
 * does a few range scans per article. Stats read the mentions topic back, so each topic's counts live in one task
 * and count what readers of the mentions topic see. Every internal topic and store has an explicit name, so that
 * they keep their names across versions.
 */
public final class TaggerTopology {

    /** The global store of tracked-topic definitions (JSON bytes by topic id). */
    public static final String TRACKED_TOPICS_STORE = "tracked-topics";
    /**
     * The prefix of the window store of story fingerprints, {@code [table][permuted fingerprint]} to story id; the
     * store's name ends with the maximum distance ({@code story-fingerprints-k3}), because the table layout depends on
     * it: a changed distance starts an empty store rather than misreading the old one.
     */
    public static final String FINGERPRINT_STORE_PREFIX = "story-fingerprints-k";
    /** The window store of article ids to their story. */
    public static final String STORY_ARTICLES_STORE = "story-articles";
    /** The window store of (story, topic) pairs mentioned within the horizon. */
    public static final String STORY_TOPICS_STORE = "story-topics";
    /** The name of the internal topic that carries tagged articles to the story task ({@code <app id>-stories-repartition}). */
    public static final String STORIES_TOPIC = "stories";

    private TaggerTopology() {
    }

    /** Builds the topology; it has no side effects, so tests can drive exactly what runs in production. */
    public static Topology build(TaggerTopologyConfig config) {
        TopicNames names = config.names();
        TopicIndex index = new TopicIndex();
        // registered once here, where the index is made: the updater below is made by a supplier, maybe more than once
        FunctionCounter.builder(TaggerMeters.TOPICS_REANCHORED, index, TopicIndex::reanchoredTopics)
                .description("topics the matcher moved to rarer anchor words, learned from the articles it matched")
                .register(config.meters());
        StreamsBuilder builder = new StreamsBuilder();

        builder.addGlobalStore(
                Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(TRACKED_TOPICS_STORE), Serdes.String(),
                        Serdes.ByteArray()).withLoggingDisabled(),
                names.of(Topics.TRACKED_TOPICS),
                Consumed.with(Serdes.String(), Serdes.ByteArray()).withName("tracked-topics-source"),
                () -> new TrackedTopicsUpdater(TRACKED_TOPICS_STORE, index, config.meters()));

        FingerprintTables tables = new FingerprintTables(config.storyMaxDistance());
        Duration horizon = config.storyHorizon();
        String fingerprintStore = FINGERPRINT_STORE_PREFIX + config.storyMaxDistance();
        builder.addStateStore(Stores.windowStoreBuilder(
                Stores.persistentWindowStore(fingerprintStore, horizon, Duration.ofMillis(1), false),
                Serdes.Bytes(), Serdes.String()));
        builder.addStateStore(Stores.windowStoreBuilder(
                Stores.persistentWindowStore(STORY_ARTICLES_STORE, horizon, Duration.ofMillis(1), false),
                Serdes.String(), Serdes.String()));
        // the day's story counts look back a day for the pair's previous mention, whatever the horizon
        Duration storyTopicsRetention = horizon.compareTo(StatsWindow.DAY.size()) > 0 ? horizon : StatsWindow.DAY.size();
        builder.addStateStore(Stores.windowStoreBuilder(
                Stores.persistentWindowStore(STORY_TOPICS_STORE, storyTopicsRetention, Duration.ofMillis(1), false),
                Serdes.String(), Serdes.Long()));
        for (StatsWindow w : StatsWindow.values()) {
            builder.addStateStore(Stores.windowStoreBuilder(
                    Stores.persistentWindowStore(w.countsStore(), w.retention(), w.size(), false),
                    Serdes.String(), Counts.SERDE).withCachingEnabled());
        }
        List<String> storyStores = new ArrayList<>(List.of(fingerprintStore, STORY_ARTICLES_STORE, STORY_TOPICS_STORE));
        storyStores.addAll(StatsCounter.storeNames());

        KStream<String, Object> tagged = builder.stream(names.of(Topics.ARTICLES),
                        Consumed.with(Serdes.String(), Topics.ARTICLE_SERDE).withName("articles-source"))
                .process(() -> new MatchProcessor(index, config.meters()), Named.as("match"))
                .repartition(Repartitioned.with(Serdes.String(), TaggedArticle.SERDE)
                        .withName(STORIES_TOPIC).withNumberOfPartitions(1))
                .process(() -> new StoryProcessor(fingerprintStore, STORY_ARTICLES_STORE, STORY_TOPICS_STORE, tables,
                        horizon, config.statsInterval(), config.clock(), config.meters()), Named.as("story"),
                        storyStores.toArray(String[]::new));
        // the story processor forwards each record to the sink it names
        tagged.to(names.of(Topics.MENTIONS), Produced.with(Serdes.String(), only(byte[].class, Serdes.ByteArray()))
                .withName(StoryProcessor.MENTIONS));
        tagged.to(names.of(Topics.TOPIC_STATS), Produced.with(Serdes.String(),
                only(TopicStats.class, Topics.TOPIC_STATS_SERDE)).withName(StoryProcessor.STATS));

        return builder.build();
    }

    /** A serde for a sink that receives only values of one type from a processor with several kinds of output. */
    private static <T> Serde<Object> only(Class<T> type, Serde<T> serde) {
        Serializer<Object> serializer = (topic, value) -> serde.serializer().serialize(topic, type.cast(value));
        Deserializer<Object> deserializer = (topic, bytes) -> serde.deserializer().deserialize(topic, bytes);
        return Serdes.serdeFrom(serializer, deserializer);
    }
}
