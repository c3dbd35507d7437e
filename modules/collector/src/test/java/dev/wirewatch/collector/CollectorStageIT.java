package dev.wirewatch.collector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.wirewatch.broker.testing.KafkaBrokerExtension;
import dev.wirewatch.core.config.WirewatchConfig;
import dev.wirewatch.core.http.HealthChecks;
import dev.wirewatch.core.kafka.KafkaTopicsAdmin;
import dev.wirewatch.core.kafka.TopicNames;
import dev.wirewatch.core.kafka.Topics;
import dev.wirewatch.core.model.Article;
import dev.wirewatch.core.model.Feed;
import dev.wirewatch.core.model.FeedHealth;
import dev.wirewatch.core.spi.Stage;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The collector stage on a real in-process broker and a real news site: feeds read from the registry topic are
 * polled, the second poll is conditional, full text is fetched, each article reaches wirewatch.articles once (also
 * across a restart and across two instances), bad registry records go to the dead-letter topic.
 */
@ExtendWith(KafkaBrokerExtension.class)
class CollectorStageIT {

    private final TestServer site = new TestServer();
    private final AtomicInteger feedPolls = new AtomicInteger();
    private WirewatchConfig config;
    private TopicNames names;
    private KafkaProducer<byte[], byte[]> producer;
    private final List<Stage.Running> running = new ArrayList<>();

    @BeforeEach
    void setUp() {
        for (String desk : List.of("a", "b", "c", "d")) {
            site.on("/feeds/" + desk + ".xml", exchange -> {
                feedPolls.incrementAndGet();
                String etag = "\"" + desk + "-1\"";
                if (etag.equals(exchange.getRequestHeaders().getFirst("If-None-Match"))) {
                    exchange.sendResponseHeaders(304, -1);
                    return;
                }
                exchange.getResponseHeaders().set("ETag", etag);
                StringBuilder items = new StringBuilder();
                for (int i = 1; i <= 3; i++) {
                    items.append("<item><title>Story ").append(desk).append(i).append("</title><link>/articles/").append(desk).append(i)
                            .append("?utm_source=").append(desk).append("</link><description>Summary ").append(desk).append(i)
                            .append("</description></item>");
                }
                // every desk also carries the same wire story
                items.append("<item><title>Wire story</title><link>/articles/wire</link><description>Wire</description></item>");
                TestServer.send(exchange, 200, "application/rss+xml", "<rss version=\"2.0\"><channel><title>Desk " + desk
                        + "</title><link>/</link><description>d</description>" + items + "</channel></rss>");
            });
        }
        site.on("/articles/", exchange -> {
            String slug = exchange.getRequestURI().getPath().substring("/articles/".length());
            TestServer.send(exchange, 200, "text/html; charset=utf-8", "<html><head><title>" + slug + "</title></head><body>"
                    + "<article><h1>Story " + slug + "</h1><p>This is the full text of story " + slug + ", which only the article page"
                    + " carries, with enough words to be the main text of the page.</p><p>Its ninth paragraph mentions CECOT.</p>"
                    + "</article></body></html>");
        });
        config = WirewatchConfig.of(Map.of(
                "kafka.bootstrap-servers", KafkaBrokerExtension.bootstrapServers(),
                "kafka.topic-prefix", KafkaBrokerExtension.uniquePrefix(),
                "webhooks.allow-private", "127.0.0.0/8",
                "collector.min-interval", "1h",
                "collector.max-interval", "2h",
                "collector.per-host-rate", "0",
                "collector.per-host-concurrency", "8"));
        names = config.topicNames();
        KafkaTopicsAdmin.ensureTopics(config.kafkaProperties(), names);
        producer = new KafkaProducer<>(config.kafkaProperties(), new ByteArraySerializer(), new ByteArraySerializer());
    }

    @AfterEach
    void tearDown() {
        running.forEach(Stage.Running::close);
        producer.close();
        site.close();
    }

    private Stage.Running startStage(SimpleMeterRegistry meters, HealthChecks health) throws Exception {
        Stage stage = ServiceLoader.load(Stage.class).stream().map(ServiceLoader.Provider::get)
                .filter(s -> s.name().equals("collector")).findFirst().orElseThrow();
        assertThat(stage.order()).isEqualTo(10);
        Stage.Running handle = stage.start(config, new Stage.StageContext(meters, health, false));
        running.add(handle);
        return handle;
    }

    private void putFeed(Feed feed) throws Exception {
        producer.send(new ProducerRecord<>(names.of(Topics.FEEDS), feed.id().getBytes(StandardCharsets.UTF_8),
                Topics.FEED_SERDE.toBytes(feed))).get();
    }

    private List<ConsumerRecord<byte[], byte[]>> readAll(String topic) {
        Properties props = config.kafkaProperties();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            List<ConsumerRecord<byte[], byte[]>> out = new ArrayList<>();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                consumer.poll(Duration.ofMillis(200)).forEach(out::add);
            }
            return out;
        }
    }

    private List<Article> articles() {
        return readAll(names.of(Topics.ARTICLES)).stream().map(r -> {
            Article a = Topics.ARTICLE_SERDE.fromBytes(r.value());
            assertThat(new String(r.key(), StandardCharsets.UTF_8)).isEqualTo(a.id());
            return a;
        }).toList();
    }

    @Test
    void feedsArePolledAndEachArticleReachesKafkaOnce() throws Exception {
        putFeed(Feed.of("a", site.url("/feeds/a.xml")));
        putFeed(Feed.of("b", site.url("/feeds/b.xml")));
        producer.send(new ProducerRecord<>(names.of(Topics.FEEDS), "junk".getBytes(StandardCharsets.UTF_8),
                "{not json".getBytes(StandardCharsets.UTF_8))).get();
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        HealthChecks health = new HealthChecks();
        CollectorStage.Handle handle = (CollectorStage.Handle) startStage(meters, health);

        // 3 own stories per desk and one wire story shared by both: 7 articles, each once
        await().atMost(Duration.ofSeconds(60)).until(() -> articles().size() >= 7);
        List<Article> articles = articles();
        assertThat(articles).hasSize(7);
        assertThat(articles).extracting(Article::id).doesNotHaveDuplicates();
        assertThat(articles).allSatisfy(a -> assertThat(a.body()).contains("full text of story").contains("ninth paragraph"));
        assertThat(articles).extracting(Article::canonicalUrl).noneMatch(u -> u.contains("utm_"));

        assertThat(readAll(names.deadLetters("collector"))).singleElement()
                .satisfies(r -> assertThat(new String(r.key(), StandardCharsets.UTF_8)).isEqualTo("junk"));
        assertThat(health.run().get("collector").healthy()).isTrue();
        assertThat(handle.feedHealth()).extracting(FeedHealth::feedId).containsExactlyInAnyOrder("a", "b");
        // and it is published for the console, which meets the collector only in Kafka
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(readAll(names.of(Topics.FEED_HEALTH)).stream()
                .map(r -> Topics.FEED_HEALTH_SERDE.fromBytes(r.value()))
                .filter(h -> "ok".equals(h.state()) && h.lastSuccessAt() != null)
                .map(FeedHealth::feedId).distinct())
                .containsExactlyInAnyOrder("a", "b"));

        // a second poll on demand is a conditional GET answered 304
        int before = feedPolls.get();
        assertThat(handle.refresh("a")).isTrue();
        await().atMost(Duration.ofSeconds(10)).until(() -> meters.find("wirewatch.collector.polls").tag("outcome", "not_modified")
                .counter() != null && meters.find("wirewatch.collector.polls").tag("outcome", "not_modified").counter().count() == 1);
        assertThat(feedPolls.get()).isEqualTo(before + 1);
        assertThat(site.requests.stream().filter(r -> r.path().equals("/feeds/a.xml")).toList().getLast().ifNoneMatch()).isEqualTo("\"a-1\"");

        // an updated feed record makes its feed be polled at once
        putFeed(new Feed(1, "b", site.url("/feeds/b.xml"), "Desk B, renamed", null, List.of(), null, true, Instant.now()));
        await().atMost(Duration.ofSeconds(10)).until(() -> site.count("/feeds/b.xml") == 2);

        // a tombstone stops the polling
        producer.send(new ProducerRecord<>(names.of(Topics.FEEDS), "b".getBytes(StandardCharsets.UTF_8), null)).get();
        await().atMost(Duration.ofSeconds(10)).until(() -> !handle.collector().feedIds().contains("b"));

        // a restarted collector reads back what was published and publishes nothing again
        running.remove(handle);
        handle.close();
        int pollsBeforeRestart = feedPolls.get();
        CollectorStage.Handle restarted = (CollectorStage.Handle) startStage(new SimpleMeterRegistry(), new HealthChecks());
        restarted.refresh("a");
        await().atMost(Duration.ofSeconds(30)).until(() -> restarted.feedHealth().stream().anyMatch(h -> h.lastSuccessAt() != null));
        assertThat(feedPolls.get()).isGreaterThan(pollsBeforeRestart);
        assertThat(articles()).hasSize(7);
    }

    @Test
    void twoInstancesSplitTheFeedsBetweenThem() throws Exception {
        for (String desk : List.of("a", "b", "c", "d")) {
            putFeed(Feed.of(desk, site.url("/feeds/" + desk + ".xml")));
        }
        CollectorStage.Handle first = (CollectorStage.Handle) startStage(new SimpleMeterRegistry(), new HealthChecks());
        await().atMost(Duration.ofSeconds(30)).until(() -> first.collector().feedIds().size() == 4);
        // 4 desks x 3 stories + 1 shared wire story
        await().atMost(Duration.ofSeconds(60)).until(() -> articles().size() >= 13);
        CollectorStage.Handle second = (CollectorStage.Handle) startStage(new SimpleMeterRegistry(), new HealthChecks());
        await().atMost(Duration.ofSeconds(60)).until(() -> !second.collector().feedIds().isEmpty()
                && first.collector().feedIds().size() + second.collector().feedIds().size() == 4);
        Set<String> union = new HashSet<>(first.collector().feedIds());
        union.addAll(second.collector().feedIds());
        assertThat(union).containsExactlyInAnyOrder("a", "b", "c", "d");
        assertThat(first.collector().feedIds()).doesNotContainAnyElementsOf(second.collector().feedIds());
        // the feeds handed over are polled by the second instance, which knows what the first one published
        await().atMost(Duration.ofSeconds(30)).until(() -> second.feedHealth().stream().anyMatch(h -> h.lastSuccessAt() != null));
        assertThat(articles()).extracting(Article::id).hasSize(13).doesNotHaveDuplicates();
    }
}
