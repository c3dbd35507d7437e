package dev.wirewatch.alerter.fanout;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wirewatch.core.model.DeliveryMode;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import org.junit.jupiter.api.Test;

class SchedulesTest {

    private static DeliveryMode quiet(String from, String until, String zone) {
        return new DeliveryMode("realtime", null, null, zone, null, LocalTime.parse(from), LocalTime.parse(until), null);
    }

    @Test
    void quietHoursThatSpanMidnightEndTheNextMorningInTheSubscribersZone() {
        DeliveryMode night = quiet("22:00", "07:00", "Europe/Madrid");
        assertThat(Schedules.isQuiet(night, Instant.parse("2026-11-27T20:59:00Z"))).isFalse();
        assertThat(Schedules.isQuiet(night, Instant.parse("2026-11-27T21:00:00Z"))).isTrue();
        assertThat(Schedules.isQuiet(night, Instant.parse("2026-11-28T05:59:59Z"))).isTrue();
        assertThat(Schedules.isQuiet(night, Instant.parse("2026-11-28T06:00:00Z"))).isFalse();
        assertThat(Schedules.quietEnd(night, Instant.parse("2026-11-27T23:00:00Z")))
                .isEqualTo(Instant.parse("2026-11-28T06:00:00Z"));
        assertThat(Schedules.quietEnd(night, Instant.parse("2026-11-28T01:00:00Z")))
                .isEqualTo(Instant.parse("2026-11-28T06:00:00Z"));
    }

    @Test
    void daytimeQuietHoursAndNoneWhenTheTimesAreEqualOrUnset() {
        DeliveryMode lunch = quiet("12:00", "13:30", "UTC");
        assertThat(Schedules.isQuiet(lunch, Instant.parse("2026-11-27T12:45:00Z"))).isTrue();
        assertThat(Schedules.isQuiet(lunch, Instant.parse("2026-11-27T13:30:00Z"))).isFalse();
        assertThat(Schedules.isQuiet(quiet("08:00", "08:00", "UTC"), Instant.parse("2026-11-27T08:00:00Z"))).isFalse();
        assertThat(Schedules.isQuiet(DeliveryMode.realtime(), Instant.parse("2026-11-27T08:00:00Z"))).isFalse();
    }

    @Test
    void quietHoursEndAtTheLocalTimeAcrossADaylightSavingChange() {
        // 29 March 2026: Madrid moves from UTC+1 to UTC+2 at 02:00 local
        DeliveryMode night = quiet("22:00", "07:00", "Europe/Madrid");
        assertThat(Schedules.quietEnd(night, Instant.parse("2026-03-28T23:00:00Z")))
                .isEqualTo(Instant.parse("2026-03-29T05:00:00Z"));
    }

    @Test
    void digestsEveryNMinutesAlignToLocalMidnightAndDailyDigestsToTheirTime() {
        DeliveryMode halfHourly = new DeliveryMode("digest", 30, null, "UTC", null, null, null, null);
        assertThat(Schedules.nextDigest(halfHourly, Instant.parse("2026-11-27T10:05:00Z"), Duration.ofHours(1)))
                .isEqualTo(Instant.parse("2026-11-27T10:30:00Z"));
        assertThat(Schedules.nextDigest(halfHourly, Instant.parse("2026-11-27T10:30:00Z"), Duration.ofHours(1)))
                .isEqualTo(Instant.parse("2026-11-27T11:00:00Z"));
        DeliveryMode hourlyInKolkata = new DeliveryMode("digest", 60, null, "Asia/Kolkata", null, null, null, null);
        assertThat(Schedules.nextDigest(hourlyInKolkata, Instant.parse("2026-11-27T10:05:00Z"), Duration.ofHours(1)))
                .isEqualTo(Instant.parse("2026-11-27T10:30:00Z"));
        DeliveryMode every90 = new DeliveryMode("digest", 90, null, "UTC", null, null, null, null);
        assertThat(Schedules.nextDigest(every90, Instant.parse("2026-11-27T23:50:00Z"), Duration.ofHours(1)))
                .isEqualTo(Instant.parse("2026-11-28T00:00:00Z"));
        DeliveryMode morning = new DeliveryMode("digest", null, LocalTime.of(7, 30), "America/El_Salvador", null, null,
                null, null);
        assertThat(Schedules.nextDigest(morning, Instant.parse("2026-11-27T12:00:00Z"), Duration.ofHours(1)))
                .isEqualTo(Instant.parse("2026-11-27T13:30:00Z"));
        assertThat(Schedules.nextDigest(morning, Instant.parse("2026-11-27T13:30:00Z"), Duration.ofHours(1)))
                .isEqualTo(Instant.parse("2026-11-28T13:30:00Z"));
    }

    @Test
    void anUnknownZoneReadsAsUtc() {
        DeliveryMode odd = new DeliveryMode("digest", null, LocalTime.of(7, 0), "Mars/Olympus_Mons", null, null, null, null);
        assertThat(Schedules.nextDigest(odd, Instant.parse("2026-11-27T06:00:00Z"), Duration.ofHours(1)))
                .isEqualTo(Instant.parse("2026-11-27T07:00:00Z"));
    }
}
