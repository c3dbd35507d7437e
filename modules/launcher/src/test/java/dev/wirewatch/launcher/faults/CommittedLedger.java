package dev.wirewatch.launcher.faults;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wirewatch.core.kafka.TopicNames;
import dev.wirewatch.core.kafka.Topics;
import dev.wirewatch.core.model.Alert;
import dev.wirewatch.core.model.Mention;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * The counting every fault test ends with: what {@code wirewatch.mentions} and {@code wirewatch.alerts} hold for one
 * desk, read {@code read_committed} from the beginning to the end, and what its webhook receiver got.
 *
 * <p>{@link #assertExactlyOnce} checks the three promises of docs/reliability.md: every expected article reached the
 * subscriber at least once; every alert id was committed once in {@code wirewatch.alerts}; every (article, topic)
 * mention was committed once in {@code wirewatch.mentions}.
 *
 * @param mentionCounts committed mentions of the desk's topic, by mention id ({@code articleId:topicId})
 * @param alertCounts committed alerts of the desk's subscription, by alert id
 * @param alertedUrls the article URLs the committed alerts name
 */
record CommittedLedger(Map<String, Integer> mentionCounts, Map<String, Integer> alertCounts, Set<String> alertedUrls) {

    /** Reads both topics to their current end (the last stable offset, under read_committed). */
    static CommittedLedger read(Properties client, TopicNames names, String topicId, String subscriptionId) {
        Map<String, Integer> mentions = new HashMap<>();
        for (byte[] value : readAll(client, names.of(Topics.MENTIONS))) {
            Mention m = Topics.MENTION_SERDE.fromBytes(value);
            if (m.topicId().equals(topicId)) {
                mentions.merge(m.id(), 1, Integer::sum);
            }
        }
        Map<String, Integer> alerts = new HashMap<>();
        Set<String> urls = new HashSet<>();
        for (byte[] value : readAll(client, names.of(Topics.ALERTS))) {
            Alert a = Topics.ALERT_SERDE.fromBytes(value);
            if (a.subscriptionId().equals(subscriptionId)) {
                alerts.merge(a.id(), 1, Integer::sum);
                a.mentions().forEach(m -> urls.add(m.url()));
            }
        }
        return new CommittedLedger(mentions, alerts, urls);
    }

    /**
     * Asserts the promises for a desk whose feed published {@code expectedUrls}, each naming its one topic.
     *
     * @param received alert ids the receiver accepted (verified signature, 2xx), with how often
     * @param receivedUrls article URLs named by the alerts the receiver accepted
     */
    void assertExactlyOnce(Set<String> expectedUrls, Map<String, Integer> received, Set<String> receivedUrls) {
        assertThat(receivedUrls).as("every expected article reached the subscriber at least once")
                .containsAll(expectedUrls);
        assertThat(alertedUrls).as("every expected article was alerted").containsAll(expectedUrls);
        assertThat(mentionCounts).as("one (article, topic) mention per expected article").hasSize(expectedUrls.size());
        assertThat(mentionCounts).as("every (article, topic) mention committed once")
                .allSatisfy((id, count) -> assertThat(count).as(id).isEqualTo(1));
        assertThat(alertCounts).as("every alert id committed once")
                .allSatisfy((id, count) -> assertThat(count).as(id).isEqualTo(1));
        assertThat(alertCounts).as("one real-time alert per article").hasSize(expectedUrls.size());
        assertThat(received.keySet()).as("every committed alert was received, and nothing else")
                .isEqualTo(alertCounts.keySet());
    }

    /** Alerts received more than once (redeliveries under the same id), for the report. */
    static long redeliveries(Map<String, Integer> received) {
        return received.values().stream().filter(c -> c > 1).mapToLong(c -> c - 1).sum();
    }

    /** Every committed value of {@code topic}, from the beginning to its current end (the last stable offset). */
    static List<byte[]> readAll(Properties client, String topic) {
        Properties props = new Properties();
        props.putAll(client);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        List<byte[]> values = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, Duration.ofSeconds(30));
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("could not read " + topic + " to its end within 60 s");
                }
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    if (r.value() != null) {
                        values.add(r.value());
                    }
                }
            }
        }
        return values;
    }
}
