package dev.wirewatch.core.kafka;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Creates the registry's topics that are missing from a cluster, and leaves existing ones as they are. */
public final class KafkaTopicsAdmin {

    private static final Logger LOG = LoggerFactory.getLogger(KafkaTopicsAdmin.class);

    private KafkaTopicsAdmin() {
    }

    private static final Duration CREATE_TIMEOUT = Duration.ofSeconds(30);

    /**
     * Waits until every partition of {@code topics} has a leader that serves it, so that a producer started next does
     * not meet a partition its broker has not opened yet.
     *
     * <p>Why: a new partition exists in the cluster's metadata a moment before its leader can take writes. An
     * idempotent producer that sends two batches to it at once may have the first refused (NOT_LEADER_OR_FOLLOWER) and
     * the second accepted; the retried first batch then fails with OUT_OF_ORDER_SEQUENCE_NUMBER and its records are
     * lost (KAFKA-15591, KAFKA-14312). Listing a partition's end offset is answered by its leader only once the
     * partition is open there, so it is the probe.
     *
     * @throws KafkaException when some partition has no serving leader within {@code timeout}
     */
    public static void awaitWritable(Admin admin, Collection<String> topics, Duration timeout) {
        if (topics.isEmpty()) {
            return;
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        Exception last = null;
        while (System.nanoTime() < deadline) {
            try {
                Map<TopicPartition, OffsetSpec> partitions = new HashMap<>();
                boolean leaders = true;
                for (TopicDescription topic : admin.describeTopics(topics).allTopicNames().get(10, TimeUnit.SECONDS).values()) {
                    for (TopicPartitionInfo partition : topic.partitions()) {
                        leaders &= partition.leader() != null && !partition.leader().isEmpty();
                        partitions.put(new TopicPartition(topic.name(), partition.partition()), OffsetSpec.latest());
                    }
                }
                if (leaders) {
                    admin.listOffsets(partitions).all().get(10, TimeUnit.SECONDS);
                    return;
                }
            } catch (ExecutionException | TimeoutException e) {
                last = e;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new KafkaException("Interrupted while waiting for the leaders of " + topics, e);
            }
            try {
                TimeUnit.MILLISECONDS.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new KafkaException("Interrupted while waiting for the leaders of " + topics, e);
            }
        }
        throw new KafkaException("Partitions of " + topics + " have no serving leader after " + timeout.toSeconds() + " s", last);
    }

    /**
     * Creates every registry topic and dead-letter topic that does not exist yet.
     *
     * @return the names of the topics created now
     */
    public static List<String> ensureTopics(Properties clientProperties, TopicNames names) {
        return ensure(clientProperties, resolve(clientProperties, names).newTopics());
    }

    /**
     * The registry with its replication decided for the cluster it will be created in: a replication factor left at 0
     * becomes 3 on a cluster of three or more brokers, else the number of brokers ({@link TopicNames#forBrokers}).
     *
     * @throws KafkaException when the cluster cannot be described within 30 s
     */
    public static TopicNames resolve(Properties clientProperties, TopicNames names) {
        try (Admin admin = Admin.create(clientProperties)) {
            return resolve(admin, names);
        }
    }

    /** {@link #resolve(Properties, TopicNames)} with an open admin client. */
    public static TopicNames resolve(Admin admin, TopicNames names) {
        try {
            int brokers = admin.describeCluster().nodes().get(CREATE_TIMEOUT.toSeconds(), TimeUnit.SECONDS).size();
            TopicNames resolved = names.forBrokers(Math.max(1, brokers));
            if (!names.replicationDecided()) {
                LOG.info("The cluster has {} brokers: topics get {} replicas, min.insync.replicas {}", brokers,
                        resolved.replicationFactor(), resolved.effectiveMinInsyncReplicas());
            }
            return resolved;
        } catch (ExecutionException | TimeoutException e) {
            throw new KafkaException("Failed to describe the cluster to decide the replication of Wirewatch's topics", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KafkaException("Interrupted while describing the cluster", e);
        }
    }

    /** Creates the given topics where missing, and waits until each partition of those it created can take writes. */
    public static List<String> ensure(Properties clientProperties, List<NewTopic> wanted) {
        try (Admin admin = Admin.create(clientProperties)) {
            Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
            List<NewTopic> missing = new ArrayList<>();
            for (NewTopic topic : wanted) {
                if (!existing.contains(topic.name())) {
                    missing.add(topic);
                }
            }
            if (missing.isEmpty()) {
                return List.of();
            }
            List<String> created = new ArrayList<>();
            admin.createTopics(missing).values().forEach((name, future) -> {
                try {
                    future.get(30, TimeUnit.SECONDS);
                    created.add(name);
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw new KafkaException("Failed to create topic " + name, e.getCause());
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new KafkaException("Interrupted while creating topic " + name, e);
                } catch (TimeoutException e) {
                    throw new KafkaException("Timed out creating topic " + name, e);
                }
            });
            awaitWritable(admin, missing.stream().map(NewTopic::name).toList(), CREATE_TIMEOUT);
            LOG.info("Created topics {}", created);
            return created;
        } catch (ExecutionException | TimeoutException e) {
            throw new KafkaException("Failed to list the topics of the cluster", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KafkaException("Interrupted while listing topics", e);
        }
    }
}
