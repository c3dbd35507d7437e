package dev.wirewatch.alerter.testing;

import dev.wirewatch.core.model.Alert;
import dev.wirewatch.core.model.ArticleIds;
import dev.wirewatch.core.model.Channel;
import dev.wirewatch.core.secrets.ChannelSecrets;
import dev.wirewatch.core.secrets.SecretKeys;
import dev.wirewatch.core.model.DeliveryMode;
import dev.wirewatch.core.model.Highlight;
import dev.wirewatch.core.model.Mention;
import dev.wirewatch.core.model.Subscription;
import java.time.Instant;
import java.time.LocalTime;
import java.util.List;

/** Mentions, subscriptions and alerts for tests, shaped like those of the demo (CECOT, Bukele, El Faro). */
public final class Fixtures {

    /** The key that seals secrets in tests (the {@code secrets.key} setting). */
    public static final String SECRETS_KEY = SecretKeys.newKey("test1");
    /** Seals and opens channel secrets under {@link #SECRETS_KEY}. */
    public static final ChannelSecrets SECRETS = new ChannelSecrets(SecretKeys.of(SECRETS_KEY, List.of()));

    public static final Instant NOW = Instant.parse("2026-11-27T10:05:00Z");

    private Fixtures() {
    }

    /** A mention of a topic in one article of one story, published by {@code source}. */
    public static Mention mention(String topicId, String article, String story, String language, String source) {
        String url = "https://www." + source + "/2026/11/" + article;
        String title = "Deportados al CECOT: " + article;
        return new Mention(Mention.SCHEMA_VERSION, null, topicId, 1, topicId.toUpperCase(java.util.Locale.ROOT),
                ArticleIds.idFor(url), 1, url, title, source, language, NOW, NOW, story, true,
                List.of(new Highlight("title", 14, 19)),
                "\u2026el Centro de Confinamiento del Terrorismo (CECOT) recibi\u00f3 a 238 venezolanos\u2026",
                List.of("CECOT", "\"Centro de Confinamiento del Terrorismo\""));
    }

    /** The same article, as re-tagged for another topic. */
    public static Mention sameArticleOtherTopic(Mention mention, String topicId) {
        return new Mention(mention.schemaVersion(), null, topicId, 1, topicId, mention.articleId(),
                mention.articleVersion() + 1, mention.url(), mention.title(), mention.source(), mention.language(),
                mention.publishedAt(), mention.taggedAt(), mention.storyId(), mention.firstInStory(),
                mention.highlights(), mention.snippet(), mention.matchedClauses());
    }

    public static Subscription subscription(String id, List<String> topics, DeliveryMode mode, Channel channel) {
        return new Subscription(Subscription.SCHEMA_VERSION, id, id + " desk", "latam", topics, List.of(), List.of(), mode,
                channel, true, "owner-" + id + "@example.org", NOW);
    }

    public static Subscription filtered(String id, List<String> topics, List<String> languages, List<String> sources) {
        return new Subscription(Subscription.SCHEMA_VERSION, id, id + " desk", "latam", topics, languages, sources,
                DeliveryMode.realtime(), Channel.sse(), true, null, NOW);
    }

    public static Subscription disabled(Subscription s) {
        return new Subscription(s.schemaVersion(), s.id(), s.name(), s.desk(), s.topics(), s.languages(), s.sources(),
                s.mode(), s.channel(), false, s.ownerEmail(), s.updatedAt());
    }

    public static DeliveryMode realtime(String syndicated) {
        return new DeliveryMode(DeliveryMode.REALTIME, null, null, "UTC", null, null, null, syndicated);
    }

    public static DeliveryMode everyMinutes(int minutes) {
        return new DeliveryMode(DeliveryMode.DIGEST, minutes, null, "UTC", null, null, null, "fold");
    }

    public static DeliveryMode dailyAt(LocalTime at, String zone) {
        return new DeliveryMode(DeliveryMode.DIGEST, null, at, zone, null, null, null, "fold");
    }

    public static DeliveryMode budget(int perHour) {
        return new DeliveryMode(DeliveryMode.REALTIME, null, null, "UTC", perHour, null, null, "fold");
    }

    public static DeliveryMode quiet(LocalTime from, LocalTime until, String zone) {
        return new DeliveryMode(DeliveryMode.REALTIME, null, null, zone, null, from, until, "fold");
    }

    /** A real-time alert for a subscription. */
    public static Alert alert(String id, String subscriptionId, Mention mention) {
        return new Alert(Alert.SCHEMA_VERSION, id, subscriptionId, Alert.REALTIME, List.of(mention), Instant.now(), null);
    }
}
