package dev.wirewatch.alerter;

import dev.wirewatch.core.config.WirewatchConfig;
import dev.wirewatch.core.kafka.Topics;
import dev.wirewatch.core.model.Alert;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends again the alerts of a time range, for example after a subscriber's endpoint was down longer than the retry
 * schedule: the alerts that Kafka still holds ({@code wirewatch.alerts} keeps seven days) are written to the alerts
 * topic once more, with their original ids, so the delivery side delivers them again and receivers that already have
 * one can drop it by its {@code webhook-id}.
 *
 * <p>Replayed records carry the header {@value #REPLAY_HEADER}. The console can call {@link #replay}; the command line
 * is {@code wirewatch alerts replay --from ... --to ...}.
 */
public final class AlertReplay {

    /** The header that marks a replayed alert record. */
    public static final String REPLAY_HEADER = "wirewatch-replay";

    private static final Logger LOG = LoggerFactory.getLogger(AlertReplay.class);

    private AlertReplay() {
    }

    /** What a replay did. */
    public record Result(int replayed, int scanned, Instant from, Instant to) {
    }

    /**
     * Replays the alerts created in {@code [from, to)}.
     *
     * @param subscriptionId only this subscription's alerts, or null for all
     * @throws KafkaException when Kafka cannot be read or written
     */
    public static Result replay(WirewatchConfig config, Instant from, Instant to, String subscriptionId) {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        if (!from.isBefore(to)) {
            throw new IllegalArgumentException("the replay range is empty: " + from + " is not before " + to);
        }
        String topic = config.topicNames().of(Topics.ALERTS);
        Properties client = config.kafkaProperties();
        Properties consumerProps = new Properties();
        consumerProps.putAll(client);
        consumerProps.remove(ConsumerConfig.GROUP_ID_CONFIG);
        consumerProps.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        consumerProps.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        Properties producerProps = new Properties();
        producerProps.putAll(client);
        producerProps.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        producerProps.put(ProducerConfig.ACKS_CONFIG, "all");
        int replayed = 0;
        int scanned = 0;
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(consumerProps, new ByteArrayDeserializer(),
                new ByteArrayDeserializer());
                KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(producerProps, new ByteArraySerializer(),
                        new ByteArraySerializer())) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (PartitionInfo info : consumer.partitionsFor(topic, Duration.ofSeconds(30))) {
                partitions.add(new TopicPartition(topic, info.partition()));
            }
            consumer.assign(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, Duration.ofSeconds(30));
            Map<TopicPartition, Long> query = new HashMap<>();
            partitions.forEach(p -> query.put(p, from.toEpochMilli()));
            Map<TopicPartition, OffsetAndTimestamp> starts = consumer.offsetsForTimes(query, Duration.ofSeconds(30));
            List<TopicPartition> open = new ArrayList<>();
            for (TopicPartition p : partitions) {
                OffsetAndTimestamp start = starts.get(p);
                if (start != null && start.offset() < end.get(p)) {
                    consumer.seek(p, start.offset());
                    open.add(p);
                }
            }
            consumer.assign(open);
            List<Future<?>> sends = new ArrayList<>();
            while (!open.isEmpty()) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    TopicPartition p = new TopicPartition(record.topic(), record.partition());
                    if (record.offset() >= end.get(p)) {
                        continue;
                    }
                    scanned++;
                    if (record.timestamp() >= to.toEpochMilli() || !matches(record, subscriptionId)) {
                        continue;
                    }
                    ProducerRecord<byte[], byte[]> again = new ProducerRecord<>(topic, null, record.key(), record.value());
                    again.headers().add(REPLAY_HEADER, "true".getBytes(StandardCharsets.UTF_8));
                    sends.add(producer.send(again));
                    replayed++;
                }
                open.removeIf(p -> consumer.position(p) >= end.get(p));
                consumer.assign(open);
            }
            producer.flush();
            for (Future<?> send : sends) {
                send.get();
            }
        } catch (ExecutionException e) {
            throw new KafkaException("Failed to write replayed alerts to " + topic, e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KafkaException("Interrupted while replaying alerts", e);
        }
        LOG.info("Replayed {} of {} alerts from {} to {}{}", replayed, scanned, from, to,
                subscriptionId == null ? "" : " for " + subscriptionId);
        return new Result(replayed, scanned, from, to);
    }

    private static boolean matches(ConsumerRecord<byte[], byte[]> record, String subscriptionId) {
        if (record.value() == null) {
            return false;
        }
        if (subscriptionId == null) {
            return true;
        }
        if (record.key() != null) {
            return subscriptionId.equals(new String(record.key(), StandardCharsets.UTF_8));
        }
        try {
            Alert alert = Topics.ALERT_SERDE.fromBytes(record.value());
            return alert != null && subscriptionId.equals(alert.subscriptionId());
        } catch (RuntimeException e) {
            return false;
        }
    }
}
