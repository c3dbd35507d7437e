package dev.wirewatch.tagger;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class SpikeRuleTest {

    private static long[] hours(long each) {
        long[] h = new long[24];
        Arrays.fill(h, each);
        return h;
    }

    @Test
    void aQuietTopicNeedsAtLeastFiveMentionsInAnHour() {
        assertThat(SpikeRule.DEFAULT.isSpike(4, hours(0))).isFalse();
        assertThat(SpikeRule.DEFAULT.isSpike(5, hours(0))).isTrue();
    }

    @Test
    void aSteadyTopicMustTriple() {
        assertThat(SpikeRule.DEFAULT.isSpike(29, hours(10))).isFalse();
        assertThat(SpikeRule.DEFAULT.isSpike(30, hours(10))).isTrue();
    }

    @Test
    void aBurstyRhythmRaisesTheBarToThreeSigmas() {
        long[] daily = new long[24];
        for (int i = 0; i < 24; i++) {
            daily[i] = i % 6 == 0 ? 40 : 2; // a news cycle: four busy hours a day
        }
        double mean = (4 * 40 + 20 * 2) / 24.0;
        double threshold = SpikeRule.DEFAULT.threshold(daily);
        assertThat(threshold).isGreaterThan(3 * mean);
        assertThat(SpikeRule.DEFAULT.isSpike(40, daily)).isFalse();
        assertThat(SpikeRule.DEFAULT.isSpike((long) Math.ceil(threshold), daily)).isTrue();
    }
}
