package dev.wirewatch.core.kafka;

import dev.wirewatch.core.model.Alert;
import dev.wirewatch.core.model.ApiKey;
import dev.wirewatch.core.model.Article;
import dev.wirewatch.core.model.DeliveryAttempt;
import dev.wirewatch.core.model.Feed;
import dev.wirewatch.core.model.FeedHealth;
import dev.wirewatch.core.model.Mention;
import dev.wirewatch.core.model.PendingDelivery;
import dev.wirewatch.core.model.Subscription;
import dev.wirewatch.core.model.TopicStats;
import dev.wirewatch.core.model.TrackedTopic;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/**
 * The typed registry of Wirewatch's Kafka topics: the only place a topic's name, serdes and retention are written.
 *
 * <p>Names are built with a prefix from configuration ({@code kafka.topic-prefix}, default {@code wirewatch.}):
 * use {@link TopicSpec#name(String)} or {@link TopicNames}.
 */
public final class Topics {

    /** The default prefix of every topic name. */
    public static final String DEFAULT_PREFIX = "wirewatch.";

    private static final Serde<String> KEYS = Serdes.String();

    public static final JsonSerde<Feed> FEED_SERDE = new JsonSerde<>(Feed.class);
    public static final JsonSerde<Article> ARTICLE_SERDE = new JsonSerde<>(Article.class);
    public static final JsonSerde<TrackedTopic> TRACKED_TOPIC_SERDE = new JsonSerde<>(TrackedTopic.class);
    public static final JsonSerde<Mention> MENTION_SERDE = new JsonSerde<>(Mention.class);
    public static final JsonSerde<TopicStats> TOPIC_STATS_SERDE = new JsonSerde<>(TopicStats.class);
    public static final JsonSerde<Subscription> SUBSCRIPTION_SERDE = new JsonSerde<>(Subscription.class);
    public static final JsonSerde<Alert> ALERT_SERDE = new JsonSerde<>(Alert.class);
    public static final JsonSerde<DeliveryAttempt> DELIVERY_SERDE = new JsonSerde<>(DeliveryAttempt.class);
    public static final JsonSerde<FeedHealth> FEED_HEALTH_SERDE = new JsonSerde<>(FeedHealth.class);
    public static final JsonSerde<ApiKey> API_KEY_SERDE = new JsonSerde<>(ApiKey.class);
    public static final JsonSerde<PendingDelivery> PENDING_DELIVERY_SERDE = new JsonSerde<>(PendingDelivery.class);
    public static final JsonSerde<dev.wirewatch.core.model.WebSubPush> WEBSUB_PUSH_SERDE =
            new JsonSerde<>(dev.wirewatch.core.model.WebSubPush.class);

    public static final TopicSpec<String, Feed> FEEDS =
            new TopicSpec<>("feeds", KEYS, FEED_SERDE, 6, true, null);
    public static final TopicSpec<String, Article> ARTICLES =
            new TopicSpec<>("articles", KEYS, ARTICLE_SERDE, 6, false, Duration.ofDays(30));
    public static final TopicSpec<String, TrackedTopic> TRACKED_TOPICS =
            new TopicSpec<>("tracked-topics", KEYS, TRACKED_TOPIC_SERDE, 1, true, null);
    public static final TopicSpec<String, Mention> MENTIONS =
            new TopicSpec<>("mentions", KEYS, MENTION_SERDE, 6, false, Duration.ofDays(30));
    public static final TopicSpec<String, TopicStats> TOPIC_STATS =
            new TopicSpec<>("topic-stats", KEYS, TOPIC_STATS_SERDE, 6, false, Duration.ofDays(7));
    public static final TopicSpec<String, Subscription> SUBSCRIPTIONS =
            new TopicSpec<>("subscriptions", KEYS, SUBSCRIPTION_SERDE, 1, true, null);
    public static final TopicSpec<String, Alert> ALERTS =
            new TopicSpec<>("alerts", KEYS, ALERT_SERDE, 6, false, Duration.ofDays(7));
    public static final TopicSpec<String, DeliveryAttempt> DELIVERIES =
            new TopicSpec<>("deliveries", KEYS, DELIVERY_SERDE, 6, false, Duration.ofDays(14));

    /** Feed health as collectors see it, for the console (an addition to DESIGN.md's list). */
    public static final TopicSpec<String, FeedHealth> FEED_HEALTH =
            new TopicSpec<>("feed-health", KEYS, FEED_HEALTH_SERDE, 1, true, null);
    /** The console's API keys, hashed (an addition to DESIGN.md's list). */
    public static final TopicSpec<String, ApiKey> API_KEYS =
            new TopicSpec<>("api-keys", KEYS, API_KEY_SERDE, 1, true, null);

    /**
     * The alerter's pending retries, keyed by alert id; compacted, a tombstone when an alert is settled (an addition
     * to DESIGN.md's list).
     */
    public static final TopicSpec<String, PendingDelivery> DELIVERY_RETRIES =
            new TopicSpec<>("delivery-retries", KEYS, PENDING_DELIVERY_SERDE, 6, true, null);

    /**
     * WebSub pushes that a collector received and verified for a feed another collector polls, keyed by feed id; every
     * collector reads them all and the one that polls the feed publishes it (an addition to DESIGN.md's list).
     */
    public static final TopicSpec<String, dev.wirewatch.core.model.WebSubPush> WEBSUB_PUSHES =
            new TopicSpec<>("websub-pushes", KEYS, WEBSUB_PUSH_SERDE, 1, false, Duration.ofHours(1));

    private static final List<TopicSpec<?, ?>> ALL = List.of(FEEDS, ARTICLES, TRACKED_TOPICS, MENTIONS, TOPIC_STATS,
            SUBSCRIPTIONS, ALERTS, DELIVERIES, FEED_HEALTH, API_KEYS, DELIVERY_RETRIES, WEBSUB_PUSHES);

    private Topics() {
    }

    /** Every topic of the pipeline, in data-flow order (dead-letter topics excluded: see {@link #deadLetters}). */
    public static List<TopicSpec<?, ?>> all() {
        return ALL;
    }

    /**
     * The dead-letter topic of one stage ({@code wirewatch.dlq.<stage>}): records keep their original key and
     * bytes, with error headers. Kept 30 days.
     */
    public static TopicSpec<byte[], byte[]> deadLetters(String stage) {
        return new TopicSpec<>("dlq." + stage, Serdes.ByteArray(), Serdes.ByteArray(), 1, false, Duration.ofDays(30));
    }

    /** The stages that own a dead-letter topic. */
    public static List<String> stages() {
        return List.of("collector", "tagger", "alerter", "console");
    }
}
