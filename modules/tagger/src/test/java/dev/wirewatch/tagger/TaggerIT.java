package dev.wirewatch.tagger;

import static dev.wirewatch.tagger.Fixtures.article;
import static dev.wirewatch.tagger.Fixtures.topic;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.wirewatch.broker.testing.KafkaBrokerExtension;
import dev.wirewatch.core.config.WirewatchConfig;
import dev.wirewatch.core.http.HealthChecks;
import dev.wirewatch.core.kafka.DeadLetterRouter;
import dev.wirewatch.core.kafka.KafkaTopicsAdmin;
import dev.wirewatch.core.kafka.TopicNames;
import dev.wirewatch.core.kafka.Topics;
import dev.wirewatch.core.model.Article;
import dev.wirewatch.core.model.Mention;
import dev.wirewatch.core.model.TopicStats;
import dev.wirewatch.core.spi.Stage;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The tagger stage on a real in-process broker, started the way the launcher starts it. */
@ExtendWith(KafkaBrokerExtension.class)
class TaggerIT {

    @TempDir
    Path stateDir;

    @Test
    void tagsArticlesFromKafkaSendsBadRecordsToTheDeadLetterTopicAndAnswersStatsInPlace() throws Exception {
        String prefix = KafkaBrokerExtension.uniquePrefix();
        WirewatchConfig config = WirewatchConfig.of(Map.of(
                "kafka.bootstrap-servers", KafkaBrokerExtension.bootstrapServers(),
                "kafka.topic-prefix", prefix,
                "tagger.state-dir", stateDir.toString(),
                "tagger.num-stream-threads", "1"));
        TopicNames names = config.topicNames();
        KafkaTopicsAdmin.ensureTopics(config.kafkaProperties(), names);
        Stage stage = ServiceLoader.load(Stage.class).stream().map(ServiceLoader.Provider::get)
                .filter(s -> s.name().equals("tagger")).findFirst().orElseThrow();
        assertThat(stage.order()).isEqualTo(20);
        assertThat(TaggerStage.applicationId(config)).isEqualTo(prefix + "tagger");

        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        HealthChecks health = new HealthChecks();
        Article cecot = article("https://elfaro.net/es/cecot", "Deportados al CECOT", SimHashTest.WIRE);
        Article copy = article("https://apnews.com/cecot", "Venezolanos al CECOT", SimHashTest.WIRE);
        Article unrelated = article("https://elfaro.net/es/lluvia", "Lluvias", "Lluvias en San Salvador.");
        try (KafkaProducer<byte[], byte[]> producer = KafkaFixtures.producer();
                TaggerStage.Running tagger = (TaggerStage.Running) stage.start(config,
                        new Stage.StageContext(meters, health, false))) {
            KafkaFixtures.send(producer, names.of(Topics.TRACKED_TOPICS), Topics.TRACKED_TOPICS, "cecot",
                    topic("cecot", "CECOT", 2));
            producer.flush();
            await().atMost(KafkaFixtures.patience()).until(() -> tagger.state() == KafkaStreams.State.RUNNING);
            assertThat(health.run().get("tagger").healthy()).isTrue();
            // wait until the definition is in force before sending articles
            await().atMost(KafkaFixtures.patience()).until(() ->
                    meters.counter("wirewatch.tagger.topic.definitions", "result", "applied").count() >= 1);

            String articles = names.of(Topics.ARTICLES);
            KafkaFixtures.send(producer, articles, Topics.ARTICLES, cecot.id(), cecot);
            producer.send(new ProducerRecord<>(articles, "broken".getBytes(StandardCharsets.UTF_8),
                    "{not json".getBytes(StandardCharsets.UTF_8)));
            KafkaFixtures.send(producer, articles, Topics.ARTICLES, unrelated.id(), unrelated);
            KafkaFixtures.send(producer, articles, Topics.ARTICLES, copy.id(), copy);
            producer.flush();

            List<Mention> mentions = new ArrayList<>();
            try (KafkaConsumer<byte[], byte[]> reader = KafkaFixtures.committedReader(names.of(Topics.MENTIONS))) {
                await().atMost(KafkaFixtures.patience()).until(() -> {
                    for (ConsumerRecord<byte[], byte[]> r : reader.poll(Duration.ofMillis(200))) {
                        assertThat(new String(r.key(), StandardCharsets.UTF_8)).isEqualTo("cecot");
                        mentions.add(Topics.MENTION_SERDE.fromBytes(r.value()));
                    }
                    return mentions.size() >= 2;
                });
            }
            assertThat(mentions).extracting(Mention::articleId).containsExactlyInAnyOrder(cecot.id(), copy.id());
            assertThat(mentions).allSatisfy(m -> {
                assertThat(m.topicVersion()).isEqualTo(2);
                assertThat(m.taggedAt()).isNotNull();
            });
            // the two copies form one story, whichever was tagged first
            assertThat(mentions).extracting(Mention::storyId).containsOnly(mentions.get(0).storyId());
            assertThat(mentions).filteredOn(Mention::firstInStory).hasSize(1);

            try (KafkaConsumer<byte[], byte[]> dlq = KafkaFixtures.committedReader(names.deadLetters("tagger"))) {
                List<ConsumerRecord<byte[], byte[]>> letters = new ArrayList<>();
                await().atMost(KafkaFixtures.patience()).until(() -> {
                    dlq.poll(Duration.ofMillis(200)).forEach(letters::add);
                    return !letters.isEmpty();
                });
                ConsumerRecord<byte[], byte[]> letter = letters.get(0);
                assertThat(new String(letter.key(), StandardCharsets.UTF_8)).isEqualTo("broken");
                assertThat(new String(letter.value(), StandardCharsets.UTF_8)).isEqualTo("{not json");
                assertThat(new String(letter.headers().lastHeader(DeadLetterRouter.HEADER_TOPIC).value(),
                        StandardCharsets.UTF_8)).isEqualTo(articles);
                assertThat(new String(letter.headers().lastHeader(DeadLetterRouter.HEADER_MESSAGE).value(),
                        StandardCharsets.UTF_8)).contains("Article");
            }
            assertThat(meters.counter("wirewatch.dead.letters", "stage", "tagger").count()).isEqualTo(1.0);

            // stats: written to the topic-stats topic, and queryable in place
            try (KafkaConsumer<byte[], byte[]> statsReader = KafkaFixtures.committedReader(names.of(Topics.TOPIC_STATS))) {
                List<TopicStats> written = new ArrayList<>();
                await().atMost(KafkaFixtures.patience()).until(() -> {
                    statsReader.poll(Duration.ofMillis(200))
                            .forEach(r -> written.add(Topics.TOPIC_STATS_SERDE.fromBytes(r.value())));
                    return written.stream().anyMatch(s -> s.window().equals("1d") && s.mentions() == 2);
                });
            }
            await().atMost(KafkaFixtures.patience()).untilAsserted(() -> {
                List<TopicStats> now = tagger.stats("cecot");
                assertThat(now).extracting(TopicStats::window).containsExactly("1m", "1h", "1d");
                assertThat(now.get(2).mentions()).isEqualTo(2);
                assertThat(now.get(2).stories()).isEqualTo(1);
            });
            assertThat(tagger.stats("never-tracked")).allSatisfy(s -> assertThat(s.mentions()).isZero());
            assertThat(meters.getMeters()).anySatisfy(m -> assertThat(m.getId().getName()).startsWith("kafka.stream"));
        }
        assertThat(health.run()).doesNotContainKey("tagger");
    }
}
