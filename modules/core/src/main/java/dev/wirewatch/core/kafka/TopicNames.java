package dev.wirewatch.core.kafka;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.clients.admin.NewTopic;

/**
 * The topic registry under one configured prefix: names, and the {@link NewTopic}s to create.
 *
 * <p>A replication factor of 0 is decided by the cluster: {@link #forBrokers} makes it 3 on a cluster of three or more
 * brokers and the number of brokers below that. A min ISR of 0 follows the replication factor: 2 from three replicas
 * up, else 1, so that a cluster of three keeps taking writes with one broker down and never acknowledges a write that
 * only one broker holds.
 *
 * @param prefix for example {@code wirewatch.}
 * @param replicationFactor replicas per partition when Wirewatch creates topics; 0 until the cluster's size is known
 * @param minInsyncReplicas {@code min.insync.replicas} of the topics Wirewatch creates; 0 for the default above
 * @param partitionsOverride when positive, every partitioned topic gets this many partitions
 */
public record TopicNames(String prefix, short replicationFactor, int minInsyncReplicas, int partitionsOverride) {

    /** Replicas of every topic on a cluster of this many brokers or more, unless configured. */
    public static final short DEFAULT_REPLICAS = 3;
    /** Min ISR of topics with {@link #DEFAULT_REPLICAS} or more replicas, unless configured. */
    public static final int DEFAULT_MIN_INSYNC = 2;

    public TopicNames {
        Objects.requireNonNull(prefix, "prefix");
        if (replicationFactor < 0) {
            throw new IllegalArgumentException("replicationFactor must be positive, or 0 for the cluster's default");
        }
        if (minInsyncReplicas < 0) {
            throw new IllegalArgumentException("minInsyncReplicas must be positive, or 0 for the default");
        }
        if (replicationFactor > 0 && minInsyncReplicas > replicationFactor) {
            throw new IllegalArgumentException("minInsyncReplicas (" + minInsyncReplicas
                    + ") must not exceed replicationFactor (" + replicationFactor + ")");
        }
    }

    /** A registry whose min ISR follows the replication factor. */
    public TopicNames(String prefix, short replicationFactor, int partitionsOverride) {
        this(prefix, replicationFactor, 0, partitionsOverride);
    }

    /** The default prefix, one replica, registry partition counts. */
    public static TopicNames defaults() {
        return new TopicNames(Topics.DEFAULT_PREFIX, (short) 1, 0);
    }

    /**
     * This registry with its replication decided for a cluster of {@code brokers}: a configured replication factor
     * stays, 0 becomes {@link #DEFAULT_REPLICAS} or the number of brokers when there are fewer; the min ISR becomes
     * concrete too.
     */
    public TopicNames forBrokers(int brokers) {
        if (brokers < 1) {
            throw new IllegalArgumentException("a cluster has at least one broker, got " + brokers);
        }
        short replicas = replicationFactor > 0 ? replicationFactor : (short) Math.min(DEFAULT_REPLICAS, brokers);
        return new TopicNames(prefix, replicas, effectiveMinInsync(replicas, minInsyncReplicas), partitionsOverride);
    }

    /** Whether the replication factor is known, rather than left to the cluster's size. */
    public boolean replicationDecided() {
        return replicationFactor > 0;
    }

    /**
     * The {@code min.insync.replicas} topics get: the configured one, else 2 from three replicas up and 1 below.
     *
     * @throws IllegalStateException while the replication factor is not decided yet
     */
    public int effectiveMinInsyncReplicas() {
        if (!replicationDecided()) {
            throw new IllegalStateException("the replication factor is decided by the cluster: call forBrokers first");
        }
        return effectiveMinInsync(replicationFactor, minInsyncReplicas);
    }

    private static int effectiveMinInsync(short replicas, int configured) {
        return configured > 0 ? configured : replicas >= DEFAULT_REPLICAS ? DEFAULT_MIN_INSYNC : 1;
    }

    /** The full name of a topic. */
    public String of(TopicSpec<?, ?> spec) {
        return spec.name(prefix);
    }

    /** The full name of a stage's dead-letter topic. */
    public String deadLetters(String stage) {
        return of(Topics.deadLetters(stage));
    }

    /** The partition count to create the topic with. */
    public int partitions(TopicSpec<?, ?> spec) {
        // single-partition topics (global definitions) stay single so that every reader sees one order
        return partitionsOverride > 0 && spec.partitions() > 1 ? partitionsOverride : spec.partitions();
    }

    /** Every registry topic and every stage's dead-letter topic, ready for {@code Admin.createTopics}. */
    public List<NewTopic> newTopics() {
        List<NewTopic> topics = new ArrayList<>();
        for (TopicSpec<?, ?> spec : Topics.all()) {
            topics.add(newTopic(spec));
        }
        for (String stage : Topics.stages()) {
            topics.add(newTopic(Topics.deadLetters(stage)));
        }
        return topics;
    }

    /**
     * One topic, ready for {@code Admin.createTopics}, with its replication factor and {@code min.insync.replicas};
     * while the replication factor is not decided, the broker's defaults.
     */
    public NewTopic newTopic(TopicSpec<?, ?> spec) {
        if (!replicationDecided()) {
            return new NewTopic(of(spec), Optional.of(partitions(spec)), Optional.empty()).configs(spec.configs());
        }
        Map<String, String> configs = new HashMap<>(spec.configs());
        configs.put(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG, Integer.toString(effectiveMinInsyncReplicas()));
        return new NewTopic(of(spec), partitions(spec), replicationFactor).configs(configs);
    }
}
