package dev.wirewatch.collector;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wirewatch.core.model.Article;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Dedup decisions: new, same, changed; claims; what Kafka tells; forgetting beyond the capacity. */
class SeenArticlesTest {

    private final SeenArticles seen = new SeenArticles(1_000);

    @Test
    void anItemIsNewOnceThenTheSameUntilTheFeedShowsItDifferently() {
        SeenArticles.Decision first = seen.claim("id1", "f1");
        assertThat(first.kind()).isEqualTo(SeenArticles.Kind.NEW);
        // a second poll that finds it while the first one works on it leaves it alone
        assertThat(seen.claim("id1", "f1").kind()).isEqualTo(SeenArticles.Kind.SAME);
        seen.published("id1", 1, "h1", "f1");
        assertThat(seen.claim("id1", "f1").kind()).isEqualTo(SeenArticles.Kind.SAME);
        SeenArticles.Decision changed = seen.claim("id1", "f2");
        assertThat(changed.kind()).isEqualTo(SeenArticles.Kind.CHANGED);
        assertThat(changed.previous().version()).isEqualTo(1);
        seen.unchanged("id1", changed, "f2");
        assertThat(seen.claim("id1", "f2").kind()).isEqualTo(SeenArticles.Kind.SAME);
    }

    @Test
    void aReleasedClaimIsTriedAgain() {
        SeenArticles.Decision first = seen.claim("id2", "f1");
        seen.release("id2", first);
        assertThat(seen.claim("id2", "f1").kind()).isEqualTo(SeenArticles.Kind.NEW);
    }

    @Test
    void articlesReadBackFromKafkaAreNotPublishedAgain() {
        seen.remember(new Article(1, "id3", 2, "https://x/a", "https://x/a", "feed", "x", "t", null, "b", null, "en",
                Instant.now(), Instant.now(), "h"));
        SeenArticles.Decision decision = seen.claim("id3", "anything");
        assertThat(decision.kind()).isEqualTo(SeenArticles.Kind.SAME);
        SeenArticles.Decision edited = seen.claim("id3", "edited");
        assertThat(edited.kind()).isEqualTo(SeenArticles.Kind.CHANGED);
        assertThat(edited.previous().version()).isEqualTo(2);
    }

    @Test
    void theLeastRecentlySeenAreForgottenBeyondTheCapacity() {
        SeenArticles small = new SeenArticles(3);
        for (int i = 0; i < 5; i++) {
            small.published("id" + i, 1, "h", "f");
        }
        assertThat(small.size()).isEqualTo(3);
        assertThat(small.claim("id0", "f").kind()).isEqualTo(SeenArticles.Kind.NEW);
        assertThat(small.claim("id4", "f").kind()).isEqualTo(SeenArticles.Kind.SAME);
    }
}
