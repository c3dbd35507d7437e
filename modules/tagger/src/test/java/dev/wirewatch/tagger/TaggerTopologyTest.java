package dev.wirewatch.tagger;

import static dev.wirewatch.tagger.Fixtures.T0;
import static dev.wirewatch.tagger.Fixtures.article;
import static dev.wirewatch.tagger.Fixtures.topic;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.wirewatch.core.config.WirewatchConfig;
import dev.wirewatch.core.kafka.TopicNames;
import dev.wirewatch.core.kafka.Topics;
import dev.wirewatch.core.model.Article;
import dev.wirewatch.core.model.Highlight;
import dev.wirewatch.core.model.MatchedTopic;
import dev.wirewatch.core.model.Mention;
import dev.wirewatch.core.model.TopicStats;
import dev.wirewatch.core.model.TrackedTopic;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.SplittableRandom;
import java.util.stream.Collectors;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Drives the real tagger topology, with the production Streams settings, through {@link TopologyTestDriver}. */
class TaggerTopologyTest {

    private static final Instant TAGGED_AT = Instant.parse("2026-11-27T12:00:00Z");

    /** A wire story long enough to fingerprint. */
    private static final String WIRE = SimHashTest.WIRE;

    @TempDir
    Path stateDir;

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final TopicNames names = TopicNames.defaults();
    private TopologyTestDriver driver;
    private TestInputTopic<String, TrackedTopic> topics;
    private TestInputTopic<String, Article> articles;
    private TestInputTopic<String, String> rawArticles;
    private TestOutputTopic<String, Mention> mentions;
    private TestOutputTopic<String, TopicStats> stats;

    @BeforeEach
    void start() {
        WirewatchConfig config = WirewatchConfig.of(Map.of("kafka.bootstrap-servers", "unused:9092",
                "tagger.state-dir", stateDir.toString()));
        TaggerTopologyConfig topologyConfig = new TaggerTopologyConfig(names, Duration.ofDays(3), 3,
                Duration.ofSeconds(1), meters, InstantSource.fixed(TAGGED_AT));
        Properties props = TaggerStage.streamsProperties(config, meters);
        driver = new TopologyTestDriver(TaggerTopology.build(topologyConfig), props, T0);
        topics = driver.createInputTopic(names.of(Topics.TRACKED_TOPICS), new StringSerializer(),
                Topics.TRACKED_TOPIC_SERDE.serializer());
        articles = driver.createInputTopic(names.of(Topics.ARTICLES), new StringSerializer(),
                Topics.ARTICLE_SERDE.serializer());
        rawArticles = driver.createInputTopic(names.of(Topics.ARTICLES), new StringSerializer(), new StringSerializer());
        mentions = driver.createOutputTopic(names.of(Topics.MENTIONS), new StringDeserializer(),
                Topics.MENTION_SERDE.deserializer());
        stats = driver.createOutputTopic(names.of(Topics.TOPIC_STATS), new StringDeserializer(),
                Topics.TOPIC_STATS_SERDE.deserializer());
    }

    @AfterEach
    void stop() {
        driver.close();
    }

    private void track(TrackedTopic topic) {
        topics.pipeInput(topic.id(), topic, T0);
    }

    @Test
    void tagsEveryMatchingTopicOnceWithItsVersionHighlightsAndStory() {
        track(topic("cecot", "CECOT OR \"Centro de Confinamiento del Terrorismo\"", 3));
        track(topic("bukele", "Bukele", 1));
        track(topic("pegasus", "Pegasus NEAR/5 (spyware OR NSO)", 1));
        Article article = article("https://elfaro.net/es/cecot", "Bukele muestra el CECOT", WIRE);
        articles.pipeInput(article.id(), article, T0.plusSeconds(5));

        List<TestRecord<String, Mention>> out = mentions.readRecordsToList();
        assertThat(out).extracting(TestRecord::key).containsExactlyInAnyOrder("cecot", "bukele");
        Mention cecot = out.stream().filter(r -> r.key().equals("cecot")).findFirst().orElseThrow().value();
        assertThat(cecot.id()).isEqualTo(article.id() + ":cecot");
        assertThat(cecot.topicVersion()).isEqualTo(3);
        assertThat(cecot.topicName()).isEqualTo("CECOT");
        assertThat(cecot.articleId()).isEqualTo(article.id());
        assertThat(cecot.url()).isEqualTo(article.url());
        assertThat(cecot.source()).isEqualTo("elfaro.net");
        assertThat(cecot.storyId()).isEqualTo(article.id());
        assertThat(cecot.firstInStory()).isTrue();
        assertThat(cecot.taggedAt()).isEqualTo(TAGGED_AT);
        assertThat(cecot.highlights()).contains(new Highlight("title", 18, 23));
        assertThat(cecot.snippet()).isNotBlank();
        assertThat(cecot.matchedClauses()).isNotEmpty();
        assertThat(out).allSatisfy(r -> assertThat(r.timestamp()).isEqualTo(T0.plusSeconds(5).toEpochMilli()));
        assertThat(meters.counter("wirewatch.tagger.articles", "result", "matched").count()).isEqualTo(1.0);
        assertThat(meters.counter("wirewatch.tagger.mentions", "topic", "cecot").count()).isEqualTo(1.0);
        assertThat(meters.counter("wirewatch.tagger.mentions", "topic", "bukele").count()).isEqualTo(1.0);
        // the tagger's hop of an alert's delay, once per matched article (fetched at T0, matched now)
        assertThat(meters.timer("wirewatch.tagger.freshness", "hop", "fetched-to-matched").count()).isEqualTo(1L);
    }

    @Test
    void everyMentionOfAnArticleListsAllItsTopicsWithTheMatcherSpansAndNoStopWordAlone() {
        track(topic("cecot", "\"Centro de Confinamiento del Terrorismo\" OR CECOT", 1));
        track(topic("bukele", "Bukele AND (reelección OR de)", 1));
        track(topic("pegasus", "Pegasus", 1));
        String body = "El gobierno de Bukele trasladó a los presos al Centro de Confinamiento del Terrorismo (CECOT), "
                + "la cárcel más grande de América, según datos de la Dirección de Centros Penales.";
        Article article = article("https://elfaro.net/es/cecot-traslado", "Traslado al CECOT", body);
        articles.pipeInput(article.id(), article, T0.plusSeconds(5));

        List<TestRecord<String, Mention>> out = mentions.readRecordsToList();
        assertThat(out).extracting(TestRecord::key).containsExactlyInAnyOrder("cecot", "bukele");
        for (TestRecord<String, Mention> r : out) {
            Mention m = r.value();
            assertThat(m.topicIds()).containsExactly("bukele", "cecot");
            assertThat(m.fetchedAt()).isEqualTo(article.fetchedAt());
            assertThat(m.matchedTopics()).extracting(MatchedTopic::topicName).containsExactly("BUKELE", "CECOT");
            for (MatchedTopic t : m.matchedTopics()) {
                for (Highlight h : t.highlights()) {
                    String text = h.field().equals("title") ? m.title() : m.snippet();
                    assertThat(text.substring(h.start(), h.end())).isNotIn("de", "del", "la");
                }
            }
        }
        Mention cecot = out.stream().filter(r -> r.key().equals("cecot")).findFirst().orElseThrow().value();
        // the phrase is one span, and the acronym right after it another: never the parenthesis between them
        assertThat(cecot.snippetHighlights()).extracting(h -> cecot.snippet().substring(h.start(), h.end()))
                .containsExactly("Centro de Confinamiento del Terrorismo", "CECOT");
        assertThat(cecot.highlights()).extracting(h -> h.field().equals("title")
                ? article.title().substring(h.start(), h.end()) : body.substring(h.start(), h.end()))
                .containsExactly("CECOT", "Centro de Confinamiento del Terrorismo", "CECOT");
        // the bukele mention's snippet shows bukele's word, and cecot's spans carried into it
        Mention bukele = out.stream().filter(r -> r.key().equals("bukele")).findFirst().orElseThrow().value();
        assertThat(bukele.snippetHighlights()).extracting(h -> bukele.snippet().substring(h.start(), h.end()))
                .containsExactly("Bukele");
        MatchedTopic cecotInBukele = bukele.matchedTopics().get(1);
        assertThat(cecotInBukele.highlights()).filteredOn(h -> h.field().equals("snippet"))
                .extracting(h -> bukele.snippet().substring(h.start(), h.end()))
                .containsExactly("Centro de Confinamiento del Terrorismo", "CECOT");
    }

    @Test
    void aChangedDefinitionAppliesFromTheNextArticleWithoutARestart() {
        track(topic("cecot", "CECOT", 1));
        Article first = article("https://elfaro.net/1", "CECOT", "Nota uno sobre el CECOT y Bukele.");
        articles.pipeInput(first.id(), first, T0);
        assertThat(mentions.readValuesToList()).extracting(Mention::topicVersion).containsExactly(1L);

        track(topic("cecot", "\"Centro de Confinamiento\"", 2));
        Article second = article("https://elfaro.net/2", "CECOT", "Nota dos: el CECOT otra vez.");
        Article third = article("https://elfaro.net/3", "Prisión", "El Centro de Confinamiento del Terrorismo.");
        articles.pipeInput(second.id(), second, T0.plusSeconds(1));
        articles.pipeInput(third.id(), third, T0.plusSeconds(2));
        assertThat(mentions.readValuesToList()).extracting(Mention::articleId, Mention::topicVersion)
                .containsExactly(tuple(third.id(), 2L));

        // a query that does not compile leaves version 2 in force
        track(topic("cecot", "\"unclosed", 3));
        articles.pipeInput(third.id(), third, T0.plusSeconds(3));
        assertThat(mentions.readValuesToList()).extracting(Mention::topicVersion).containsExactly(2L);
        assertThat(meters.counter("wirewatch.tagger.topic.definitions", "result", "rejected").count()).isEqualTo(1.0);

        track(Fixtures.disabled("cecot", "\"Centro de Confinamiento\"", 4));
        articles.pipeInput(third.id(), third, T0.plusSeconds(4));
        assertThat(mentions.isEmpty()).isTrue();

        track(topic("cecot", "Terrorismo", 5));
        topics.pipeInput("cecot", null, T0);
        articles.pipeInput(third.id(), third, T0.plusSeconds(5));
        assertThat(mentions.isEmpty()).isTrue();
    }

    @Test
    void aQueryNestedThousandsOfLevelsDeepIsRejectedAndTaggingGoesOn() {
        track(topic("bukele", "Bukele", 1));
        // written straight to the topic, as a client that bypasses the console's validation would
        track(topic("poison", "(".repeat(4000) + "cecot" + ")".repeat(4000), 1));
        track(topic("poison-nots", "bukele " + "-".repeat(9000) + "cecot", 1));
        track(topic("cecot", "CECOT", 1));
        Article article = article("https://elfaro.net/es/poison", "Bukele y el CECOT", "Nota sobre el CECOT.");
        articles.pipeInput(article.id(), article, T0.plusSeconds(1));

        assertThat(mentions.readRecordsToList()).extracting(TestRecord::key).containsExactlyInAnyOrder("bukele", "cecot");
        assertThat(meters.counter("wirewatch.tagger.topic.definitions", "result", "rejected").count()).isEqualTo(2.0);
    }

    @Test
    void nearDuplicatesShareAStoryAndOnlyTheFirstOfItIsFirstPerTopic() {
        track(topic("cecot", "CECOT", 1));
        track(topic("venezuela", "venezolanos", 1));
        Article wire = article("https://apnews.com/a1", "Deportados al CECOT", WIRE);
        Article copy = article("https://elfaro.net/copy", "Trasladan a 238 venezolanos al CECOT",
                WIRE.replace("SAN SALVADOR (AP) — ", ""));
        Article other = article("https://elfaro.net/other", "Otra historia del CECOT", otherText(7));
        articles.pipeInput(wire.id(), wire, T0);
        articles.pipeInput(copy.id(), copy, T0.plusSeconds(60));
        articles.pipeInput(other.id(), other, T0.plusSeconds(120));

        Map<String, List<Mention>> byArticle = mentions.readValuesToList().stream()
                .collect(Collectors.groupingBy(Mention::articleId));
        assertThat(byArticle.get(wire.id())).allSatisfy(m -> {
            assertThat(m.storyId()).isEqualTo(wire.id());
            assertThat(m.firstInStory()).isTrue();
        });
        assertThat(byArticle.get(copy.id())).hasSize(2).allSatisfy(m -> {
            assertThat(m.storyId()).isEqualTo(wire.id());
            assertThat(m.firstInStory()).isFalse();
        });
        assertThat(byArticle.get(other.id())).singleElement().satisfies(m -> {
            assertThat(m.storyId()).isEqualTo(other.id());
            assertThat(m.firstInStory()).isTrue();
        });
    }

    @Test
    void aRepublishedArticleKeepsItsStoryHoweverMuchItChanged() {
        track(topic("cecot", "CECOT", 1));
        Article v1 = article("https://elfaro.net/cecot", "CECOT", WIRE);
        Article v2 = new Article(v1.schemaVersion(), v1.id(), 2, v1.url(), v1.canonicalUrl(), v1.feedId(), v1.source(),
                v1.title(), null, otherText(3) + " CECOT", null, "es", T0, T0, "other");
        articles.pipeInput(v1.id(), v1, T0);
        articles.pipeInput(v2.id(), v2, T0.plusSeconds(3600));
        assertThat(mentions.readValuesToList()).extracting(Mention::articleVersion, Mention::storyId, Mention::firstInStory)
                .containsExactly(tuple(1, v1.id(), true),
                        tuple(2, v1.id(), false));
    }

    @Test
    void aStoryEndsAtTheHorizon() {
        track(topic("cecot", "CECOT", 1));
        Article wire = article("https://apnews.com/a1", "Deportados al CECOT", WIRE);
        Article late = article("https://elfaro.net/late", "El CECOT, cuatro días después", WIRE);
        articles.pipeInput(wire.id(), wire, T0);
        articles.pipeInput(late.id(), late, T0.plus(Duration.ofDays(4)));
        assertThat(mentions.readValuesToList()).extracting(Mention::storyId, Mention::firstInStory)
                .containsExactly(tuple(wire.id(), true),
                        tuple(late.id(), true));
    }

    @Test
    void countsMentionsAndStoriesPerWindowAndFlagsASpike() {
        track(topic("cecot", "CECOT", 1));
        // a quiet baseline: one story an hour over the previous 24 hours
        for (int h = 1; h <= 24; h++) {
            Article a = article("https://elfaro.net/base/" + h, "CECOT " + h, otherText(100 + h));
            articles.pipeInput(a.id(), a, T0.minus(Duration.ofHours(h)).plus(Duration.ofMinutes(30)));
        }
        // this hour: two stories of three copies each, at 10:05 and 10:06
        for (int i = 0; i < 3; i++) {
            Article x = article("https://x.example/" + i, "CECOT", WIRE);
            Article y = article("https://y.example/" + i, "CECOT", otherText(9));
            articles.pipeInput(x.id(), x, T0.plus(Duration.ofMinutes(5)));
            articles.pipeInput(y.id(), y, T0.plus(Duration.ofMinutes(6)));
        }
        assertThat(mentions.getQueueSize()).isEqualTo(30);
        driver.advanceWallClockTime(Duration.ofSeconds(1));

        Map<String, TopicStats> latest = stats.readValuesToList().stream()
                .collect(Collectors.toMap(s -> s.window() + "@" + s.windowStart(), s -> s, (a, b) -> b));
        TopicStats hour = latest.get("1h@" + T0);
        assertThat(hour.mentions()).isEqualTo(6);
        assertThat(hour.stories()).isEqualTo(2);
        assertThat(hour.windowEnd()).isEqualTo(T0.plus(Duration.ofHours(1)));
        assertThat(hour.spike()).isTrue();
        TopicStats previousHour = latest.get("1h@" + T0.minus(Duration.ofHours(1)));
        assertThat(previousHour.mentions()).isEqualTo(1);
        assertThat(previousHour.spike()).isFalse();
        TopicStats minute = latest.get("1m@" + T0.plus(Duration.ofMinutes(5)));
        assertThat(minute.mentions()).isEqualTo(3);
        assertThat(minute.stories()).isEqualTo(1);
        assertThat(minute.spike()).isTrue();
        TopicStats day = latest.get("1d@" + Instant.parse("2026-11-27T00:00:00Z"));
        assertThat(day.mentions()).isEqualTo(10 + 6);
        assertThat(day.stories()).isEqualTo(10 + 2);

        // nothing changed: nothing more is written
        driver.advanceWallClockTime(Duration.ofSeconds(1));
        assertThat(stats.isEmpty()).isTrue();
    }

    @Test
    void anUnreadableArticleIsCountedAsADeadLetterAndTaggingGoesOn() {
        // the dead-letter record itself is checked on a real broker (TaggerIT): this driver does not capture it
        track(topic("cecot", "CECOT", 1));
        rawArticles.pipeInput("bad-key", "{\"title\": \"CECOT\", \"version\": \"not a number\"", T0);
        Article good = article("https://elfaro.net/ok", "CECOT", "El CECOT.");
        articles.pipeInput(good.id(), good, T0.plusSeconds(1));

        assertThat(mentions.readValuesToList()).extracting(Mention::articleId).containsExactly(good.id());
        assertThat(meters.counter("wirewatch.dead.letters", "stage", "tagger").count()).isEqualTo(1.0);
        assertThat(meters.counter("wirewatch.tagger.errors", "kind", "deserialization").count()).isEqualTo(1.0);
    }

    /** A text of 80 random words from a small vocabulary: unrelated to any other seed's text. */
    static String otherText(int seed) {
        String[] words = {"gobierno", "ministro", "acuerdo", "elecciones", "congreso", "tribunal", "economía",
                "empresa", "mercado", "precios", "salud", "hospital", "escuela", "lluvia", "carretera", "puerto",
                "frontera", "policía", "fiscal", "juez", "alcalde", "ciudad", "campo", "cosecha", "energía"};
        SplittableRandom random = new SplittableRandom(seed);
        StringBuilder text = new StringBuilder("CECOT");
        for (int i = 0; i < 80; i++) {
            text.append(' ').append(words[random.nextInt(words.length)]);
        }
        return text.toString();
    }
}
