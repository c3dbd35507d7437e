package dev.wirewatch.core.model;

import java.time.Instant;
import java.util.Objects;

/**
 * How one feed is doing, as its collector last saw it: the value of {@code wirewatch.feed-health}, keyed by feed id.
 *
 * @param state ok, failing (consecutive failures), silent (no new item for much longer than usual) or disabled
 * @param lastStatus the HTTP status of the last poll, or null when it did not get one
 * @param itemsPerDay the observed publishing rate
 * @param mode how the feed's items reach the collector: push (WebSub), poll or sitemap; null from older collectors
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
        String mode,
        Instant lastPushAt) {

    public static final int SCHEMA_VERSION = 1;
    public static final String OK = "ok";
    public static final String FAILING = "failing";
    public static final String SILENT = "silent";
    public static final String DISABLED = "disabled";

    /** A health record without the mode and last push (written before WebSub and sitemaps). */
    public FeedHealth(int schemaVersion, String feedId, String url, String state, Instant lastPollAt, Instant lastSuccessAt,
                      int consecutiveFailures, String lastError, Integer lastStatus, double itemsPerDay, Instant lastItemAt,
                      Instant nextPollAt, long articlesPublished) {
        this(schemaVersion, feedId, url, state, lastPollAt, lastSuccessAt, consecutiveFailures, lastError, lastStatus,
                itemsPerDay, lastItemAt, nextPollAt, articlesPublished, null, null);
    }

    public FeedHealth {
        Objects.requireNonNull(feedId, "feedId");
        if (schemaVersion == 0) {
            schemaVersion = SCHEMA_VERSION;
        }
    }
}
