package dev.wirewatch.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.wirewatch.broker.testing.KafkaBrokerExtension;
import dev.wirewatch.core.kafka.CompactedTopicView;
import dev.wirewatch.core.kafka.CoreMeters;
import dev.wirewatch.core.kafka.TopicFollower;
import dev.wirewatch.core.kafka.Topics;
import dev.wirewatch.core.model.TrackedTopic;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Core's follower of a compacted topic on a real broker: catch-up, updates, tombstones, poison records, groups. */
@ExtendWith(KafkaBrokerExtension.class)
class CompactedTopicViewIT {

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

    @Test
    void catchesUpFollowsUpdatesAndTombstonesAndSkipsAndCountsAPoisonRecord() throws Exception {
        String topic = createTopic(2);
        try (KafkaProducer<byte[], byte[]> producer = producer()) {
            send(producer, topic, 0, "cecot", topic("cecot", "CECOT"));
            send(producer, topic, 1, "bukele", topic("bukele", "Bukele"));
            send(producer, topic, 0, "pegasus", topic("pegasus", "Pegasus"));
            send(producer, topic, 0, "poison", "{\"id\": \"poison\", \"version\": \"not a number\"".getBytes(StandardCharsets.UTF_8));
            send(producer, topic, 0, "pegasus", null);
            send(producer, topic, 1, "ms-13", topic("ms-13", "MS-13"));

            List<CompactedTopicView.Change<TrackedTopic>> changes = new CopyOnWriteArrayList<>();
            CompactedTopicView<TrackedTopic> view = new CompactedTopicView<>(Topics.TRACKED_TOPICS, topic)
                    .onChange(changes::add);
            Counter errors = meters.counter("test.errors");
            try (TopicFollower follower = TopicFollower.builder("view-test", KafkaBrokerExtension.clientProperties(),
                    meters).follow(view).errors(errors).build()) {
                follower.start();
                assertThat(follower.awaitCaughtUp(Duration.ofSeconds(30))).isTrue();
                assertThat(follower.caughtUp()).isTrue();
                // caught up means everything written before start is in the view
                assertThat(view.snapshot().keySet()).containsExactly("bukele", "cecot", "ms-13");
                assertThat(view.get("pegasus")).isNull();
                assertThat(changes).allMatch(c -> c.kind() == CompactedTopicView.Kind.LOADED);
                assertThat(unreadable(topic)).isEqualTo(1.0);
                assertThat(errors.count()).isEqualTo(1.0);

                // the follower keeps following: an update, a tombstone, another poison record, a new key
                send(producer, topic, 0, "cecot", topic("cecot", "CECOT v2"));
                send(producer, topic, 1, "bukele", null);
                send(producer, topic, 1, "garbage", "not json at all".getBytes(StandardCharsets.UTF_8));
                send(producer, topic, 1, "pegasus", topic("pegasus", "Pegasus again"));
                await().atMost(30, TimeUnit.SECONDS).untilAsserted(() ->
                        assertThat(view.snapshot().keySet()).containsExactly("cecot", "ms-13", "pegasus"));
                assertThat(view.get("cecot").name()).isEqualTo("CECOT v2");
                assertThat(unreadable(topic)).isEqualTo(2.0);
                assertThat(follower.alive()).isTrue();
                List<CompactedTopicView.Change<TrackedTopic>> updates = changes.stream()
                        .filter(c -> c.kind() == CompactedTopicView.Kind.UPDATED).toList();
                assertThat(updates).extracting(CompactedTopicView.Change::key).containsExactly("cecot", "bukele", "pegasus");
                assertThat(updates.get(0).previous().name()).isEqualTo("CECOT");
                assertThat(updates.get(1).current()).isNull();
            }
        }
    }

    @Test
    void anEmptyTopicIsCaughtUpAtOnceAndAClosedFollowerStops() throws Exception {
        String topic = createTopic(1);
        CompactedTopicView<TrackedTopic> view = new CompactedTopicView<>(Topics.TRACKED_TOPICS, topic);
        TopicFollower follower = TopicFollower.builder("empty-test", KafkaBrokerExtension.clientProperties(), meters)
                .follow(view).build();
        follower.start();
        assertThat(follower.awaitCaughtUp(Duration.ofSeconds(10))).isTrue();
        assertThat(view.size()).isZero();
        follower.close();
        assertThat(follower.alive()).isFalse();
        assertThat(follower.failure()).isNull();
    }

    @Test
    void membersOfAGroupShareThePartitionsAndTakeOverWhenOneLeaves() throws Exception {
        String topic = createTopic(2);
        String group = KafkaBrokerExtension.uniqueName("view-group");
        try (KafkaProducer<byte[], byte[]> producer = producer()) {
            send(producer, topic, 0, "cecot", topic("cecot", "CECOT"));
            send(producer, topic, 1, "bukele", topic("bukele", "Bukele"));
            CompactedTopicView<TrackedTopic> first = new CompactedTopicView<>(Topics.TRACKED_TOPICS, topic);
            CompactedTopicView<TrackedTopic> second = new CompactedTopicView<>(Topics.TRACKED_TOPICS, topic);
            List<CompactedTopicView.Change<TrackedTopic>> firstChanges = new CopyOnWriteArrayList<>();
            first.onChange(firstChanges::add);
            TopicFollower a = TopicFollower.builder("group-a", KafkaBrokerExtension.clientProperties(), meters)
                    .follow(first).group(group).build();
            TopicFollower b = TopicFollower.builder("group-b", KafkaBrokerExtension.clientProperties(), meters)
                    .follow(second).group(group).build();
            try (a) {
                a.start();
                await().atMost(30, TimeUnit.SECONDS).until(() -> first.size() == 2);
                b.start();
                // after the rebalance each member holds the keys of its own partition
                await().atMost(60, TimeUnit.SECONDS).until(() -> first.size() == 1 && second.size() == 1);
                assertThat(firstChanges).anyMatch(c -> c.kind() == CompactedTopicView.Kind.HANDED_OVER);
                b.close();
                // the one left takes the partition back and reads it from its beginning
                await().atMost(60, TimeUnit.SECONDS).until(() -> first.size() == 2);
                send(producer, topic, 1, "bukele", topic("bukele", "Bukele v2"));
                await().atMost(30, TimeUnit.SECONDS).until(() -> "Bukele v2".equals(first.get("bukele").name()));
            } finally {
                b.close();
            }
        }
    }

    private double unreadable(String topic) {
        Counter counter = meters.find(CoreMeters.RECORDS_UNREADABLE).tag("topic", topic).counter();
        return counter == null ? 0 : counter.count();
    }

    private static String createTopic(int partitions) throws Exception {
        String topic = KafkaBrokerExtension.uniqueName("compacted");
        try (Admin admin = Admin.create(KafkaBrokerExtension.clientProperties())) {
            admin.createTopics(List.of(new NewTopic(topic, partitions, (short) 1)
                    .configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT))))
                    .all().get(30, TimeUnit.SECONDS);
        }
        return topic;
    }

    private static KafkaProducer<byte[], byte[]> producer() {
        Properties props = KafkaBrokerExtension.clientProperties();
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        return new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer());
    }

    private static void send(KafkaProducer<byte[], byte[]> producer, String topic, int partition, String key,
            byte[] value) throws Exception {
        producer.send(new ProducerRecord<>(topic, partition, key.getBytes(StandardCharsets.UTF_8), value))
                .get(30, TimeUnit.SECONDS);
    }

    private static byte[] topic(String id, String name) {
        return Topics.TRACKED_TOPIC_SERDE.toBytes(TrackedTopic.of(id, name, name));
    }
}
