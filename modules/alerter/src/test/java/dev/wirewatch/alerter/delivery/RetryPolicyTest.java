package dev.wirewatch.alerter.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {

    private final RetryPolicy policy = new RetryPolicy(
            List.of(Duration.ofSeconds(5), Duration.ofMinutes(5), Duration.ofMinutes(30)), Duration.ofHours(1),
            new Random(42));

    @Test
    void delaysFollowTheScheduleWithJitterOfAFifthEitherWay() {
        for (int i = 0; i < 200; i++) {
            assertThat(policy.delayAfter(1, null)).isBetween(Duration.ofMillis(4000), Duration.ofMillis(6000));
            assertThat(policy.delayAfter(2, null)).isBetween(Duration.ofSeconds(240), Duration.ofSeconds(360));
        }
        long distinct = java.util.stream.IntStream.range(0, 50).mapToObj(i -> policy.delayAfter(3, null)).distinct().count();
        assertThat(distinct).as("jittered, not fixed").isGreaterThan(40);
    }

    @Test
    void theScheduleGivesOneAttemptMoreThanItHasDelays() {
        assertThat(policy.maxAttempts()).isEqualTo(4);
        assertThat(policy.hasNext(3)).isTrue();
        assertThat(policy.hasNext(4)).isFalse();
    }

    @Test
    void retryAfterIsHonouredAsGivenUpToTheCap() {
        assertThat(policy.delayAfter(1, Duration.ofSeconds(120))).isEqualTo(Duration.ofSeconds(120));
        assertThat(policy.delayAfter(1, Duration.ofDays(2))).isEqualTo(Duration.ofHours(1));
    }
}
