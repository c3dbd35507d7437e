package dev.wirewatch.collector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The adaptive interval: from the publishing rate, clamped, backed off, jittered. */
class PollScheduleTest {

    private final PollSchedule schedule = new PollSchedule(Duration.ofMinutes(2), Duration.ofHours(1));
    private final Random random = new Random(7);

    @Test
    void busyFeedsArePolledAtTheMinimumAndQuietOnesAtTheMaximum() {
        assertThat(schedule.next(null, 2000, 0, null, random)).isBetween(Duration.ofMinutes(2), Duration.ofSeconds(132));
        Duration quiet = schedule.next(null, 1, 0, null, random);
        assertThat(quiet).isBetween(Duration.ofMinutes(54), Duration.ofMinutes(66));
    }

    @Test
    void intervalIsHalfTheMeanGapWithTenPercentJitter() {
        // 48 items a day: one every 30 minutes, polled about every 15
        List<Duration> samples = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            samples.add(schedule.next(null, 48, 0, null, random));
        }
        assertThat(samples).allSatisfy(d -> assertThat(d).isBetween(Duration.ofSeconds(810), Duration.ofSeconds(990)));
        assertThat(samples.stream().distinct().count()).isGreaterThan(100);
    }

    @Test
    void failuresBackOffExponentiallyUpToTheMaximum() {
        Duration one = schedule.next(null, 2000, 1, null, random);
        Duration three = schedule.next(null, 2000, 3, null, random);
        Duration many = schedule.next(null, 2000, 20, null, random);
        assertThat(one).isBetween(Duration.ofSeconds(216), Duration.ofSeconds(264));
        assertThat(three).isBetween(Duration.ofSeconds(864), Duration.ofSeconds(1056));
        assertThat(many).isBetween(Duration.ofMinutes(54), Duration.ofMinutes(66));
    }

    @Test
    void retryAfterIsHonouredAndFixedIntervalsWin() {
        assertThat(schedule.next(null, 2000, 0, Duration.ofHours(3), random)).isEqualTo(Duration.ofHours(3));
        assertThat(schedule.next(30, 2000, 0, null, random)).isBetween(Duration.ofSeconds(27), Duration.ofSeconds(33));
        assertThatThrownBy(() -> new PollSchedule(Duration.ofHours(2), Duration.ofHours(1)))
                .hasMessageContaining("collector.min-interval");
    }

    @Test
    void rateComesFromItemDatesAndSilenceFromTheGap() {
        Instant now = Instant.parse("2026-01-10T12:00:00Z");
        List<Instant> hourly = new ArrayList<>();
        for (int i = 0; i < 24; i++) {
            hourly.add(now.minus(Duration.ofHours(i)));
        }
        assertThat(PollSchedule.itemsPerDay(hourly, now)).isBetween(23.0, 25.0);
        assertThat(PollSchedule.itemsPerDay(List.of(now), now)).isZero();
        assertThat(PollSchedule.silent(24, now.minus(Duration.ofHours(5)), now)).isFalse();
        assertThat(PollSchedule.silent(24, now.minus(Duration.ofHours(12)), now)).isTrue();
        assertThat(PollSchedule.silent(0.1, now.minus(Duration.ofDays(20)), now)).isFalse();
    }
}
