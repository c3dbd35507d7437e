package dev.wirewatch.collector;

import dev.wirewatch.core.model.Feed;
import dev.wirewatch.core.model.FeedHealth;
import io.micrometer.core.instrument.Meter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * What the collector knows of one feed it polls: its definition, validators for conditional GET, health counters,
 * the estimated publishing rate and the poll schedule. Guarded by its own monitor.
 */
final class FeedState {

    private Feed feed;
    private String etag;
    private String lastModified;
    private Instant lastAttemptAt;
    private Instant lastSuccessAt;
    private int consecutiveFailures;
    private String lastError;
    private double itemsPerDay;
    private Instant lastItemAt;
    private Instant nextPollAt;
    private long polls;
    private long newItems;
    private long generation;
    private boolean inFlight;
    private boolean refreshRequested;
    private Instant lastPushAt;
    private boolean readAsSitemap;
    private final List<Meter> meters = new ArrayList<>();

    FeedState(Feed feed) {
        this.feed = feed;
    }

    synchronized Feed feed() {
        return feed;
    }

    /** Replaces the definition; a new URL forgets the validators. Returns whether anything changed. */
    synchronized boolean update(Feed next) {
        if (next.equals(feed)) {
            return false;
        }
        if (!next.url().equals(feed.url())) {
            etag = null;
            lastModified = null;
        }
        feed = next;
        return true;
    }

    synchronized Validators validators() {
        return new Validators(etag, lastModified);
    }

    /** Takes the next due time if it is the current one and no poll runs; returns whether to poll now. */
    synchronized boolean startPoll(long dueGeneration) {
        if (dueGeneration != generation || inFlight) {
            return false;
        }
        inFlight = true;
        lastAttemptAt = Instant.now();
        polls++;
        return true;
    }

    /** Asks for a poll as soon as possible: returns the generation to schedule now, or -1 when a poll runs. */
    synchronized long requestRefresh() {
        if (inFlight) {
            refreshRequested = true;
            return -1;
        }
        nextPollAt = Instant.now();
        return ++generation;
    }

    /** Sets the next poll time and returns its generation. */
    synchronized long schedule(Instant at) {
        nextPollAt = at;
        return ++generation;
    }

    /** Ends a poll; returns true when a refresh was asked for meanwhile (poll again now). */
    synchronized boolean finishPoll() {
        inFlight = false;
        boolean again = refreshRequested;
        refreshRequested = false;
        return again;
    }

    /** Records a poll that gave a feed (or a 304). Returns whether the feed had been failing. */
    synchronized boolean success(Instant now, String newEtag, String newLastModified, int fresh, List<Instant> itemDates) {
        boolean recovered = consecutiveFailures > 0;
        if (newEtag != null || newLastModified != null) {
            etag = newEtag;
            lastModified = newLastModified;
        }
        lastSuccessAt = now;
        consecutiveFailures = 0;
        newItems += fresh;
        if (fresh > 0) {
            lastItemAt = now;
        }
        if (itemDates != null) {
            double fromDates = PollSchedule.itemsPerDay(itemDates, now);
            if (fromDates > 0) {
                itemsPerDay = itemsPerDay == 0 ? fromDates : (itemsPerDay + fromDates) / 2;
            }
            for (Instant d : itemDates) {
                if (d != null && !d.isAfter(now) && (lastItemAt == null || d.isAfter(lastItemAt))) {
                    lastItemAt = d;
                }
            }
        }
        return recovered;
    }

    /** Records a failed poll; returns the number of failures in a row. */
    synchronized int failure(String error) {
        lastError = error;
        return ++consecutiveFailures;
    }

    synchronized Duration nextInterval(PollSchedule schedule, Duration retryAfter, java.util.random.RandomGenerator random) {
        return schedule.next(feed.pollIntervalSeconds(), itemsPerDay, consecutiveFailures, retryAfter, random);
    }

    synchronized int consecutiveFailures() {
        return consecutiveFailures;
    }

    synchronized double itemsPerDay() {
        return itemsPerDay;
    }

    synchronized Instant lastSuccessAt() {
        return lastSuccessAt;
    }

    synchronized List<Meter> meters() {
        return meters;
    }

    /** Records a WebSub push that was read (its new items already published). */
    synchronized void pushed(Instant now, int fresh) {
        lastPushAt = now;
        newItems += fresh;
        if (fresh > 0) {
            lastItemAt = now;
        }
    }

    /** Marks a feed without a type whose URL turned out to give a sitemap. */
    synchronized void readAsSitemap(boolean value) {
        readAsSitemap = value;
    }

    synchronized boolean readAsSitemap() {
        return readAsSitemap;
    }

    synchronized FeedHealth health(Instant now) {
        return health(now, readAsSitemap ? FeedHealth.SITEMAP : FeedHealth.POLL);
    }

    /** The health, with how the feed's items reach us now: push, poll or sitemap. */
    synchronized FeedHealth health(Instant now, String mode) {
        String state;
        if (consecutiveFailures > 0) {
            state = FeedHealth.FAILING;
        } else if (lastSuccessAt == null) {
            state = FeedHealth.PENDING;
        } else if (PollSchedule.silent(itemsPerDay, lastItemAt, now)) {
            state = FeedHealth.SILENT;
        } else {
            state = FeedHealth.OK;
        }
        return new FeedHealth(FeedHealth.SCHEMA_VERSION, feed.id(), feed.url(), state, lastAttemptAt, lastSuccessAt,
                consecutiveFailures, lastError, null, itemsPerDay, lastItemAt, nextPollAt, newItems, polls, mode,
                lastPushAt);
    }
}
