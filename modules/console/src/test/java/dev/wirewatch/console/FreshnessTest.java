package dev.wirewatch.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wirewatch.core.model.Alert;
import dev.wirewatch.core.model.MatchedTopic;
import dev.wirewatch.core.model.Mention;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class FreshnessTest {

    private static final Instant NOW = Instant.parse("2026-11-27T12:00:00Z");

    private static Mention mention(String article, List<String> topics, String feed, Instant published) {
        List<MatchedTopic> matched = topics.stream().map(t -> new MatchedTopic(t, t, List.of(), List.of())).toList();
        return new Mention(1, null, topics.get(0), 1, topics.get(0), article, 1, "https://x.org/" + article, "t",
                "x.org", "es", published, published, "s-" + article, true, List.of(), "", List.of(), published,
                matched, List.of(), feed);
    }

    private static Alert alert(String subscription, String kind, Instant at, Mention m) {
        return new Alert(1, "al_" + subscription + m.articleId(), subscription, kind, List.of(m), at, null);
    }

    @Test
    void delaysArePerTopicAndFeedCountedOncePerArticleOverTheHourAndTheDay() {
        Freshness f = new Freshness();
        // ten articles of the last hour on feed A, published 1..10 s before their alert
        for (int i = 1; i <= 10; i++) {
            Instant at = NOW.minus(Duration.ofMinutes(i));
            Mention m = mention("a" + i, List.of("bukele", "cecot"), "feed-a", at.minusSeconds(i));
            f.onAlert(alert("desk-1", Alert.REALTIME, at, m));
            // the same article to a second desk, later: not counted again
            f.onAlert(alert("desk-2", Alert.REALTIME, at.plusSeconds(30), m));
        }
        // one article of five hours ago on feed B, 100 s late; one digest, left out
        Instant old = NOW.minus(Duration.ofHours(5));
        f.onAlert(alert("desk-1", Alert.REALTIME, old, mention("b1", List.of("cecot"), "feed-b", old.minusSeconds(100))));
        f.onAlert(alert("desk-1", Alert.DIGEST, NOW, mention("c1", List.of("cecot"), "feed-b", NOW.minusSeconds(900))));
        // older than a day: gone
        Instant ancient = NOW.minus(Duration.ofDays(2));
        f.onAlert(alert("desk-1", Alert.REALTIME, ancient, mention("z", List.of("cecot"), "feed-z", ancient)));

        List<Freshness.Window> windows = f.windows(NOW);
        Freshness.Window hour = windows.get(0);
        assertThat(hour.window()).isEqualTo("1h");
        assertThat(hour.all()).isEqualTo(new Freshness.Delays("all", 20, 5000, 9000));
        assertThat(hour.byTopic()).containsExactly(new Freshness.Delays("bukele", 10, 5000, 9000),
                new Freshness.Delays("cecot", 10, 5000, 9000));
        assertThat(hour.byFeed()).containsExactly(new Freshness.Delays("feed-a", 20, 5000, 9000));
        Freshness.Window day = windows.get(1);
        assertThat(day.byTopic()).containsExactly(new Freshness.Delays("bukele", 10, 5000, 9000),
                new Freshness.Delays("cecot", 11, 6000, 10000));
        assertThat(day.byFeed()).extracting(Freshness.Delays::key).containsExactly("feed-a", "feed-b");
    }
}
