package dev.wirewatch.launcher.faults;

import static org.awaitility.Awaitility.await;

import dev.wirewatch.broker.EmbeddedKafkaCluster;
import dev.wirewatch.broker.testing.KafkaBrokerExtension;
import dev.wirewatch.core.kafka.KafkaTopicsAdmin;
import dev.wirewatch.core.kafka.TopicNames;
import dev.wirewatch.core.kafka.TopicSpec;
import dev.wirewatch.core.kafka.Topics;
import dev.wirewatch.core.model.Channel;
import dev.wirewatch.core.model.DeliveryMode;
import dev.wirewatch.core.model.Feed;
import dev.wirewatch.core.model.Subscription;
import dev.wirewatch.core.model.TrackedTopic;
import dev.wirewatch.core.secrets.SecretKeys;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The whole pipeline for the fault tests: the collector, tagger and alerter each in a JVM of its own against the
 * three-node cluster, a local news site whose feeds publish at a steady rate, and one webhook endpoint per desk.
 *
 * <p>A {@link Desk} is one test's slice of it: a feed, a tracked topic matching only that feed's items, and a
 * real-time webhook subscription, so tests share the running stages without sharing what they count.
 */
final class Newsroom implements AutoCloseable {

    private final EmbeddedKafkaCluster cluster;
    private final TopicNames names;
    private final Properties client;
    private final NewsFeeds feeds;
    private final Map<String, StageProcess> stages = new LinkedHashMap<>();
    private final List<StageProcess> extras = new ArrayList<>();
    private final List<WebhookEndpoint> endpoints = new ArrayList<>();
    private final Map<String, String> settings;
    private final Path dir;
    private int desks;

    private Newsroom(EmbeddedKafkaCluster cluster, TopicNames names, NewsFeeds feeds, Map<String, String> settings, Path dir) {
        this.cluster = cluster;
        this.names = names;
        this.feeds = feeds;
        this.settings = settings;
        this.dir = dir;
        this.client = new Properties();
        client.put("bootstrap.servers", cluster.bootstrapServers());
    }

    /** Creates the topics (three replicas, min ISR 2, decided from the cluster) and starts the three stages. */
    static Newsroom start(EmbeddedKafkaCluster cluster, Path dir) throws IOException {
        String prefix = KafkaBrokerExtension.uniquePrefix();
        Properties client = new Properties();
        client.put("bootstrap.servers", cluster.bootstrapServers());
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("kafka.bootstrap-servers", cluster.bootstrapServers());
        settings.put("kafka.topic-prefix", prefix);
        settings.put("kafka.partitions", "2");
        settings.put("kafka.create-topics", "false");
        settings.put("kafka.session.timeout.ms", "6000");
        settings.put("kafka.heartbeat.interval.ms", "1000");
        settings.put("http.port", "0");
        settings.put("shutdown.timeout", "5s");
        settings.put("webhooks.allow-private", "127.0.0.0/8");
        // the alerter starts only with a sealing key; the subscriptions' secrets stay plain, which it accepts
        settings.put("secrets.key", SecretKeys.newKey("faults"));
        settings.put("collector.min-interval", "1s");
        settings.put("collector.max-interval", "5s");
        settings.put("collector.fetch-full-text", "false");
        settings.put("collector.per-host-rate", "0");
        settings.put("collector.per-host-concurrency", "16");
        settings.put("collector.request-timeout", "3s");
        settings.put("alerter.request-timeout", "3s");
        settings.put("alerter.retry-schedule", "1s,2s,4s,8s,15s,15s,15s,15s,15s,15s,15s,15s,15s,15s,15s");
        settings.put("tagger.num-standby-replicas", "0");
        TopicNames names = KafkaTopicsAdmin.resolve(client, new TopicNames(prefix, (short) 0, 2));
        KafkaTopicsAdmin.ensureTopics(client, names);
        Newsroom room = new Newsroom(cluster, names, NewsFeeds.start(), settings, dir);
        try {
            for (String stage : List.of("collector", "tagger", "alerter")) {
                room.stages.put(stage, room.newStage(stage, stage + "-1").start());
            }
        } catch (IOException | RuntimeException | Error e) {
            room.close();
            throw e;
        }
        return room;
    }

    private StageProcess newStage(String stage, String instance) {
        Map<String, String> own = new LinkedHashMap<>(settings);
        own.put("data.dir", dir.resolve(instance).toString());
        own.put("instance.id", instance);
        return new StageProcess(stage, own, Path.of("target", "faults-logs", instance + "-" + names.prefix()));
    }

    EmbeddedKafkaCluster cluster() {
        return cluster;
    }

    TopicNames names() {
        return names;
    }

    NewsFeeds feeds() {
        return feeds;
    }

    /** The running process of a stage. */
    StageProcess stage(String name) {
        return stages.get(name);
    }

    /** Starts one more instance of a stage (for rebalances); closed with the newsroom. */
    StageProcess addInstance(String stage) throws IOException {
        StageProcess extra = newStage(stage, stage + "-" + (extras.size() + 2)).start();
        extras.add(extra);
        return extra;
    }

    /** A new desk: its feed, topic, subscription and webhook endpoint. */
    Desk desk(String name) throws IOException {
        int n = ++desks;
        String id = name + "-" + n;
        String word = "zorblat" + name.replaceAll("[^a-z]", "") + n;
        WebhookEndpoint endpoint = WebhookEndpoint.start();
        endpoints.add(endpoint);
        Instant now = Instant.now();
        try (KafkaProducer<byte[], byte[]> producer = producer()) {
            send(producer, Topics.TRACKED_TOPICS, id, TrackedTopic.of(id, "Desk " + id, word));
            send(producer, Topics.SUBSCRIPTIONS, id, new Subscription(Subscription.SCHEMA_VERSION, id, "Desk " + id, "faults",
                    List.of(id), List.of(), List.of(), DeliveryMode.realtime(), Channel.webhook(endpoint.url(), endpoint.secret()),
                    true, null, now));
        }
        return new Desk(this, id, word, endpoint);
    }

    /** Registers a feed with the collectors. */
    void addFeed(String feedId) {
        try (KafkaProducer<byte[], byte[]> producer = producer()) {
            send(producer, Topics.FEEDS, feedId, new Feed(Feed.SCHEMA_VERSION, feedId, feeds.feedUrl(feedId), feedId, "en",
                    List.of("faults"), 1, true, Instant.now()));
        }
    }

    private KafkaProducer<byte[], byte[]> producer() {
        Properties props = new Properties();
        props.putAll(client);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        return new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer());
    }

    private <V> void send(KafkaProducer<byte[], byte[]> producer, TopicSpec<String, V> spec, String key, V value) {
        try {
            producer.send(new ProducerRecord<>(names.of(spec), spec.keySerde().serializer().serialize(null, key),
                    spec.valueSerde().serializer().serialize(null, value))).get(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while writing " + key, e);
        } catch (ExecutionException | TimeoutException e) {
            throw new AssertionError("failed to write " + key + " to " + names.of(spec), e);
        }
    }

    Properties client() {
        return client;
    }

    @Override
    public void close() {
        List<StageProcess> all = new ArrayList<>(extras);
        all.addAll(stages.values());
        for (StageProcess stage : all) {
            try {
                stage.close();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        endpoints.forEach(WebhookEndpoint::close);
        feeds.close();
    }

    /**
     * One test's slice of the newsroom.
     *
     * @param id the feed, tracked topic and subscription id
     * @param word the made-up word its items carry and its topic looks for
     */
    record Desk(Newsroom room, String id, String word, WebhookEndpoint endpoint) {

        /** Starts publishing {@code count} items, one every {@code every}; returns their URLs. */
        Set<String> publish(int count, Duration every) {
            Set<String> urls = new HashSet<>(room.feeds.publish(id, word, count, every));
            room.addFeed(id);
            return urls;
        }

        /** Waits until the endpoint has accepted alerts for all of {@code urls}. */
        void awaitDelivered(Set<String> urls, Duration atMost) {
            await().atMost(atMost).pollInterval(Duration.ofMillis(500))
                    .alias(id + ": alerts for all " + urls.size() + " articles (feed published " + room.feeds.published(id) + ")")
                    .until(() -> endpoint.urls().containsAll(urls));
        }

        /** Reads what was committed for this desk and checks the three promises. */
        CommittedLedger assertExactlyOnce(Set<String> urls) {
            CommittedLedger ledger = CommittedLedger.read(room.client, room.names, id, id);
            ledger.assertExactlyOnce(urls, endpoint.accepted(), endpoint.urls());
            return ledger;
        }
    }
}
