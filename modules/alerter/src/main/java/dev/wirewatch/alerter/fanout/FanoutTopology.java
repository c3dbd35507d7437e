package dev.wirewatch.alerter.fanout;

import dev.wirewatch.alerter.AlerterMeters;
import dev.wirewatch.alerter.AlerterSettings;
import dev.wirewatch.core.config.CoreSettings;
import dev.wirewatch.core.config.WirewatchConfig;
import dev.wirewatch.core.kafka.JsonSerde;
import dev.wirewatch.core.kafka.TopicNames;
import dev.wirewatch.core.kafka.Topics;
import dev.wirewatch.core.kafka.streams.DeadLetterHandlers;
import dev.wirewatch.core.kafka.streams.StreamsDefaults;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.state.Stores;

/**
 * The fan-out: a Kafka Streams topology from {@code wirewatch.mentions} to {@code wirewatch.alerts}, one alert record
 * per subscriber, keyed by subscription id.
 *
 * <pre>
 * wirewatch.subscriptions --(global store + index)--.
 * wirewatch.mentions --route (topic -> its subscribers, filters)--> repartition: one record per partition of subscribers
 *     --alert (dedup per subscriber, stories, digests, budget, quiet hours)--> wirewatch.alerts
 * </pre>
 *
 * <p>The topology is built by {@link #build(Options)}, which the stage and the tests share. It runs with
 * {@code exactly_once_v2}: the alerts, the dedup and digest state and the input offsets commit together, so a crash
 * neither loses nor repeats an alert record. The state stores are {@value #SEEN_STORE} (the stories each subscriber
 * has seen, with the articles of each, a window store kept for the dedup horizon), {@value #DIGESTS_STORE} (pending digests),
 * {@value #DUE_STORE} (pending digests by due time) and {@value #BUDGET_STORE} (the hourly budget), all backed by
 * changelog topics; subscriptions are a global in-memory store rebuilt from the compacted topic at start.
 */
public final class FanoutTopology {

    static final String SUBSCRIPTIONS_STORE = "alerter-subscriptions";
    static final String SEEN_STORE = "alerter-seen";
    static final String DIGESTS_STORE = "alerter-digests";
    static final String DUE_STORE = "alerter-digest-due";
    static final String BUDGET_STORE = "alerter-budget";

    /** The suffix of the Kafka Streams application id, after the topic prefix. */
    public static final String APPLICATION_ID_SUFFIX = "alerter-fanout";

    private FanoutTopology() {
    }

    /**
     * What the topology needs: topic names and the fan-out's settings.
     *
     * @param partitions partitions of the repartition topic between the two halves; each subscriber's dedup, digest
     *     and budget state lives in one of them, so changing the count starts that state afresh
     * @param dedupHorizon how long a subscriber is remembered to have seen an article or a story
     * @param digestCheckInterval how often due digests are looked for (wall-clock)
     * @param foldDigestEvery the digest interval of subscribers whose mode names none
     * @param digestMaxMentions mentions listed in one digest
     */
    public record Options(TopicNames names, int partitions, Duration dedupHorizon, Duration digestCheckInterval,
            Duration foldDigestEvery, int digestMaxMentions, MeterRegistry meters) {

        public Options {
            Objects.requireNonNull(names, "names");
            Objects.requireNonNull(meters, "meters");
            if (partitions < 1) {
                throw new IllegalArgumentException("the fan-out needs at least one partition");
            }
            if (dedupHorizon.isNegative() || dedupHorizon.isZero()) {
                throw new IllegalArgumentException("the dedup horizon must be positive");
            }
        }

        /** The options of a configuration. */
        public static Options from(WirewatchConfig config, MeterRegistry meters) {
            int partitions = config.get(AlerterSettings.FANOUT_PARTITIONS);
            TopicNames names = config.topicNames();
            return new Options(names, partitions > 0 ? partitions : names.partitions(Topics.ALERTS),
                    config.get(AlerterSettings.DEDUP_HORIZON),
                    config.get(AlerterSettings.DIGEST_CHECK_INTERVAL), config.get(AlerterSettings.FOLD_DIGEST_EVERY),
                    config.get(AlerterSettings.DIGEST_MAX_MENTIONS), meters);
        }
    }

    /** The fan-out topology. */
    public static Topology build(Options options) {
        TopicNames names = options.names();
        SubscriptionIndex index = new SubscriptionIndex();
        FanoutMetrics metrics = new FanoutMetrics(options.meters(), index);
        MentionCodec codec = new MentionCodec();
        StreamsBuilder builder = new StreamsBuilder();
        builder.addGlobalStore(
                Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(SUBSCRIPTIONS_STORE), Serdes.String(),
                        Topics.SUBSCRIPTION_SERDE).withLoggingDisabled(),
                names.of(Topics.SUBSCRIPTIONS),
                Consumed.with(Serdes.String(), Topics.SUBSCRIPTION_SERDE).withName("subscriptions"),
                () -> new SubscriptionUpdater(index));
        Duration horizon = options.dedupHorizon();
        builder.addStateStore(Stores.windowStoreBuilder(Stores.persistentWindowStore(SEEN_STORE, horizon, horizon, false),
                Serdes.String(), Serdes.String()).withCachingDisabled());
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(DIGESTS_STORE), Serdes.String(),
                new JsonSerde<>(PendingDigest.class)).withCachingDisabled());
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(DUE_STORE), Serdes.String(),
                Serdes.String()).withCachingDisabled());
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(BUDGET_STORE), Serdes.String(),
                Serdes.String()).withCachingDisabled());
        builder.stream(names.of(Topics.MENTIONS), Consumed.with(Serdes.String(), Topics.MENTION_SERDE).withName("mentions"))
                .process(() -> new RouteProcessor(index, metrics, options.partitions()), Named.as("route"))
                .repartition(Repartitioned.with(Serdes.String(), codec.routedSerde()).withName("by-subscription")
                        .withNumberOfPartitions(options.partitions()).withStreamPartitioner(new RouteProcessor.Partitioner()))
                .process(() -> new AlertProcessor(index, options, metrics), Named.as("alert"),
                        SEEN_STORE, DIGESTS_STORE, DUE_STORE, BUDGET_STORE)
                .to(names.of(Topics.ALERTS), Produced.with(Serdes.String(), codec.alertSerde()).withName("alerts"));
        return builder.build();
    }

    /** The application id: {@code <topic prefix>alerter-fanout}. */
    public static String applicationId(WirewatchConfig config) {
        return config.get(CoreSettings.TOPIC_PREFIX) + APPLICATION_ID_SUFFIX;
    }

    /**
     * The Kafka Streams settings of the fan-out: exactly-once v2, the configured commit interval and threads, state
     * under {@code data.dir}, and bad records logged, counted in {@code meters} and sent to {@code <prefix>dlq.alerter}
     * rather than stopping the stage.
     */
    public static Properties streamsProperties(WirewatchConfig config, MeterRegistry meters) {
        Properties props = new Properties();
        props.putAll(config.kafkaProperties());
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId(config));
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        StreamsDefaults.apply(props, config.get(AlerterSettings.COMMIT_INTERVAL));
        props.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, Integer.toString(config.get(AlerterSettings.STREAM_THREADS)));
        StreamsDefaults.applyReplication(props, config.topicNames());
        props.put(StreamsConfig.STATE_DIR_CONFIG,
                Path.of(config.get(CoreSettings.DATA_DIR)).resolve("streams").toAbsolutePath().toString());
        DeadLetterHandlers.configure(props, config.topicNames().deadLetters("alerter"), "alerter",
                AlerterMeters.FANOUT_ERRORS, meters);
        props.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_GLOBAL_ENABLED_CONFIG, "true");
        props.put(StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG, "0");
        props.put(StreamsConfig.consumerPrefix(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG), "earliest");
        return props;
    }
}
