package dev.wirewatch.tagger;

import dev.wirewatch.core.config.CoreSettings;
import dev.wirewatch.core.config.WirewatchConfig;
import dev.wirewatch.core.http.HealthChecks;
import dev.wirewatch.core.kafka.KafkaTopicsAdmin;
import dev.wirewatch.core.kafka.streams.DeadLetterHandlers;
import dev.wirewatch.core.kafka.streams.StreamsDefaults;
import dev.wirewatch.core.model.TopicStats;
import dev.wirewatch.core.spi.Stage;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.ThreadMetadata;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyWindowStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The tagger stage: runs {@link TaggerTopology} in Kafka Streams, exactly once, and reports its state as the
 * {@code tagger} health check and its Streams metrics in the meter registry.
 *
 * <p>The Streams {@code application.id} is the topic prefix followed by {@code tagger} ({@code wirewatch.tagger} by
 * default): every instance with that id shares the partitions of the articles topic, and autoscalers that watch
 * consumer lag (KEDA's Kafka scaler) watch that consumer group. Internal topics are named
 * {@code <application.id>-stories-repartition} and {@code <application.id>-<store>-changelog}; state restores from
 * them, and {@code tagger.num-standby-replicas} keeps warm copies on other instances. Records that cannot be read or
 * processed go to {@code <prefix>dlq.tagger} with Kafka Streams' {@code __streams.errors.*} headers, and tagging
 * goes on. Each instance advertises {@code <host name>:<http.port>} as its {@code application.server}, so that it can
 * tell which topics' stats it hosts. Kafka client settings under {@code kafka.} (TLS, SASL, any Streams setting) pass
 * through and win.
 */
public final class TaggerStage implements Stage {

    /** The producer batch size of the tagger's Streams producers, unless {@code kafka.batch.size} says otherwise. */
    static final int PRODUCER_BATCH_BYTES = 256 * 1024;

    /** The stage name, as in {@code wirewatch tagger}. */
    public static final String NAME = "tagger";

    private static final Logger LOG = LoggerFactory.getLogger(TaggerStage.class);

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public int order() {
        return 20;
    }

    /** The Kafka Streams application id (and consumer group) of the tagger: the topic prefix plus {@code tagger}. */
    public static String applicationId(WirewatchConfig config) {
        return config.get(CoreSettings.TOPIC_PREFIX) + NAME;
    }

    @Override
    public Running start(WirewatchConfig config, StageContext context) {
        config.validate(TaggerSettings.all());
        Topology topology = TaggerTopology.build(TaggerTopologyConfig.from(config, context.meters()));
        Properties props = streamsProperties(config, context.meters());
        StreamsDefaults.applyReplication(props, KafkaTopicsAdmin.resolve(config.kafkaProperties(), config.topicNames()));
        KafkaStreams streams = new KafkaStreams(topology, props);
        Counter crashes = Counter.builder(TaggerMeters.THREAD_FAILURES)
                .description("stream threads that died of an unexpected error and were replaced")
                .register(context.meters());
        streams.setUncaughtExceptionHandler(e -> {
            crashes.increment();
            LOG.error("A tagger stream thread failed; replacing it", e);
            return StreamThreadExceptionResponse.REPLACE_THREAD;
        });
        streams.setStateListener((now, before) -> LOG.info("Tagger {} -> {}", before, now));
        KafkaStreamsMetrics metrics = new KafkaStreamsMetrics(streams);
        metrics.bindTo(context.meters());
        context.health().register(NAME, () -> health(streams.state()));
        LOG.info("Starting the tagger as application {} with {} stream threads, state in {}", applicationId(config),
                props.get(StreamsConfig.NUM_STREAM_THREADS_CONFIG), props.get(StreamsConfig.STATE_DIR_CONFIG));
        streams.start();
        return new Running(streams, metrics, context.health(), config.get(CoreSettings.SHUTDOWN_TIMEOUT));
    }

    /**
     * The Kafka Streams settings of the tagger: exactly-once v2, the commit interval, threads, standbys, state
     * directory, the dead-letter topic and its handlers, then every {@code kafka.*} pass-through setting.
     */
    static Properties streamsProperties(WirewatchConfig config, MeterRegistry meters) {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId(config));
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        StreamsDefaults.apply(props, config.get(TaggerSettings.COMMIT_INTERVAL));
        props.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, Integer.toString(config.get(TaggerSettings.NUM_STREAM_THREADS)));
        props.put(StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG, Integer.toString(config.get(TaggerSettings.NUM_STANDBY_REPLICAS)));
        props.put(StreamsConfig.STATE_DIR_CONFIG, TaggerSettings.stateDir(config).toAbsolutePath().toString());
        StreamsDefaults.applyReplication(props, config.topicNames());
        props.put(StreamsConfig.ENSURE_EXPLICIT_INTERNAL_RESOURCE_NAMING_CONFIG, "true");
        // which instance hosts which topic's stats: needed to query them in place (Running.stats)
        props.put(StreamsConfig.APPLICATION_SERVER_CONFIG, hostName() + ":" + config.get(CoreSettings.HTTP_PORT));
        // bad records: logged, counted, sent to the tagger's dead-letter topic; processing continues
        DeadLetterHandlers.configure(props, config.topicNames().deadLetters(NAME), NAME, TaggerMeters.ERRORS, meters);
        props.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_GLOBAL_ENABLED_CONFIG, "true");
        // batches of up to 256 KiB rather than the producer's 16 KiB: a commit's worth of mentions, changelog and
        // internal records goes in a few requests, which cut the CPU per article by a fifth in the tagger bench
        // (`kafka.batch.size` overrides it)
        props.put(ProducerConfig.BATCH_SIZE_CONFIG, Integer.toString(PRODUCER_BATCH_BYTES));
        props.putAll(config.kafkaProperties());
        return props;
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            LOG.warn("Cannot resolve this host's name ({}); advertising localhost to other tagger instances", e.getMessage());
            return "localhost";
        }
    }

    private static HealthChecks.Status health(KafkaStreams.State state) {
        return switch (state) {
            case RUNNING, REBALANCING, CREATED -> HealthChecks.Status.up(state.name());
            case PENDING_SHUTDOWN, NOT_RUNNING, PENDING_ERROR, ERROR -> HealthChecks.Status.down(state.name());
        };
    }

    /**
     * A running tagger. Its stats can be queried in place; it must be closed on shutdown.
     */
    public static final class Running implements Stage.Running {

        private final KafkaStreams streams;
        private final KafkaStreamsMetrics metrics;
        private final HealthChecks health;
        private final Duration shutdownTimeout;

        Running(KafkaStreams streams, KafkaStreamsMetrics metrics, HealthChecks health, Duration shutdownTimeout) {
            this.streams = Objects.requireNonNull(streams, "streams");
            this.metrics = metrics;
            this.health = health;
            this.shutdownTimeout = shutdownTimeout;
        }

        /** The Kafka Streams state of this instance. */
        public KafkaStreams.State state() {
            return streams.state();
        }

        /** Which tasks each stream thread of this instance runs now, as {@code thread: [0_1, 1_0]; ...}. */
        public String taskAssignment() {
            StringBuilder out = new StringBuilder();
            for (ThreadMetadata thread : streams.metadataForLocalThreads()) {
                String name = thread.threadName();
                out.append(out.isEmpty() ? "" : "; ").append(name.substring(name.lastIndexOf('-') + 1)).append(": ")
                        .append(thread.activeTasks().stream().map(t -> t.taskId().toString()).sorted().toList());
            }
            return out.toString();
        }

        /**
         * The current 1-minute, 1-hour and 1-day counts of a tracked topic (zero counts where there were no mentions),
         * with the spike flag, read from this instance's state stores.
         *
         * @return three stats in the order 1m, 1h, 1d; empty when this instance does not host the topic's stats now
         *     (another instance does, or a rebalance or restore is under way)
         */
        public List<TopicStats> stats(String topicId) {
            Objects.requireNonNull(topicId, "topicId");
            try {
                KeyQueryMetadata where = streams.queryMetadataForKey(StatsWindow.HOUR.countsStore(), topicId,
                        Serdes.String().serializer());
                if (where == null || where.equals(KeyQueryMetadata.NOT_AVAILABLE)) {
                    LOG.debug("Stats of topic {} have no metadata here now: {}", topicId, where);
                    return List.of();
                }
                Map<StatsWindow, ReadOnlyWindowStore<String, Counts>> stores = new EnumMap<>(StatsWindow.class);
                for (StatsWindow w : StatsWindow.values()) {
                    stores.put(w, streams.store(StoreQueryParameters.fromNameAndType(w.countsStore(),
                            QueryableStoreTypes.<String, Counts>windowStore()).withPartition(where.partition())));
                }
                StatsView view = new StatsView(stores, SpikeRule.DEFAULT);
                long now = System.currentTimeMillis();
                List<TopicStats> out = new ArrayList<>(3);
                for (StatsWindow w : StatsWindow.values()) {
                    out.add(view.stats(topicId, w, w.start(now), now));
                }
                return out;
            } catch (InvalidStateStoreException e) {
                LOG.debug("Stats of topic {} are not queryable here now: {}", topicId, e.getMessage());
                return List.of();
            }
        }

        /**
         * Stops the tagger, waiting up to {@code shutdown.timeout} for the last commit. It leaves the consumer group,
         * so that the other instances take over its partitions at once rather than after the session timeout.
         */
        @Override
        public void close() {
            health.unregister(NAME);
            if (!streams.close(CloseOptions.groupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP)
                    .withTimeout(shutdownTimeout))) {
                LOG.warn("The tagger did not stop within {}", shutdownTimeout);
            }
            metrics.close();
            LOG.info("Tagger stopped");
        }
    }
}
