package dev.wirewatch.tagger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.wirewatch.broker.testing.KafkaBrokerExtension;
import dev.wirewatch.core.kafka.KafkaTopicsAdmin;
import dev.wirewatch.core.kafka.TopicNames;
import dev.wirewatch.core.kafka.Topics;
import dev.wirewatch.core.model.Article;
import dev.wirewatch.core.model.Mention;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Exactly once across a crash: a tagger in its own JVM is killed with SIGKILL while it tags, a new one starts with an
 * empty state directory (so its story stores restore from the changelogs), and a read_committed reader must see
 * every expected mention exactly once, with consistent stories.
 */
@ExtendWith(KafkaBrokerExtension.class)
class TaggerKillRestartIT {

    private static final int STORIES = 1_000;
    private static final List<String> TOPICS = List.of("alpha", "beta", "gamma");

    @TempDir
    Path dir;

    @Test
    void everyMentionArrivesExactlyOnceAcrossAKillAndARestoreFromChangelogs() throws Exception {
        String prefix = KafkaBrokerExtension.uniquePrefix();
        TopicNames names = new TopicNames(prefix, (short) 1, 0);
        KafkaTopicsAdmin.ensureTopics(KafkaBrokerExtension.clientProperties(), names);
        String articlesTopic = names.of(Topics.ARTICLES);

        // 1,000 stories of 3 copies each (different URLs, same body): copies 0 and 1 first, copies 2 later
        Map<String, Integer> storyOf = new HashMap<>();
        Map<String, Set<String>> expected = new HashMap<>();
        List<List<Article>> batches = List.of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
        for (int s = 0; s < STORIES; s++) {
            String body = body(s);
            for (int copy = 0; copy < 3; copy++) {
                Article a = Fixtures.article("https://site" + copy + ".example/story/" + s, "Story " + s, body);
                storyOf.put(a.id(), s);
                expected.put(a.id(), topicsOf(s));
                batches.get(copy < 2 ? 0 : s < STORIES / 2 ? 1 : 2).add(a);
            }
        }
        int expectedMentions = expected.values().stream().mapToInt(Set::size).sum();

        Map<String, Integer> seen = new HashMap<>();
        List<Mention> mentions = new ArrayList<>();
        Process first = null;
        Process second = null;
        try (KafkaProducer<byte[], byte[]> producer = KafkaFixtures.producer();
                KafkaConsumer<byte[], byte[]> reader = KafkaFixtures.committedReader(names.of(Topics.MENTIONS))) {
            for (String topic : TOPICS) {
                KafkaFixtures.send(producer, names.of(Topics.TRACKED_TOPICS), Topics.TRACKED_TOPICS, topic,
                        Fixtures.topic(topic, topic, 1));
            }
            producer.flush();
            first = startTagger(prefix, dir.resolve("state-a"), "a");
            send(producer, articlesTopic, batches.get(0));

            // kill the first tagger with SIGKILL while it is tagging
            await().atMost(Duration.ofMinutes(2)).until(() -> read(reader, seen, mentions) >= 200);
            first.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            assertThat(seen.size()).as("killed before it finished").isLessThan(expectedMentions);

            send(producer, articlesTopic, batches.get(1));
            second = startTagger(prefix, dir.resolve("state-b"), "b");
            send(producer, articlesTopic, batches.get(2));

            await().atMost(Duration.ofMinutes(3)).until(() -> {
                read(reader, seen, mentions);
                return seen.size() >= expectedMentions;
            });
            // read on to the end of every partition, so that a late duplicate would be seen too
            Map<TopicPartition, Long> end = reader.endOffsets(reader.assignment());
            await().atMost(Duration.ofMinutes(1)).until(() -> {
                read(reader, seen, mentions);
                return end.entrySet().stream().allMatch(e -> reader.position(e.getKey()) >= e.getValue());
            });
        } finally {
            for (Process p : new Process[] {first, second}) {
                if (p != null) {
                    p.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
                }
            }
        }

        Set<String> expectedIds = new HashSet<>();
        expected.forEach((articleId, topics) -> topics.forEach(t -> expectedIds.add(Mention.idFor(articleId, t))));
        assertThat(seen.keySet()).isEqualTo(expectedIds);
        assertThat(seen).allSatisfy((id, count) -> assertThat(count).as(id).isEqualTo(1));

        // stories survived the crash: one story per set of copies, announced once per topic
        Map<Integer, List<Mention>> byStory = mentions.stream()
                .collect(Collectors.groupingBy(m -> storyOf.get(m.articleId())));
        assertThat(byStory).allSatisfy((story, ofStory) -> {
            Set<String> storyIds = ofStory.stream().map(Mention::storyId).collect(Collectors.toSet());
            assertThat(storyIds).as("story %d", story).hasSize(1);
            assertThat(storyOf.get(storyIds.iterator().next())).isEqualTo(story);
            for (String topic : topicsOf(story)) {
                assertThat(ofStory).filteredOn(m -> m.topicId().equals(topic) && m.firstInStory())
                        .as("first mentions of story %d for %s", story, topic).hasSize(1);
            }
        });
    }

    /** The topics a story mentions: alpha for even stories, beta for multiples of 3, gamma unless a multiple of 5. */
    private static Set<String> topicsOf(int story) {
        Set<String> topics = new HashSet<>();
        if (story % 2 == 0) {
            topics.add("alpha");
        }
        if (story % 3 == 0) {
            topics.add("beta");
        }
        if (story % 5 != 0) {
            topics.add("gamma");
        }
        return topics;
    }

    /** A body of 60 made-up words unique to the story, plus the words of its topics. */
    private static String body(int story) {
        SplittableRandom random = new SplittableRandom(story * 7919L);
        StringBuilder text = new StringBuilder();
        for (int w = 0; w < 60; w++) {
            for (int c = 0; c < 6; c++) {
                text.append((char) ('a' + random.nextInt(26)));
            }
            text.append(' ');
        }
        topicsOf(story).forEach(t -> text.append(t).append(' '));
        return text.toString();
    }

    private static void send(KafkaProducer<byte[], byte[]> producer, String topic, List<Article> articles) {
        for (Article a : articles) {
            KafkaFixtures.send(producer, topic, Topics.ARTICLES, a.id(), a);
        }
        producer.flush();
    }

    private static int read(KafkaConsumer<byte[], byte[]> reader, Map<String, Integer> seen, List<Mention> mentions) {
        for (ConsumerRecord<byte[], byte[]> r : reader.poll(Duration.ofMillis(200))) {
            Mention m = Topics.MENTION_SERDE.fromBytes(r.value());
            seen.merge(m.id(), 1, Integer::sum);
            mentions.add(m);
        }
        return seen.size();
    }

    private static Process startTagger(String prefix, Path stateDir, String name) throws IOException {
        Path log = Path.of("target", "tagger-process-" + name + ".log");
        Files.createDirectories(log.getParent());
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return new ProcessBuilder(java, "-Xmx512m", "-cp", System.getProperty("java.class.path"),
                TaggerProcessMain.class.getName(), KafkaBrokerExtension.bootstrapServers(), prefix, stateDir.toString())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }
}
