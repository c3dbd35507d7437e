package dev.wirewatch.core.kafka;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.apache.kafka.clients.admin.NewTopic;

/**
 * The topic registry under one configured prefix: names, and the {@link NewTopic}s to create.
 *
 * @param prefix for example {@code wirewatch.}
 * @param replicationFactor replicas per partition when Wirewatch creates topics
 * @param partitionsOverride when positive, every partitioned topic gets this many partitions
 */
public record TopicNames(String prefix, short replicationFactor, int partitionsOverride) {

    public TopicNames {
        Objects.requireNonNull(prefix, "prefix");
        if (replicationFactor < 1) {
            throw new IllegalArgumentException("replicationFactor must be at least 1");
        }
    }

    /** The default prefix, one replica, registry partition counts. */
    public static TopicNames defaults() {
        return new TopicNames(Topics.DEFAULT_PREFIX, (short) 1, 0);
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

    /** One topic, ready for {@code Admin.createTopics}. */
    public NewTopic newTopic(TopicSpec<?, ?> spec) {
        return new NewTopic(of(spec), partitions(spec), replicationFactor).configs(spec.configs());
    }
}
