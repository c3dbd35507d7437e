package dev.wirewatch.bench.e2e;

import dev.wirewatch.broker.EmbeddedKafka;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaException;

/**
 * The Kafka cluster of a run: an embedded broker that the run owns, or an existing cluster that it only uses. This
 * should be closed after everything that uses it.
 */
final class Cluster implements AutoCloseable {

    private final EmbeddedKafka embedded;
    private final String bootstrapServers;

    private Cluster(EmbeddedKafka embedded, String bootstrapServers) {
        this.embedded = embedded;
        this.bootstrapServers = bootstrapServers;
    }

    /**
     * The cluster at {@code bootstrapServers}, or an embedded broker with its log under {@code dataDir} when that is
     * null.
     */
    static Cluster open(String bootstrapServers, Path dataDir) {
        if (bootstrapServers != null) {
            return new Cluster(null, bootstrapServers);
        }
        EmbeddedKafka kafka = EmbeddedKafka.builder().dataDir(dataDir).start();
        return new Cluster(kafka, kafka.bootstrapServers());
    }

    String bootstrapServers() {
        return bootstrapServers;
    }

    /** Whether the run started this broker (and nothing else uses it). */
    boolean embedded() {
        return embedded != null;
    }

    /**
     * Checks that every topic has the partitions the run's configuration asks for: on a cluster the run does not own,
     * topics may exist already, created by other stages or an earlier run with other settings.
     *
     * @throws IllegalStateException naming each topic whose partition count differs
     */
    static void checkPartitions(Admin admin, List<NewTopic> wanted) {
        Map<String, TopicDescription> described;
        try {
            described = admin.describeTopics(wanted.stream().map(NewTopic::name).toList()).allTopicNames()
                    .get(30, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new KafkaException("Failed to describe the run's topics", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KafkaException("Interrupted while describing the run's topics", e);
        }
        List<String> wrong = new ArrayList<>();
        for (NewTopic topic : wanted) {
            TopicDescription d = described.get(topic.name());
            int has = d == null ? 0 : d.partitions().size();
            if (topic.numPartitions() > 0 && has != topic.numPartitions()) {
                wrong.add(topic.name() + " has " + has + " (wanted " + topic.numPartitions() + ")");
            }
        }
        if (!wrong.isEmpty()) {
            throw new IllegalStateException("topics exist with other partition counts than the run's: " + wrong
                    + "; use a topic prefix of the run's own (kafka.topic-prefix) or the same --partitions as the stages");
        }
    }

    @Override
    public void close() {
        if (embedded != null) {
            embedded.close();
        }
    }
}
