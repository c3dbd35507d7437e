package dev.wirewatch.core.model;

import java.time.Instant;
import java.util.Objects;

/**
 * How one feed is doing, as its collector last saw it: the value of {@code wirewatch.feed-health}, keyed by feed id.
 *
 * <p>The collector builds it for its logs, metrics and health check, and publishes it for the console.
 *
 * @param state pending (not polled yet), ok, failing (the last poll failed), silent (no new item for much longer than
 *     its usual gap) or disabled
 * @param lastPollAt the last poll attempted; null when none yet
 * @param lastSuccessAt the last poll that gave a feed or a 304; null when none yet
 * @param consecutiveFailures polls that failed in a row
 * @param lastError the last failure in one line, kept after recovery; null when none
 * @param lastStatus the HTTP status of the last poll, or null when it did not get one
 * @param itemsPerDay the observed publishing rate
 * @param lastItemAt the newest item seen (its date, or when it was first seen); null when none
 * @param articlesPublished new items found since the collector took the feed
 * @param polls polls made since the collector took the feed
 * @param mode how the feed's items reach the collector now: {@value #PUSH} (a verified WebSub subscription),
 *     {@value #POLL} or {@value #SITEMAP}; null from older collectors
 * @param lastPushAt the last WebSub push the collector read; null when none
 */
public record FeedHealth(
        int schemaVersion,
        String feedId,
        String url,
        String state,
        Instant lastPollAt,
        Instant lastSuccessAt,
        int consecutiveFailures,
        String lastError,
        Integer lastStatus,
        double itemsPerDay,
        Instant lastItemAt,
        Instant nextPollAt,
        long articlesPublished,
        long polls,
        String mode,
        Instant lastPushAt) {

    public static final int SCHEMA_VERSION = 1;
    public static final String PENDING = "pending";
    public static final String OK = "ok";
    public static final String FAILING = "failing";
    public static final String SILENT = "silent";
    public static final String DISABLED = "disabled";
    public static final String PUSH = "push";
    public static final String POLL = "poll";
    public static final String SITEMAP = "sitemap";

    public FeedHealth {
        Objects.requireNonNull(feedId, "feedId");
        if (schemaVersion == 0) {
            schemaVersion = SCHEMA_VERSION;
        }
    }

    /**
     * A feed's health without a count of polls, a mode or a last push (as version 1 records written before they were
     * added).
     */
    public FeedHealth(int schemaVersion, String feedId, String url, String state, Instant lastPollAt,
            Instant lastSuccessAt, int consecutiveFailures, String lastError, Integer lastStatus, double itemsPerDay,
            Instant lastItemAt, Instant nextPollAt, long articlesPublished) {
        this(schemaVersion, feedId, url, state, lastPollAt, lastSuccessAt, consecutiveFailures, lastError, lastStatus,
                itemsPerDay, lastItemAt, nextPollAt, articlesPublished, 0, null, null);
    }

    /** This health with the publishing rate rounded to a tenth, so that publishing it again waits for a real change. */
    public FeedHealth rounded() {
        return new FeedHealth(schemaVersion, feedId, url, state, lastPollAt, lastSuccessAt, consecutiveFailures,
                lastError, lastStatus, Math.round(itemsPerDay * 10) / 10.0, lastItemAt, nextPollAt, articlesPublished,
                polls, mode, lastPushAt);
    }
}
