package dev.wirewatch.launcher.demo;

import dev.wirewatch.core.kafka.ClientProperties;
import dev.wirewatch.core.kafka.TopicNames;
import dev.wirewatch.core.kafka.TopicSpec;
import dev.wirewatch.core.kafka.Topics;
import dev.wirewatch.core.model.Channel;
import dev.wirewatch.core.model.DeliveryMode;
import dev.wirewatch.core.model.Feed;
import dev.wirewatch.core.model.Subscription;
import dev.wirewatch.core.model.TrackedTopic;
import dev.wirewatch.core.secrets.ChannelSecrets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The demo's definitions: the demo site's feeds, the seeded tracked topics and the demo subscriptions.
 *
 * <p>Tracked topics are written only when missing, so that edits made in the console survive a restart with the same
 * data directory; the demo feeds and subscriptions are rewritten each start because their URLs change with the ports.
 */
public final class DemoSeed {

    /** The seeded tracked topics: id, name, query. */
    public static final List<TrackedTopic> TOPICS = List.of(
            TrackedTopic.of("cecot", "CECOT",
                    "CECOT OR \"Terrorist Confinement Center\" OR \"Centro de Confinamiento del Terrorismo\""),
            TrackedTopic.of("term-limits", "Presidential term limits",
                    "(\"term limits\" OR \"indefinite reelection\" OR \"reelección indefinida\" OR \"presidential term\") AND (Bukele OR \"El Salvador\" OR Asamblea)"),
            TrackedTopic.of("bukele", "Bukele", "Bukele OR \"Nayib Bukele\""),
            TrackedTopic.of("ms-13", "MS-13", "\"MS-13\" OR \"Mara Salvatrucha\""),
            TrackedTopic.of("pegasus", "Pegasus spyware", "Pegasus NEAR/5 (spyware OR NSO OR espía)"));

    public static final String WEBHOOK_SUBSCRIPTION = "demo-webhook";
    public static final String LIVE_SUBSCRIPTION = "demo-live";

    private DemoSeed() {
    }

    /**
     * Writes the demo definitions.
     *
     * @param webhookUrl the local receiver the demo webhook subscription delivers to
     * @param secret its {@code whsec_} secret
     * @param secrets seals the secret for {@code wirewatch.subscriptions}, as the console would
     */
    public static void seed(Properties clientProps, TopicNames names, DemoNewsSite site, String webhookUrl, String secret,
            ChannelSecrets secrets) {
        Instant now = Instant.now();
        Properties producerProps = new Properties();
        producerProps.putAll(clientProps);
        producerProps.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        producerProps.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        producerProps.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        Set<String> existingTopics = existingKeys(clientProps, names.of(Topics.TRACKED_TOPICS));
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(producerProps)) {
            for (int i = 0; i < DemoNewsSite.FEEDS.size(); i++) {
                DemoNewsSite.FeedInfo info = DemoNewsSite.FEEDS.get(i);
                Feed feed = new Feed(Feed.SCHEMA_VERSION, info.id(), site.feedUrls().get(i), info.title(), info.language(),
                        List.of("demo"), null, true, now, info.path().contains("sitemap") ? Feed.SITEMAP : Feed.FEED, null);
                send(producer, names, Topics.FEEDS, feed.id(), feed);
            }
            for (TrackedTopic topic : TOPICS) {
                if (!existingTopics.contains(topic.id())) {
                    send(producer, names, Topics.TRACKED_TOPICS, topic.id(), topic);
                }
            }
            List<String> all = TOPICS.stream().map(TrackedTopic::id).toList();
            send(producer, names, Topics.SUBSCRIPTIONS, WEBHOOK_SUBSCRIPTION, new Subscription(Subscription.SCHEMA_VERSION,
                    WEBHOOK_SUBSCRIPTION, "Demo desk (webhook)", "demo", all, List.of(), List.of(), DeliveryMode.realtime(),
                    secrets.seal(WEBHOOK_SUBSCRIPTION, Channel.webhook(webhookUrl, secret)), true, null, now));
            send(producer, names, Topics.SUBSCRIPTIONS, LIVE_SUBSCRIPTION, new Subscription(Subscription.SCHEMA_VERSION,
                    LIVE_SUBSCRIPTION, "Demo desk (live stream)", "demo", all, List.of(), List.of(), DeliveryMode.realtime(),
                    Channel.sse(), true, null, now));
            producer.flush();
        }
    }

    private static <V> void send(KafkaProducer<byte[], byte[]> producer, TopicNames names, TopicSpec<String, V> spec,
            String key, V value) {
        try {
            producer.send(new ProducerRecord<>(names.of(spec), spec.keySerde().serializer().serialize(null, key),
                    spec.valueSerde().serializer().serialize(null, value))).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KafkaException("Interrupted while seeding the demo", e);
        } catch (ExecutionException e) {
            throw new KafkaException("Failed to seed " + names.of(spec) + " with " + key, e.getCause());
        }
    }

    /** The keys present in a compacted topic, read from the beginning to the current end. */
    static Set<String> existingKeys(Properties clientProps, String topic) {
        Set<String> keys = new HashSet<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(ClientProperties.committedReader(clientProps, null))) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                    .map((PartitionInfo p) -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p)) && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(r -> {
                    if (r.key() != null) {
                        String key = new String(r.key(), java.nio.charset.StandardCharsets.UTF_8);
                        if (r.value() == null) {
                            keys.remove(key);
                        } else {
                            keys.add(key);
                        }
                    }
                });
            }
        }
        return keys;
    }
}
