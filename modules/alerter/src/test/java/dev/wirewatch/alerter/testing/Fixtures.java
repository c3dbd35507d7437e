package dev.wirewatch.alerter.testing;

import dev.wirewatch.core.model.Alert;
import dev.wirewatch.core.model.ArticleIds;
import dev.wirewatch.core.model.Channel;
import dev.wirewatch.core.secrets.ChannelSecrets;
import dev.wirewatch.core.secrets.SecretKeys;
import dev.wirewatch.core.model.DeliveryMode;
import dev.wirewatch.core.model.Highlight;
import dev.wirewatch.core.model.MatchedTopic;
import dev.wirewatch.core.model.Mention;
import dev.wirewatch.core.model.Subscription;
import java.time.Instant;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

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
        return new Mention(Mention.SCHEMA_VERSION, null, topicId, 1, topicId.toUpperCase(Locale.ROOT),
                ArticleIds.idFor(url), 1, url, title, source, language, NOW, NOW, story, true,
                List.of(new Highlight("title", 14, 19)),
                "\u2026el Centro de Confinamiento del Terrorismo (CECOT) recibi\u00f3 a 238 venezolanos\u2026",
                List.of("CECOT", "\"Centro de Confinamiento del Terrorismo\""), NOW.minusSeconds(5), null,
                List.of(new Highlight("snippet", 4, 42), new Highlight("snippet", 44, 49)), "feed-" + source);
    }

    /**
     * The mentions of one article that matched several topics, as the tagger writes them: one per topic, each
     * listing every topic (the first topic's spans are the phrase and the acronym, the others' only the acronym).
     */
    public static List<Mention> matchedTogether(String article, String story, List<String> topics) {
        Mention base = mention(topics.get(0), article, story, "es", "elfaro.net");
        List<MatchedTopic> all = new ArrayList<>();
        for (String topic : topics.stream().sorted().toList()) {
            List<Highlight> spans = topic.equals(topics.get(0))
                    ? List.of(new Highlight("title", 14, 19), new Highlight("snippet", 4, 42))
                    : List.of(new Highlight("snippet", 44, 49));
            all.add(new MatchedTopic(topic, topic.toUpperCase(Locale.ROOT), spans, List.of(topic)));
        }
        List<Mention> out = new ArrayList<>();
        for (String topic : topics) {
            out.add(new Mention(base.schemaVersion(), null, topic, 1, topic.toUpperCase(Locale.ROOT), base.articleId(),
                    1, base.url(), base.title(), base.source(), base.language(), base.publishedAt(), base.taggedAt(),
                    base.storyId(), true, base.highlights(), base.snippet(), List.of(topic), base.fetchedAt(), all,
                    base.snippetHighlights(), base.feedId()));
        }
        return out;
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
