package dev.wirewatch.collector;

import java.time.Instant;

/**
 * The health of one feed as its collector sees it, for logs, metrics and the console.
 *
 * @param status OK, FAILING (the last poll failed), SILENT (no new item for much longer than its usual gap) or
 *     PENDING (not polled yet)
 * @param lastSuccessAt the last poll that gave a feed or a 304; null when none yet
 * @param consecutiveFailures polls that failed in a row
 * @param lastError the last failure in one line, kept after recovery; null when none
 * @param itemsPerDay the feed's estimated publishing rate
 * @param lastItemAt the newest item seen (its date, or when it was first seen); null when none
 * @param mode how its items reach the collector now: {@value #PUSH} (a verified WebSub subscription), {@value #POLL}
 *     or {@value #SITEMAP}
 * @param lastPushAt the last WebSub push read; null when none
 */
public record FeedHealth(String feedId, String url, Status status, Instant lastAttemptAt, Instant lastSuccessAt,
        int consecutiveFailures, String lastError, double itemsPerDay, Instant lastItemAt, Instant nextPollAt,
        long polls, long newItems, String mode, Instant lastPushAt) {

    public static final String PUSH = "push";
    public static final String POLL = "poll";
    public static final String SITEMAP = "sitemap";

    /** The summary state of a feed. */
    public enum Status { PENDING, OK, FAILING, SILENT }
}
