package dev.wirewatch.core.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import java.time.LocalTime;
import java.util.Locale;
import java.util.Objects;

/**
 * How and when a subscription is told: in real time, or in digests; with an hourly budget and quiet hours.
 *
 * @param type realtime or digest
 * @param digestEveryMinutes for digests every N minutes (null when daily)
 * @param digestAt for a daily digest, the local time of day
 * @param timeZone the subscriber's zone id, for {@code digestAt} and quiet hours
 * @param maxPerHour at most this many real-time alerts an hour; the rest roll into a digest (null: no budget)
 * @param quietFrom start of quiet hours (local time), or null
 * @param quietUntil end of quiet hours (local time), or null
 * @param syndicated what to do with later copies of a story already alerted: fold (into the next digest) or drop
 */
public record DeliveryMode(
        String type,
        Integer digestEveryMinutes,
        LocalTime digestAt,
        String timeZone,
        Integer maxPerHour,
        LocalTime quietFrom,
        LocalTime quietUntil,
        String syndicated) {

    public static final String REALTIME = "realtime";
    public static final String DIGEST = "digest";

    @JsonCreator(mode = JsonCreator.Mode.PROPERTIES)
    public DeliveryMode {
        Objects.requireNonNull(type, "type");
        type = type.toLowerCase(Locale.ROOT);
        timeZone = timeZone == null ? "UTC" : timeZone;
        syndicated = syndicated == null ? "fold" : syndicated.toLowerCase(Locale.ROOT);
    }

    /** The short form of DESIGN.md's bodies, {@code "mode": "realtime"} or {@code "mode": "digest"} (hourly). */
    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    public static DeliveryMode ofType(String type) {
        Integer every = DIGEST.equalsIgnoreCase(type) ? 60 : null;
        return new DeliveryMode(type, every, null, "UTC", null, null, null, "fold");
    }

    public static DeliveryMode realtime() {
        return new DeliveryMode(REALTIME, null, null, "UTC", null, null, null, "fold");
    }
}
