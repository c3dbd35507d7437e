package dev.wirewatch.alerter.fanout;

import dev.wirewatch.core.model.Mention;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The mentions waiting for one subscriber's next digest, with the reasons they wait; the value of the fan-out's
 * {@code alerter-digests} store, keyed by subscription id.
 *
 * @param dueAt when the digest is sent (then deferred to the end of quiet hours if it falls inside them)
 * @param omitted mentions beyond the digest's size limit, counted but not listed
 * @param scheduled stories collected for a digest subscriber
 * @param overBudget stories that went over the hourly budget of a real-time subscriber
 * @param quiet stories held during quiet hours
 * @param folded later copies of stories the subscriber already has
 */
record PendingDigest(Instant dueAt, List<Mention> mentions, int omitted, int scheduled, int overBudget, int quiet,
        int folded) {

    /** Why a mention went to the digest rather than out on its own. */
    enum Reason { SCHEDULED, OVER_BUDGET, QUIET, FOLDED }

    PendingDigest {
        mentions = mentions == null ? List.of() : List.copyOf(mentions);
    }

    static PendingDigest empty(Instant dueAt) {
        return new PendingDigest(dueAt, List.of(), 0, 0, 0, 0, 0);
    }

    /** This digest with one more mention, listed while there is room. */
    PendingDigest add(Mention mention, Reason reason, int maxMentions) {
        List<Mention> next = mentions;
        int skipped = omitted;
        if (mentions.size() < maxMentions) {
            next = new ArrayList<>(mentions);
            next.add(mention);
        } else {
            skipped++;
        }
        return new PendingDigest(dueAt, next, skipped,
                scheduled + (reason == Reason.SCHEDULED ? 1 : 0),
                overBudget + (reason == Reason.OVER_BUDGET ? 1 : 0),
                quiet + (reason == Reason.QUIET ? 1 : 0),
                folded + (reason == Reason.FOLDED ? 1 : 0));
    }

    PendingDigest withDueAt(Instant due) {
        return new PendingDigest(due, mentions, omitted, scheduled, overBudget, quiet, folded);
    }
}
