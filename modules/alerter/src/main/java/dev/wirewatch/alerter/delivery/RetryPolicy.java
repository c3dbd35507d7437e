package dev.wirewatch.alerter.delivery;

import java.time.Duration;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * When to try a failed alert again: a schedule of delays like Standard Webhooks' (seconds, then minutes, then hours),
 * each jittered by up to 20% either way so that endpoints recovering from an outage are not hit by a synchronised
 * wave, or the endpoint's own {@code Retry-After} (capped) when it sent one.
 */
final class RetryPolicy {

    private static final double JITTER = 0.2;

    private final List<Duration> schedule;
    private final Duration maxRetryAfter;
    private final RandomGenerator random;

    RetryPolicy(List<Duration> schedule, Duration maxRetryAfter, RandomGenerator random) {
        if (schedule.isEmpty()) {
            throw new IllegalArgumentException("the retry schedule needs at least one delay");
        }
        this.schedule = List.copyOf(schedule);
        this.maxRetryAfter = maxRetryAfter;
        this.random = random;
    }

    /** How many attempts an alert gets in all: the first and one per scheduled delay. */
    int maxAttempts() {
        return schedule.size() + 1;
    }

    /** Whether another attempt follows a failed attempt with this number (1 is the first). */
    boolean hasNext(int failedAttempt) {
        return failedAttempt < maxAttempts();
    }

    /**
     * The wait before the attempt after {@code failedAttempt}: the endpoint's {@code Retry-After} when given (never
     * shortened, at most {@code alerter.max-retry-after}), else the scheduled delay, jittered.
     */
    Duration delayAfter(int failedAttempt, Duration retryAfter) {
        if (retryAfter != null) {
            return cap(retryAfter);
        }
        Duration base = schedule.get(Math.min(Math.max(failedAttempt, 1), schedule.size()) - 1);
        double factor = 1 - JITTER + random.nextDouble() * 2 * JITTER;
        return Duration.ofNanos((long) (base.toNanos() * factor));
    }

    /** A {@code Retry-After} capped at the configured maximum. */
    Duration cap(Duration retryAfter) {
        return retryAfter.compareTo(maxRetryAfter) > 0 ? maxRetryAfter : retryAfter;
    }
}
