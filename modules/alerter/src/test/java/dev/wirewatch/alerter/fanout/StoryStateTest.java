package dev.wirewatch.alerter.fanout;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class StoryStateTest {

    @Test
    void remembersWhichSubscriberSawWhichArticleAcrossEncoding() {
        StoryState state = StoryState.empty();
        state.markSeen("latam desk|a=b;c", "a1");
        state.markSeen("bukele", "a2");
        StoryState read = StoryState.decode(state.encode());
        assertThat(read.seenStory("latam desk|a=b;c")).isTrue();
        assertThat(read.seenArticle("latam desk|a=b;c", "a1")).isTrue();
        assertThat(read.seenArticle("latam desk|a=b;c", "a2")).isFalse();
        assertThat(read.seenArticle("bukele", "a2")).isTrue();
        assertThat(read.seenStory("other")).isFalse();
    }

    @Test
    void mergingEntriesWrittenAtDifferentTimesUnitesThem() {
        StoryState early = StoryState.empty();
        early.markSeen("s1", "a1");
        StoryState late = StoryState.empty();
        late.markSeen("s2", "a2");
        late.markSeen("s1", "a2");
        StoryState merged = StoryState.decode(early.encode());
        merged.merge(late.encode());
        assertThat(merged.seenArticle("s1", "a1")).isTrue();
        assertThat(merged.seenArticle("s1", "a2")).isTrue();
        assertThat(merged.seenArticle("s2", "a1")).isFalse();
        assertThat(merged.seenArticle("s2", "a2")).isTrue();
    }

    @Test
    void aStoryBeyondItsArticleLimitStillKnowsItsSubscribers() {
        StoryState state = StoryState.empty();
        for (int i = 0; i < 100; i++) {
            state.markSeen("s" + (i % 3), "a" + i);
        }
        StoryState read = StoryState.decode(state.encode());
        assertThat(read.seenStory("s0")).isTrue();
        assertThat(read.seenArticle("s0", "a0")).isTrue();
        assertThat(read.seenArticle("s1", "a99")).isFalse();
    }
}
