package dev.wirewatch.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.wirewatch.broker.testing.KafkaBrokerExtension;
import dev.wirewatch.core.kafka.DeadLetterRouter;
import dev.wirewatch.core.kafka.KafkaTopicsAdmin;
import dev.wirewatch.core.kafka.TopicFollower;
import dev.wirewatch.core.kafka.TopicNames;
import dev.wirewatch.core.kafka.TopicSpec;
import dev.wirewatch.core.kafka.Topics;
import dev.wirewatch.core.model.Alert;
import dev.wirewatch.core.model.Article;
import dev.wirewatch.core.model.Channel;
import dev.wirewatch.core.model.DeliveryAttempt;
import dev.wirewatch.core.model.DeliveryMode;
import dev.wirewatch.core.model.Feed;
import dev.wirewatch.core.model.Highlight;
import dev.wirewatch.core.model.Mention;
import dev.wirewatch.core.model.Subscription;
import dev.wirewatch.core.model.TopicStats;
import dev.wirewatch.core.model.TrackedTopic;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Core's topic registry, serdes and dead-letter reading (through the follower) on a real broker; it lives here because core cannot depend on
 * the broker module.
 */
@ExtendWith(KafkaBrokerExtension.class)
class RegistryRoundTripIT {

    private static final Instant NOW = Instant.parse("2026-11-27T10:15:30Z");

    @Test
    void createsEveryRegistryTopicWithItsSettings() throws Exception {
        TopicNames names = new TopicNames(KafkaBrokerExtension.uniquePrefix(), (short) 1, 0);
        Properties props = KafkaBrokerExtension.clientProperties();
        List<String> created = KafkaTopicsAdmin.ensureTopics(props, names);
        assertThat(created).hasSize(Topics.all().size() + Topics.stages().size());
        // a second call finds them all and creates nothing
        assertThat(KafkaTopicsAdmin.ensureTopics(props, names)).isEmpty();

        try (Admin admin = Admin.create(props)) {
            Map<String, TopicDescription> described = admin.describeTopics(created).allTopicNames().get(30, TimeUnit.SECONDS);
            for (TopicSpec<?, ?> spec : Topics.all()) {
                assertThat(described.get(names.of(spec)).partitions()).as(spec.suffix()).hasSize(spec.partitions());
            }
            ConfigResource feeds = new ConfigResource(ConfigResource.Type.TOPIC, names.of(Topics.FEEDS));
            ConfigResource articles = new ConfigResource(ConfigResource.Type.TOPIC, names.of(Topics.ARTICLES));
            Map<ConfigResource, Config> configs = admin.describeConfigs(List.of(feeds, articles)).all().get(30, TimeUnit.SECONDS);
            assertThat(configs.get(feeds).get(TopicConfig.CLEANUP_POLICY_CONFIG).value()).isEqualTo("compact");
            assertThat(configs.get(articles).get(TopicConfig.CLEANUP_POLICY_CONFIG).value()).isEqualTo("delete");
            assertThat(configs.get(articles).get(TopicConfig.RETENTION_MS_CONFIG).value())
                    .isEqualTo(Long.toString(Duration.ofDays(30).toMillis()));
        }
    }

    @Test
    void everyDomainRecordRoundTripsAndACorruptRecordGoesToTheDeadLetterTopic() throws Exception {
        TopicNames names = new TopicNames(KafkaBrokerExtension.uniquePrefix(), (short) 1, 0);
        Properties props = KafkaBrokerExtension.clientProperties();
        KafkaTopicsAdmin.ensureTopics(props, names);

        Map<TopicSpec<String, ?>, Object> samples = samples();
        Properties producerProps = new Properties();
        producerProps.putAll(props);
        producerProps.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        producerProps.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        producerProps.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(producerProps)) {
            for (Map.Entry<TopicSpec<String, ?>, Object> e : samples.entrySet()) {
                send(producer, names, e.getKey(), e.getValue());
            }
            // a corrupt article between two good ones
            producer.send(new ProducerRecord<>(names.of(Topics.ARTICLES), 0, "bad".getBytes(StandardCharsets.UTF_8),
                    "{\"id\": \"x\", \"version\": \"not a number\"".getBytes(StandardCharsets.UTF_8))).get();
            Article second = article("https://elfaro.net/es/2026/11/otra-nota", "Otra nota");
            producer.send(new ProducerRecord<>(names.of(Topics.ARTICLES), 0, second.id().getBytes(StandardCharsets.UTF_8),
                    Topics.ARTICLE_SERDE.toBytes(second))).get();

            SimpleMeterRegistry meters = new SimpleMeterRegistry();
            DeadLetterRouter router = new DeadLetterRouter("tagger", names, producer, meters);
            for (TopicSpec<String, ?> spec : samples.keySet()) {
                List<Object> values = readAll(spec, names, router, meters, spec == Topics.ARTICLES ? 2 : 1);
                assertThat(values.get(0)).as(spec.suffix()).isEqualTo(samples.get(spec));
                if (spec == Topics.ARTICLES) {
                    assertThat(values.get(1)).isEqualTo(second);
                }
            }
            producer.flush();
            assertThat(meters.counter("wirewatch.dead.letters", "stage", "tagger").count()).isEqualTo(1.0);
        }

        List<ConsumerRecord<byte[], byte[]>> dead = readRaw(names.deadLetters("tagger"), 1);
        ConsumerRecord<byte[], byte[]> letter = dead.get(0);
        assertThat(new String(letter.key(), StandardCharsets.UTF_8)).isEqualTo("bad");
        assertThat(new String(letter.headers().lastHeader(DeadLetterRouter.HEADER_TOPIC).value(), StandardCharsets.UTF_8))
                .isEqualTo(names.of(Topics.ARTICLES));
        assertThat(new String(letter.headers().lastHeader(DeadLetterRouter.HEADER_MESSAGE).value(), StandardCharsets.UTF_8))
                .contains("Failed to read Article");
    }

    private static <V> void send(KafkaProducer<byte[], byte[]> producer, TopicNames names, TopicSpec<String, V> spec,
            Object value) throws Exception {
        producer.send(new ProducerRecord<>(names.of(spec), 0, "k".getBytes(StandardCharsets.UTF_8),
                encode(spec, value))).get();
    }

    @SuppressWarnings("unchecked")
    private static <V> byte[] encode(TopicSpec<String, V> spec, Object value) {
        return spec.valueSerde().serializer().serialize("", (V) value);
    }

    private static <V> List<Object> readAll(TopicSpec<String, V> spec, TopicNames names, DeadLetterRouter router,
            SimpleMeterRegistry meters, int expected) {
        List<Object> values = new CopyOnWriteArrayList<>();
        try (TopicFollower follower = TopicFollower.builder("roundtrip-" + spec.suffix(),
                KafkaBrokerExtension.clientProperties(), meters)
                .follow(names.of(spec), new TopicFollower.Start.Beginning(), (record, catchingUp) ->
                        values.add(spec.valueSerde().deserializer().deserialize(record.topic(), record.value())))
                .deadLetters(router).build()) {
            follower.start();
            await().atMost(Duration.ofSeconds(30)).until(() -> values.size() >= expected);
        }
        return values;
    }

    private static List<ConsumerRecord<byte[], byte[]>> readRaw(String topic, int expected) {
        List<ConsumerRecord<byte[], byte[]>> out = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(consumerProps())) {
            consumer.subscribe(Set.of(topic));
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(out::add);
                return out.size() >= expected;
            });
        }
        return out;
    }

    private static Properties consumerProps() {
        Properties props = KafkaBrokerExtension.clientProperties();
        props.put(ConsumerConfig.GROUP_ID_CONFIG, KafkaBrokerExtension.uniqueName("roundtrip"));
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        return props;
    }

    static Article article(String url, String title) {
        return new Article(1, dev.wirewatch.core.model.ArticleIds.idFor(url), 1, url,
                dev.wirewatch.core.model.ArticleIds.canonicalize(url), "elfaro", "elfaro.net", title,
                "Resumen", "El Centro de Confinamiento del Terrorismo (CECOT) recibió a 238 venezolanos.", "Redacción",
                "es", NOW, NOW.plusSeconds(3), "abc123");
    }

    /** One sample value of every domain record, keyed by its topic. */
    static Map<TopicSpec<String, ?>, Object> samples() {
        Map<TopicSpec<String, ?>, Object> samples = new HashMap<>();
        Article article = article("https://elfaro.net/es/2026/11/cecot?utm_source=x", "Deportados al CECOT");
        Mention mention = new Mention(1, null, "cecot", 3, "CECOT", article.id(), 1, article.url(), article.title(),
                "elfaro.net", "es", NOW, NOW.plusMillis(120), "story-1", true,
                List.of(new Highlight("title", 14, 19), new Highlight("body", 39, 44)), "…Terrorismo (CECOT) recibió…",
                List.of("CECOT"));
        samples.put(Topics.FEEDS, new Feed(1, "elfaro", "https://elfaro.net/feed", "El Faro", "es", List.of("latam"),
                null, true, NOW));
        samples.put(Topics.ARTICLES, article);
        samples.put(Topics.TRACKED_TOPICS, new TrackedTopic(1, "cecot", "CECOT",
                "CECOT OR \"Terrorist Confinement Center\"", 3, "the mega-prison", true, NOW));
        samples.put(Topics.MENTIONS, mention);
        samples.put(Topics.TOPIC_STATS, new TopicStats(1, "cecot", "1h", NOW.truncatedTo(ChronoUnit.HOURS),
                NOW.truncatedTo(ChronoUnit.HOURS).plusSeconds(3600), 12, 4, true));
        samples.put(Topics.SUBSCRIPTIONS, new Subscription(1, "latam-desk", "LatAm desk", "latam", List.of("cecot"),
                List.of("es", "en"), List.of("elfaro.net"),
                new DeliveryMode("digest", null, LocalTime.of(7, 30), "America/El_Salvador", 20, LocalTime.of(22, 0),
                        LocalTime.of(6, 0), "drop"),
                new Channel("webhook", "https://hooks.example.org/ww", "whsec_c2VjcmV0", List.of("whsec_b2xk"), List.of()),
                true, "desk@example.org", NOW));
        samples.put(Topics.FEED_HEALTH, new dev.wirewatch.core.model.FeedHealth(1, "elfaro", "https://elfaro.net/feed",
                "failing", NOW, NOW.minusSeconds(600), 3, "HTTP 503", 503, 42.5, NOW.minusSeconds(900), NOW.plusSeconds(60), 1234,
                56, dev.wirewatch.core.model.FeedHealth.PUSH, NOW.minusSeconds(30)));
        samples.put(Topics.API_KEYS, new dev.wirewatch.core.model.ApiKey(1, "k1", "desk editor", "write",
                "sha256:c2FsdA:0f1e", NOW, false));
        samples.put(Topics.ALERTS, new Alert(1, "alert-1", "latam-desk", "realtime", List.of(mention), NOW, null));
        samples.put(Topics.DELIVERIES, new DeliveryAttempt(1, "alert-1", "latam-desk", "webhook", 2, "failed", 503,
                "Service Unavailable", NOW, 87, NOW.plusSeconds(30)));
        samples.put(Topics.DELIVERY_RETRIES, new dev.wirewatch.core.model.PendingDelivery(1, "alert-1", "latam-desk",
                (Alert) samples.get(Topics.ALERTS), 2, NOW.plusSeconds(30), NOW, 1, "HTTP 503", 503));
        return samples;
    }
}
