package dev.wirewatch.alerter.fanout;

import static dev.wirewatch.alerter.testing.Fixtures.NOW;
import static dev.wirewatch.alerter.testing.Fixtures.mention;
import static dev.wirewatch.alerter.testing.Fixtures.subscription;
import static org.assertj.core.api.Assertions.assertThat;

import dev.wirewatch.alerter.testing.Fixtures;
import dev.wirewatch.core.config.WirewatchConfig;
import dev.wirewatch.core.kafka.TopicNames;
import dev.wirewatch.core.kafka.Topics;
import dev.wirewatch.core.model.Alert;
import dev.wirewatch.core.model.Channel;
import dev.wirewatch.core.model.Mention;
import dev.wirewatch.core.model.Subscription;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The fan-out topology, driven through {@link TopologyTestDriver} with a controlled wall clock. */
class FanoutTopologyTest {

    private static final TopicNames NAMES = TopicNames.defaults();

    @TempDir
    Path state;

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private TopologyTestDriver driver;
    private TestInputTopic<String, Subscription> subscriptions;
    private TestInputTopic<String, Mention> mentions;
    private TestOutputTopic<String, Alert> alerts;
    private Instant clock;

    private void start(Instant wallClock) throws Exception {
        // the stage's own Streams settings: exactly-once, handlers and dead-letter topic
        Properties props = FanoutTopology.streamsProperties(WirewatchConfig.of(Map.of(
                "kafka.bootstrap-servers", "unused:9092", "data.dir", state.toString())), meters);
        assertThat(props.get(StreamsConfig.APPLICATION_ID_CONFIG)).isEqualTo("wirewatch.alerter-fanout");
        assertThat(props.get(StreamsConfig.PROCESSING_GUARANTEE_CONFIG)).isEqualTo(StreamsConfig.EXACTLY_ONCE_V2);
        FanoutTopology.Options options = new FanoutTopology.Options(NAMES, 3, Duration.ofDays(7), Duration.ofSeconds(1),
                Duration.ofMinutes(60), 200, meters);
        driver = new TopologyTestDriver(FanoutTopology.build(options), props, wallClock);
        clock = wallClock;
        subscriptions = driver.createInputTopic(NAMES.of(Topics.SUBSCRIPTIONS), Serdes.String().serializer(),
                Topics.SUBSCRIPTION_SERDE.serializer());
        mentions = driver.createInputTopic(NAMES.of(Topics.MENTIONS), Serdes.String().serializer(),
                Topics.MENTION_SERDE.serializer());
        alerts = driver.createOutputTopic(NAMES.of(Topics.ALERTS), Serdes.String().deserializer(),
                Topics.ALERT_SERDE.deserializer());
    }

    @AfterEach
    void close() {
        if (driver != null) {
            driver.close();
        }
    }

    private void subscribe(Subscription s) {
        subscriptions.pipeInput(s.id(), s, clock);
    }

    private void publish(Mention m) {
        mentions.pipeInput(m.topicId(), m, clock);
    }

    private void advance(Duration d) {
        clock = clock.plus(d);
        driver.advanceWallClockTime(d);
    }

    private List<KeyValue<String, Alert>> drain() {
        return alerts.readKeyValuesToList();
    }

    @Test
    void everyMentionReachesEachSubscriberOfItsTopicWhoseFiltersItPassesKeyedBySubscriptionId() throws Exception {
        start(NOW);
        subscribe(Fixtures.filtered("all", List.of("cecot"), List.of(), List.of()));
        subscribe(Fixtures.filtered("spanish", List.of("cecot"), List.of("es"), List.of()));
        subscribe(Fixtures.filtered("elfaro", List.of("cecot"), List.of(), List.of("elfaro.net")));
        subscribe(Fixtures.filtered("other-topic", List.of("pegasus"), List.of(), List.of()));
        subscribe(Fixtures.disabled(Fixtures.filtered("off", List.of("cecot"), List.of(), List.of())));

        publish(mention("cecot", "a1", "s1", "es", "elfaro.net"));
        List<KeyValue<String, Alert>> first = drain();
        assertThat(first).extracting(kv -> kv.key).containsExactlyInAnyOrder("all", "spanish", "elfaro");
        for (KeyValue<String, Alert> kv : first) {
            assertThat(kv.value.subscriptionId()).isEqualTo(kv.key);
            assertThat(kv.value.kind()).isEqualTo(Alert.REALTIME);
            assertThat(kv.value.mentions()).singleElement().extracting(Mention::storyId).isEqualTo("s1");
            assertThat(kv.value.id()).startsWith("al_");
        }

        publish(mention("cecot", "a2", "s2", "en", "nytimes.com"));
        assertThat(drain()).extracting(kv -> kv.key).containsExactly("all");
        publish(mention("cecot", "a3", "s3", "es-419", "www.noticias.elfaro.net"));
        assertThat(drain()).extracting(kv -> kv.key).containsExactlyInAnyOrder("all", "spanish", "elfaro");
    }

    @Test
    void subscriptionChangesApplyWhileRunning() throws Exception {
        start(NOW);
        Subscription desk = subscription("desk", List.of("bukele"), Fixtures.realtime("fold"), Channel.sse());
        subscribe(desk);
        publish(mention("cecot", "a1", "s1", "es", "elfaro.net"));
        assertThat(drain()).isEmpty();

        subscribe(subscription("desk", List.of("bukele", "cecot"), Fixtures.realtime("fold"), Channel.sse()));
        publish(mention("cecot", "a2", "s2", "es", "elfaro.net"));
        assertThat(drain()).extracting(kv -> kv.key).containsExactly("desk");

        subscribe(Fixtures.disabled(desk));
        publish(mention("bukele", "a3", "s3", "es", "elfaro.net"));
        assertThat(drain()).isEmpty();

        subscriptions.pipeInput("desk", null, clock);
        subscribe(subscription("new", List.of("bukele"), Fixtures.realtime("fold"), Channel.sse()));
        publish(mention("bukele", "a4", "s4", "es", "elfaro.net"));
        assertThat(drain()).extracting(kv -> kv.key).containsExactly("new");
    }

    @Test
    void aSubscriberGetsOneAlertPerStoryAndLaterCopiesFoldIntoTheNextDigest() throws Exception {
        start(NOW);
        subscribe(subscription("fold", List.of("cecot"), Fixtures.realtime("fold"), Channel.sse()));
        publish(mention("cecot", "wire-original", "story-1", "es", "elfaro.net"));
        List<KeyValue<String, Alert>> first = drain();
        assertThat(first).hasSize(1);

        publish(mention("cecot", "wire-copy-1", "story-1", "es", "laprensagrafica.com"));
        publish(mention("cecot", "wire-copy-2", "story-1", "es", "diario.elmundo.sv"));
        assertThat(drain()).isEmpty();

        advance(Duration.ofMinutes(56));
        List<KeyValue<String, Alert>> digest = drain();
        assertThat(digest).singleElement().satisfies(kv -> {
            assertThat(kv.value.kind()).isEqualTo(Alert.DIGEST);
            assertThat(kv.value.mentions()).extracting(Mention::source)
                    .containsExactly("laprensagrafica.com", "diario.elmundo.sv");
            assertThat(kv.value.note()).contains("2 further copies of stories you already have");
            assertThat(kv.value.id()).isNotEqualTo(first.get(0).value.id());
        });
        advance(Duration.ofHours(2));
        assertThat(drain()).isEmpty();
    }

    @Test
    void laterCopiesAreDroppedWhenTheSubscriberSaysSo() throws Exception {
        start(NOW);
        subscribe(subscription("drop", List.of("cecot"), Fixtures.realtime("drop"), Channel.sse()));
        publish(mention("cecot", "original", "story-1", "es", "elfaro.net"));
        publish(mention("cecot", "copy", "story-1", "es", "laprensagrafica.com"));
        assertThat(drain()).hasSize(1);
        advance(Duration.ofHours(3));
        assertThat(drain()).isEmpty();
        assertThat(meters.counter("wirewatch.alerter.fanout.dropped", "reason", "syndicated").count()).isEqualTo(1.0);
    }

    @Test
    void theSameArticleIsNeverAlertedTwiceEvenThroughTwoTopicsOrARetag() throws Exception {
        start(NOW);
        subscribe(subscription("both", List.of("cecot", "bukele"), Fixtures.realtime("fold"), Channel.sse()));
        Mention cecot = mention("cecot", "a1", "s1", "es", "elfaro.net");
        publish(cecot);
        publish(Fixtures.sameArticleOtherTopic(cecot, "bukele"));
        publish(cecot);
        assertThat(drain()).hasSize(1);
        advance(Duration.ofHours(2));
        assertThat(drain()).isEmpty();
        assertThat(meters.counter("wirewatch.alerter.fanout.dropped", "reason", "duplicate").count()).isEqualTo(2.0);
    }

    @Test
    void anArticleMatchingTwoTopicsMakesOneAlertPerSubscriptionNamingEachOfItsTopics() throws Exception {
        start(NOW);
        subscribe(subscription("both", List.of("bukele", "bukele-term-limits"), Fixtures.realtime("fold"),
                Channel.sse()));
        subscribe(subscription("bukele-only", List.of("bukele"), Fixtures.realtime("fold"), Channel.sse()));
        subscribe(subscription("limits-only", List.of("bukele-term-limits"), Fixtures.realtime("fold"), Channel.sse()));
        // the tagger writes the article's two mentions in one transaction; the fan-out reads them one by one
        List<Mention> pair = Fixtures.matchedTogether("reeleccion", "s1", List.of("bukele-term-limits", "bukele"));
        publish(pair.get(0));
        List<KeyValue<String, Alert>> afterFirst = drain();
        publish(pair.get(1));
        List<KeyValue<String, Alert>> afterSecond = drain();
        List<KeyValue<String, Alert>> all = new ArrayList<>(afterFirst);
        all.addAll(afterSecond);
        assertThat(all).extracting(kv -> kv.key).containsExactlyInAnyOrder("both", "bukele-only", "limits-only");
        Map<String, Mention> bySubscription = new HashMap<>();
        all.forEach(kv -> bySubscription.put(kv.key, kv.value.mentions().get(0)));
        assertThat(bySubscription.get("both").topicIds()).containsExactly("bukele", "bukele-term-limits");
        assertThat(bySubscription.get("both").topicId()).isEqualTo("bukele");
        assertThat(bySubscription.get("bukele-only").topicIds()).containsExactly("bukele");
        assertThat(bySubscription.get("limits-only").topicIds()).containsExactly("bukele-term-limits");
        // no waiting: the first mention read already alerted the subscribers whose first topic it is
        assertThat(afterFirst).extracting(kv -> kv.key).containsExactly("limits-only");
        assertThat(meters.counter("wirewatch.alerter.fanout.dropped", "reason", "duplicate").count()).isZero();
        // each real-time alert times its hops: publication, fetch and tagging to the alert
        for (String hop : List.of("published-to-alert", "fetched-to-alert", "tagged-to-alert")) {
            assertThat(meters.timer("wirewatch.alerter.freshness", "hop", hop).count()).as(hop).isEqualTo(3);
        }
        assertThat(bySubscription.get("both").fetchedAt()).isEqualTo(NOW.minusSeconds(5));
    }

    @Test
    void aDigestListsAnArticleOfTwoTopicsOnceWithBoth() throws Exception {
        start(NOW);
        subscribe(subscription("digest", List.of("cecot", "bukele"), Fixtures.everyMinutes(30), Channel.sse()));
        for (Mention m : Fixtures.matchedTogether("a1", "s1", List.of("cecot", "bukele"))) {
            publish(m);
        }
        publish(mention("cecot", "a2", "s2", "es", "elfaro.net"));
        advance(Duration.ofMinutes(31));
        assertThat(drain()).singleElement().satisfies(kv -> {
            assertThat(kv.value.kind()).isEqualTo(Alert.DIGEST);
            assertThat(kv.value.mentions()).hasSize(2);
            assertThat(kv.value.mentions().get(0).topicIds()).containsExactly("bukele", "cecot");
            assertThat(kv.value.mentions().get(1).topicIds()).containsExactly("cecot");
        });
    }

    @Test
    void aDigestEveryThirtyMinutesListsTheStoriesOfThatHalfHourOnce() throws Exception {
        start(NOW);
        subscribe(subscription("digest", List.of("cecot"), Fixtures.everyMinutes(30), Channel.sse()));
        publish(mention("cecot", "a1", "s1", "es", "elfaro.net"));
        publish(mention("cecot", "a2", "s2", "es", "elfaro.net"));
        publish(mention("cecot", "a3", "s1", "en", "apnews.com"));
        advance(Duration.ofMinutes(20));
        assertThat(drain()).isEmpty();

        advance(Duration.ofMinutes(6));
        List<KeyValue<String, Alert>> digests = drain();
        assertThat(digests).singleElement().satisfies(kv -> {
            assertThat(kv.value.kind()).isEqualTo(Alert.DIGEST);
            assertThat(kv.value.createdAt()).isAfterOrEqualTo(Instant.parse("2026-11-27T10:30:00Z"));
            assertThat(kv.value.mentions()).extracting(Mention::storyId).containsExactly("s1", "s2", "s1");
        });
        publish(mention("cecot", "a4", "s4", "es", "elfaro.net"));
        advance(Duration.ofMinutes(31));
        assertThat(drain()).singleElement().satisfies(kv -> assertThat(kv.value.mentions()).hasSize(1));
    }

    @Test
    void aDailyDigestGoesOutAtTheSubscribersLocalTime() throws Exception {
        // 06:00 in San Salvador (UTC-6)
        start(Instant.parse("2026-11-27T12:00:00Z"));
        subscribe(subscription("morning", List.of("cecot"), Fixtures.dailyAt(LocalTime.of(7, 30), "America/El_Salvador"),
                Channel.sse()));
        publish(mention("cecot", "a1", "s1", "es", "elfaro.net"));
        advance(Duration.ofMinutes(89));
        assertThat(drain()).isEmpty();
        advance(Duration.ofMinutes(2));
        assertThat(drain()).singleElement().satisfies(kv -> {
            assertThat(kv.value.kind()).isEqualTo(Alert.DIGEST);
            assertThat(kv.value.createdAt()).isAfterOrEqualTo(Instant.parse("2026-11-27T13:30:00Z"));
        });
    }

    @Test
    void overTheHourlyBudgetStoriesRollIntoADigestWithANote() throws Exception {
        start(NOW);
        subscribe(subscription("budget", List.of("cecot"), Fixtures.budget(2), Channel.sse()));
        for (int i = 1; i <= 5; i++) {
            publish(mention("cecot", "a" + i, "s" + i, "es", "elfaro.net"));
        }
        assertThat(drain()).hasSize(2).allSatisfy(kv -> assertThat(kv.value.kind()).isEqualTo(Alert.REALTIME));
        advance(Duration.ofMinutes(59));
        assertThat(drain()).isEmpty();
        advance(Duration.ofMinutes(2));
        assertThat(drain()).singleElement().satisfies(kv -> {
            assertThat(kv.value.kind()).isEqualTo(Alert.DIGEST);
            assertThat(kv.value.mentions()).extracting(Mention::storyId).containsExactly("s3", "s4", "s5");
            assertThat(kv.value.note()).contains("Hourly budget of 2 alerts reached: 3 further stories");
        });
        // a new hour, a new budget
        publish(mention("cecot", "a6", "s6", "es", "elfaro.net"));
        assertThat(drain()).singleElement().satisfies(kv -> assertThat(kv.value.kind()).isEqualTo(Alert.REALTIME));
    }

    @Test
    void duringQuietHoursStoriesAreHeldAndSentWhenTheyEnd() throws Exception {
        // 22:30 in Madrid (UTC+1 in November)
        start(Instant.parse("2026-11-27T21:30:00Z"));
        subscribe(subscription("night", List.of("cecot"), Fixtures.quiet(LocalTime.of(22, 0), LocalTime.of(7, 0),
                "Europe/Madrid"), Channel.sse()));
        publish(mention("cecot", "a1", "s1", "es", "elfaro.net"));
        publish(mention("cecot", "a2", "s2", "es", "elfaro.net"));
        advance(Duration.ofHours(8));
        assertThat(drain()).isEmpty();
        advance(Duration.ofMinutes(31));
        assertThat(drain()).singleElement().satisfies(kv -> {
            assertThat(kv.value.kind()).isEqualTo(Alert.DIGEST);
            assertThat(kv.value.createdAt()).isAfterOrEqualTo(Instant.parse("2026-11-28T06:00:00Z"));
            assertThat(kv.value.mentions()).hasSize(2);
            assertThat(kv.value.note()).contains("2 stories were held during quiet hours (22:00-07:00 Europe/Madrid)");
        });
        publish(mention("cecot", "a3", "s3", "es", "elfaro.net"));
        assertThat(drain()).singleElement().satisfies(kv -> assertThat(kv.value.kind()).isEqualTo(Alert.REALTIME));
    }

    @Test
    void aDigestDueInQuietHoursWaitsForTheirEnd() throws Exception {
        start(Instant.parse("2026-11-27T21:50:00Z"));
        subscribe(subscription("quiet-digest", List.of("cecot"),
                new dev.wirewatch.core.model.DeliveryMode("digest", 60, null, "UTC", null, LocalTime.of(22, 0),
                        LocalTime.of(6, 0), "fold"), Channel.sse()));
        publish(mention("cecot", "a1", "s1", "es", "elfaro.net"));
        advance(Duration.ofHours(4));
        assertThat(drain()).isEmpty();
        advance(Duration.ofHours(5));
        assertThat(drain()).singleElement().satisfies(kv ->
                assertThat(kv.value.createdAt()).isAfterOrEqualTo(Instant.parse("2026-11-28T06:00:00Z")));
    }

    @Test
    void aDigestForADeletedSubscriptionIsDropped() throws Exception {
        start(NOW);
        subscribe(subscription("gone", List.of("cecot"), Fixtures.everyMinutes(30), Channel.sse()));
        publish(mention("cecot", "a1", "s1", "es", "elfaro.net"));
        subscriptions.pipeInput("gone", null, clock);
        advance(Duration.ofHours(1));
        assertThat(drain()).isEmpty();
    }

    @Test
    void alertIdsAreStableForTheSameSubscriberAndArticle() {
        assertThat(AlertIds.realtime("desk", "article")).isEqualTo(AlertIds.realtime("desk", "article"))
                .isNotEqualTo(AlertIds.realtime("desk", "other")).isNotEqualTo(AlertIds.realtime("other", "article"));
    }

    @Test
    void anUnreadableMentionGoesToTheDeadLetterTopicAndTheFanOutCarriesOn() throws Exception {
        start(NOW);
        subscribe(subscription("desk", List.of("cecot"), Fixtures.realtime("fold"), Channel.sse()));
        TestInputTopic<String, byte[]> raw = driver.createInputTopic(NAMES.of(Topics.MENTIONS),
                Serdes.String().serializer(), Serdes.ByteArray().serializer());
        raw.pipeInput("cecot", "{\"topicId\": \"cecot\", \"articleId\": ".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        publish(mention("cecot", "a1", "s1", "es", "elfaro.net"));
        assertThat(drain()).hasSize(1);
        assertThat(meters.counter("wirewatch.alerter.fanout.errors", "kind", "deserialization").count()).isEqualTo(1.0);
    }
}
