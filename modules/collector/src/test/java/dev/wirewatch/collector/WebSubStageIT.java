package dev.wirewatch.collector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpHandler;
import dev.wirewatch.broker.testing.KafkaBrokerExtension;
import dev.wirewatch.core.config.WirewatchConfig;
import dev.wirewatch.core.http.HealthChecks;
import dev.wirewatch.core.http.Routes;
import dev.wirewatch.core.kafka.KafkaTopicsAdmin;
import dev.wirewatch.core.kafka.TopicNames;
import dev.wirewatch.core.kafka.Topics;
import dev.wirewatch.core.model.Article;
import dev.wirewatch.core.model.Feed;
import dev.wirewatch.core.spi.Stage;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * WebSub across two collector instances on a real in-process broker and a real hub: the instance that polls the feed
 * subscribes on the HTTP port the stage is given, a push reaches Kafka at once, and a push that reaches the other
 * instance (as behind a load balancer) is still published, and only once.
 */
@ExtendWith(KafkaBrokerExtension.class)
class WebSubStageIT {

    private final TestHub hub = new TestHub();
    private final TestServer site = new TestServer();
    private final List<String> stories = new CopyOnWriteArrayList<>(List.of("1"));
    private final List<TestServer> ports = new ArrayList<>();
    private final List<Stage.Running> running = new ArrayList<>();
    private final WirewatchConfig config;
    private final TopicNames names;

    WebSubStageIT() {
        site.on("/feeds/push.xml", exchange -> TestServer.send(exchange, 200, "application/rss+xml", feed()));
        site.on("/news/", exchange -> TestServer.send(exchange, 200, "text/html", "<html><head><title>Story</title></head><body>"
                + "<article><h1>Story</h1><p>A pushed story about the council vote on term limits, with enough words in it to be the "
                + "main text of the page.</p></article></body></html>"));
        config = WirewatchConfig.of(Map.of(
                "kafka.bootstrap-servers", KafkaBrokerExtension.bootstrapServers(),
                "kafka.topic-prefix", KafkaBrokerExtension.uniquePrefix(),
                "webhooks.allow-private", "127.0.0.0/8",
                "collector.min-interval", "1h",
                "collector.max-interval", "2h",
                "collector.per-host-rate", "0",
                "collector.websub.key", "the key both instances share"));
        names = config.topicNames();
        KafkaTopicsAdmin.ensureTopics(config.kafkaProperties(), names);
    }

    private String feed() {
        StringBuilder items = new StringBuilder();
        for (String n : stories) {
            items.append("<item><title>Story ").append(n).append("</title><link>").append(site.url("/news/" + n))
                    .append("</link><description>Summary ").append(n).append("</description></item>");
        }
        return "<?xml version=\"1.0\"?><rss version=\"2.0\" xmlns:atom=\"http://www.w3.org/2005/Atom\"><channel><title>Pushed</title>"
                + "<link>http://example.org/</link><description>d</description><atom:link rel=\"hub\" href=\"" + hub.url() + "\"/>"
                + "<atom:link rel=\"self\" href=\"" + site.url("/feeds/push.xml") + "\"/>" + items + "</channel></rss>";
    }

    @AfterEach
    void tearDown() {
        running.forEach(Stage.Running::close);
        ports.forEach(TestServer::close);
        hub.close();
        site.close();
    }

    private CollectorStage.Handle start(TestServer port) throws Exception {
        Routes routes = new Routes() {
            @Override
            public void mount(String path, HttpHandler handler) {
                port.on(path, handler);
            }

            @Override
            public void unmount(String path) {
            }
        };
        Stage.Running handle = new CollectorStage().start(config.with("collector.websub.public-url", port.url("")),
                new Stage.StageContext(new SimpleMeterRegistry(), new HealthChecks(), false, routes));
        running.add(handle);
        return (CollectorStage.Handle) handle;
    }

    private List<Article> articles() {
        String topic = names.of(Topics.ARTICLES);
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config.kafkaProperties(), new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream().map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            List<Article> out = new ArrayList<>();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    out.add(Topics.ARTICLE_SERDE.fromBytes(r.value()));
                }
            }
            return out;
        }
    }

    @Test
    void aFeedDeletedFromTheRegistryIsUnsubscribedAtItsHub() throws Exception {
        Feed feed = Feed.of("deleted", site.url("/feeds/push.xml"));
        byte[] key = feed.id().getBytes(StandardCharsets.UTF_8);
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(config.kafkaProperties(), new ByteArraySerializer(),
                new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(names.of(Topics.FEEDS), key, Topics.FEED_SERDE.toBytes(feed))).get();
            TestServer port = new TestServer();
            ports.add(port);
            CollectorStage.Handle stage = start(port);
            await().atMost(Duration.ofSeconds(60)).until(() -> hub.verified.size() == 1 && articles().size() == 1);
            TestHub.Subscription subscription = hub.verified.values().iterator().next();

            // the tombstone: a deletion, not a partition handed over
            producer.send(new ProducerRecord<>(names.of(Topics.FEEDS), key, null)).get();
            await().atMost(Duration.ofSeconds(30)).until(() -> hub.verified.isEmpty());
            assertThat(hub.requests("unsubscribe")).isEqualTo(1);
            assertThat(hub.requests.getLast()).containsEntry("hub.callback", subscription.callback());
            assertThat(stage.collector().feedIds()).isEmpty();
            stories.add("2");
            assertThat(hub.publish(site.url("/feeds/push.xml"), "application/rss+xml", feed().getBytes(StandardCharsets.UTF_8))).isEmpty();
        }
    }

    @Test
    void aPushReachingEitherInstanceIsPublishedOnce() throws Exception {
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(config.kafkaProperties(), new ByteArraySerializer(),
                new ByteArraySerializer())) {
            Feed feed = Feed.of("pushed", site.url("/feeds/push.xml"));
            producer.send(new ProducerRecord<>(names.of(Topics.FEEDS), feed.id().getBytes(StandardCharsets.UTF_8),
                    Topics.FEED_SERDE.toBytes(feed))).get();
        }
        TestServer portA = new TestServer();
        TestServer portB = new TestServer();
        ports.add(portA);
        ports.add(portB);
        CollectorStage.Handle a = start(portA);
        CollectorStage.Handle b = start(portB);
        await().atMost(Duration.ofSeconds(60)).until(() -> a.collector().feedIds().size() + b.collector().feedIds().size() == 1
                && hub.verified.size() == 1 && articles().size() == 1);
        boolean aOwns = a.collector().feedIds().contains("pushed");
        TestServer owner = aOwns ? portA : portB;
        TestServer other = aOwns ? portB : portA;
        TestHub.Subscription subscription = hub.verified.values().iterator().next();
        assertThat(subscription.callback()).startsWith(owner.url("/websub/"));

        // the hub pushes story 2 to the owner
        stories.add("2");
        assertThat(hub.publish(site.url("/feeds/push.xml"), "application/rss+xml", feed().getBytes(StandardCharsets.UTF_8)))
                .containsExactly(202);
        await().atMost(Duration.ofSeconds(20)).until(() -> articles().size() == 2);

        // story 3 reaches the other instance (same path, as a load balancer would route it), then the owner too
        stories.add("3");
        byte[] body = feed().getBytes(StandardCharsets.UTF_8);
        String signature = "sha256=" + TestHub.sign("sha256", subscription.secret(), body);
        String path = subscription.callback().substring(owner.url("").length());
        assertThat(hub.deliver(other.url(path), "application/rss+xml", body, signature)).isEqualTo(202);
        await().atMost(Duration.ofSeconds(20)).until(() -> articles().size() == 3);
        assertThat(hub.deliver(owner.url(path), "application/rss+xml", body, signature)).isEqualTo(202);

        // a forged push to the other instance never reaches Kafka
        stories.add("4");
        byte[] forged = feed().getBytes(StandardCharsets.UTF_8);
        assertThat(hub.deliver(other.url(path), "application/rss+xml", forged, "sha256=" + TestHub.sign("sha256", "guess", forged)))
                .isEqualTo(202);
        await().pollDelay(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5)).until(() -> true);
        List<Article> articles = articles();
        assertThat(articles).extracting(Article::url).containsExactlyInAnyOrder(site.url("/news/1"), site.url("/news/2"),
                site.url("/news/3"));
        assertThat(site.count("/feeds/push.xml")).as("pushes, not polls").isEqualTo(1);
    }
}
