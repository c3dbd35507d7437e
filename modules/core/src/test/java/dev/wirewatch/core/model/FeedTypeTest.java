package dev.wirewatch.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wirewatch.core.kafka.Topics;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A feed's type, given or detected, and the records written before it existed. */
class FeedTypeTest {

    @Test
    void theTypeIsDetectedFromTheUrlWhenNoneIsGiven() {
        assertThat(Feed.of("a", "https://news.example.org/feeds/world.rss").typeOrDetected()).isEqualTo(Feed.FEED);
        assertThat(Feed.of("a", "https://news.example.org/sitemap-news.xml").typeOrDetected()).isEqualTo(Feed.SITEMAP);
        assertThat(Feed.of("a", "https://news.example.org/news/2026-12.xml.gz").typeOrDetected()).isEqualTo(Feed.SITEMAP);
        assertThat(Feed.of("a", "https://news.example.org/").typeOrDetected()).isEqualTo(Feed.SITE);
        assertThat(Feed.of("a", "https://news.example.org").typeOrDetected()).isEqualTo(Feed.SITE);
        assertThat(Feed.of("a", "https://news.example.org/?format=rss").typeOrDetected()).isEqualTo(Feed.FEED);
        Feed given = new Feed(1, "a", "https://news.example.org/", null, null, List.of(), null, true, Instant.now(), Feed.FEED, null);
        assertThat(given.typeOrDetected()).isEqualTo(Feed.FEED);
    }

    @Test
    void anUnknownTypeIsRefused() {
        assertThatThrownBy(() -> new Feed(1, "a", "https://x.example/", null, null, List.of(), null, true, Instant.now(), "podcast", null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("podcast");
    }

    @Test
    void aRecordWrittenBeforeTypesReadsAsBefore() {
        Feed old = Topics.FEED_SERDE.fromBytes("{\"schemaVersion\":1,\"id\":\"a\",\"url\":\"https://x.example/feed\"}"
                .getBytes(java.nio.charset.StandardCharsets.UTF_8));
        assertThat(old.type()).isNull();
        assertThat(old.crawlPermitted()).isFalse();
        Feed typed = new Feed(1, "a", "https://x.example/", null, null, List.of(), null, true, null, Feed.SITEMAP, true);
        String json = new String(Topics.FEED_SERDE.toBytes(typed), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(json).contains("\"type\":\"sitemap\"").contains("\"ignoreRobots\":true").doesNotContain("typeOrDetected");
        assertThat(Topics.FEED_SERDE.fromBytes(json.getBytes(java.nio.charset.StandardCharsets.UTF_8))).isEqualTo(typed);
    }
}
