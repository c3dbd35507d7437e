package dev.wirewatch.collector;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * The adaptive poll interval of a feed: half its mean gap between items, clamped to the configured bounds, doubled
 * per consecutive failure, never shorter than a server's {@code Retry-After}, with jitter so that feeds added
 * together do not stay in step.
 */
record PollSchedule(Duration min, Duration max) {

    private static final double JITTER = 0.1;
    private static final Duration LONGEST_RETRY_AFTER = Duration.ofHours(24);

    PollSchedule {
        if (min.isNegative() || min.compareTo(max) > 0) {
            throw new IllegalArgumentException("collector.min-interval (" + min + ") must not exceed collector.max-interval (" + max + ")");
        }
    }

    /**
     * @param fixedSeconds the feed's own fixed interval, or null for the adaptive one
     * @param itemsPerDay the estimated rate; 0 when unknown
     * @param failures consecutive failures
     * @param retryAfter the server's wish, or null
     */
    Duration next(Integer fixedSeconds, double itemsPerDay, int failures, Duration retryAfter, RandomGenerator random) {
        long base;
        if (fixedSeconds != null && fixedSeconds > 0) {
            base = Math.max(1000, fixedSeconds * 1000L);
        } else if (itemsPerDay > 0) {
            base = clamp((long) (Duration.ofDays(1).toMillis() / itemsPerDay / 2));
        } else {
            base = clamp((long) Math.sqrt((double) Math.max(1, min.toMillis()) * max.toMillis()));
        }
        if (failures > 0) {
            long backOff = base << Math.min(failures, 10);
            base = Math.max(base, Math.min(backOff, Math.max(max.toMillis(), base)));
        }
        long jittered = (long) (base * (1 - JITTER + 2 * JITTER * random.nextDouble()));
        if (fixedSeconds == null) {
            jittered = Math.max(jittered, min.toMillis());
        }
        if (retryAfter != null) {
            long wish = Math.min(retryAfter.toMillis(), LONGEST_RETRY_AFTER.toMillis());
            jittered = Math.max(jittered, wish);
        }
        return Duration.ofMillis(Math.max(jittered, 1));
    }

    private long clamp(long millis) {
        return Math.max(min.toMillis(), Math.min(max.toMillis(), millis));
    }

    /**
     * The publishing rate that a feed's item dates show: items in the last 30 days over the span they cover
     * (at least an hour); 0 when fewer than two dated items.
     */
    static double itemsPerDay(List<Instant> dates, Instant now) {
        Instant horizon = now.minus(Duration.ofDays(30));
        List<Instant> recent = dates.stream().filter(d -> d != null && d.isAfter(horizon) && !d.isAfter(now.plus(Duration.ofDays(1))))
                .sorted().toList();
        if (recent.size() < 2) {
            return 0;
        }
        Duration span = Duration.between(recent.get(0), now);
        double days = Math.max(span.toMillis(), Duration.ofHours(1).toMillis()) / (double) Duration.ofDays(1).toMillis();
        return (recent.size() - 1) / days;
    }

    /** Whether a feed with this rate has been quiet for much longer than its usual gap (at least six hours). */
    static boolean silent(double itemsPerDay, Instant lastItemAt, Instant now) {
        if (lastItemAt == null) {
            return false;
        }
        long gap = itemsPerDay > 0 ? (long) (Duration.ofDays(1).toMillis() / itemsPerDay) : Duration.ofDays(3).toMillis();
        long limit = Math.max(Duration.ofHours(6).toMillis(), gap * 10);
        return Duration.between(lastItemAt, now).toMillis() > limit;
    }
}
