package dev.wirewatch.alerter.fanout;

import dev.wirewatch.core.model.DeliveryMode;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;

/**
 * When digests fall due and when quiet hours hold alerts back, in the subscriber's time zone.
 *
 * <p>Quiet hours run from {@code quietFrom} (inclusive) to {@code quietUntil} (exclusive) and may span midnight; equal
 * times mean no quiet hours. Digests every N minutes are aligned to the subscriber's local midnight, so "every 60
 * minutes" sends on the hour. An unknown zone id reads as UTC rather than stopping the subscriber's alerts.
 */
final class Schedules {

    private Schedules() {
    }

    static ZoneId zone(DeliveryMode mode) {
        try {
            return ZoneId.of(mode.timeZone());
        } catch (DateTimeException e) {
            return ZoneOffset.UTC;
        }
    }

    /** Whether {@code now} is inside the subscriber's quiet hours. */
    static boolean isQuiet(DeliveryMode mode, Instant now) {
        LocalTime from = mode.quietFrom();
        LocalTime until = mode.quietUntil();
        if (from == null || until == null || from.equals(until)) {
            return false;
        }
        LocalTime local = now.atZone(zone(mode)).toLocalTime();
        if (from.isBefore(until)) {
            return !local.isBefore(from) && local.isBefore(until);
        }
        return !local.isBefore(from) || local.isBefore(until);
    }

    /** The first instant after {@code now} when quiet hours are over; {@code now} when it is not quiet. */
    static Instant quietEnd(DeliveryMode mode, Instant now) {
        if (!isQuiet(mode, now)) {
            return now;
        }
        ZoneId zone = zone(mode);
        ZonedDateTime local = now.atZone(zone);
        ZonedDateTime end = ZonedDateTime.of(local.toLocalDate(), mode.quietUntil(), zone);
        if (!end.toInstant().isAfter(now)) {
            end = ZonedDateTime.of(local.toLocalDate().plusDays(1), mode.quietUntil(), zone);
        }
        return end.toInstant();
    }

    /** {@code due}, or the end of the quiet hours it falls in. */
    static Instant deferQuiet(DeliveryMode mode, Instant due) {
        return quietEnd(mode, due);
    }

    /**
     * The next digest time strictly after {@code now}: daily at {@code digestAt}, every {@code digestEveryMinutes},
     * or every {@code defaultEvery} when the mode names neither.
     */
    static Instant nextDigest(DeliveryMode mode, Instant now, Duration defaultEvery) {
        ZoneId zone = zone(mode);
        ZonedDateTime local = now.atZone(zone);
        if (mode.digestAt() != null) {
            ZonedDateTime today = ZonedDateTime.of(local.toLocalDate(), mode.digestAt(), zone);
            return today.toInstant().isAfter(now) ? today.toInstant()
                    : ZonedDateTime.of(local.toLocalDate().plusDays(1), mode.digestAt(), zone).toInstant();
        }
        long everyMillis = mode.digestEveryMinutes() != null && mode.digestEveryMinutes() > 0
                ? Duration.ofMinutes(mode.digestEveryMinutes()).toMillis()
                : Math.max(1, defaultEvery.toMillis());
        LocalDate day = local.toLocalDate();
        Instant midnight = day.atStartOfDay(zone).toInstant();
        long sinceMidnight = now.toEpochMilli() - midnight.toEpochMilli();
        long next = midnight.toEpochMilli() + (sinceMidnight / everyMillis + 1) * everyMillis;
        Instant nextMidnight = day.plusDays(1).atStartOfDay(zone).toInstant();
        if (everyMillis < Duration.ofDays(1).toMillis() && next > nextMidnight.toEpochMilli()) {
            // the cycle restarts at local midnight, so that "every 90 minutes" keeps the same times each day
            next = nextMidnight.toEpochMilli();
        }
        return Instant.ofEpochMilli(next);
    }

    /** A readable form of the quiet hours, for notes: {@code 22:00-07:00 Europe/Madrid}. */
    static String describeQuiet(DeliveryMode mode) {
        return mode.quietFrom() + "-" + mode.quietUntil() + " " + zone(mode).getId();
    }
}
