package dev.wirewatch.core.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wirewatch.core.model.FeedHealth;
import dev.wirewatch.core.model.Subscription;
import dev.wirewatch.core.model.TrackedTopic;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

class JsonSerdeTest {

    @Test
    void unknownFieldsAreIgnoredAndDefaultsFilled() {
        byte[] json = """
                {"id": "cecot", "query": "CECOT", "addedInVersion9": {"x": 1}, "version": 4}
                """.getBytes(StandardCharsets.UTF_8);
        TrackedTopic topic = Topics.TRACKED_TOPIC_SERDE.fromBytes(json);
        assertThat(topic.id()).isEqualTo("cecot");
        assertThat(topic.name()).isEqualTo("cecot");
        assertThat(topic.version()).isEqualTo(4);
        assertThat(topic.schemaVersion()).isEqualTo(TrackedTopic.SCHEMA_VERSION);
    }

    @Test
    void theDesignDocumentsSubscriptionBodyReads() {
        byte[] json = """
                {"id": "latam-desk", "name": "LatAm desk", "topics": ["cecot"], "mode": "realtime",
                 "channel": {"type": "webhook", "url": "https://hooks.example.org/x", "secret": "whsec_abc"}}
                """.getBytes(StandardCharsets.UTF_8);
        Subscription subscription = Topics.SUBSCRIPTION_SERDE.fromBytes(json);
        assertThat(subscription.mode().type()).isEqualTo("realtime");
        assertThat(subscription.channel().secret()).isEqualTo("whsec_abc");
        assertThat(subscription.topics()).containsExactly("cecot");
        assertThat(subscription.enabled()).as("a definition without enabled is enabled").isTrue();
    }

    @Test
    void aFeedHealthFromAnOlderCollectorReadsWithoutPollsModeOrPushAndANewOneKeepsThem() {
        byte[] old = """
                {"schemaVersion": 1, "feedId": "elfaro", "url": "https://elfaro.net/feed", "state": "ok",
                 "consecutiveFailures": 0, "itemsPerDay": 12.5, "articlesPublished": 7}
                """.getBytes(StandardCharsets.UTF_8);
        FeedHealth read = Topics.FEED_HEALTH_SERDE.fromBytes(old);
        assertThat(read.state()).isEqualTo(FeedHealth.OK);
        assertThat(read.articlesPublished()).isEqualTo(7);
        assertThat(read.polls()).isZero();
        assertThat(read.mode()).isNull();
        assertThat(read.lastPushAt()).isNull();

        Instant at = Instant.parse("2026-12-04T19:00:00.123Z");
        FeedHealth pushed = new FeedHealth(1, "elfaro", "https://elfaro.net/feed", FeedHealth.OK, at, at, 0, null, 200,
                12.54, at, at.plusSeconds(1800), 9, 3, FeedHealth.PUSH, at.plusSeconds(5));
        FeedHealth back = Topics.FEED_HEALTH_SERDE.fromBytes(Topics.FEED_HEALTH_SERDE.toBytes(pushed.rounded()));
        assertThat(back).isEqualTo(new FeedHealth(1, "elfaro", "https://elfaro.net/feed", FeedHealth.OK, at, at, 0, null,
                200, 12.5, at, at.plusSeconds(1800), 9, 3, FeedHealth.PUSH, at.plusSeconds(5)));
    }

    @Test
    void nullIsATombstoneAndGarbageIsASerializationError() {
        assertThat(Topics.FEED_SERDE.fromBytes(null)).isNull();
        assertThat(Topics.FEED_SERDE.toBytes(null)).isNull();
        assertThatThrownBy(() -> Topics.FEED_SERDE.fromBytes(new byte[] {(byte) 0xff, 0x00, 0x7b}))
                .isInstanceOf(SerializationException.class).hasMessageContaining("Failed to read Feed");
        assertThatThrownBy(() -> Topics.FEED_SERDE.fromBytes("{\"url\": \"x\"}".getBytes(StandardCharsets.UTF_8)))
                .as("a feed without an id").isInstanceOf(SerializationException.class);
    }

    @Test
    void everyRegistryTopicHasAUniqueName() {
        assertThat(Topics.all().stream().map(TopicSpec::suffix)).doesNotHaveDuplicates();
        TopicNames names = TopicNames.defaults();
        assertThat(names.of(Topics.ARTICLES)).isEqualTo("wirewatch.articles");
        assertThat(names.deadLetters("tagger")).isEqualTo("wirewatch.dlq.tagger");
        assertThat(new TopicNames("x.", (short) 1, 12).partitions(Topics.ARTICLES)).isEqualTo(12);
        assertThat(new TopicNames("x.", (short) 1, 12).partitions(Topics.TRACKED_TOPICS)).isEqualTo(1);
    }
}
