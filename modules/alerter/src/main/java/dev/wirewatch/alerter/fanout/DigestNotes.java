package dev.wirewatch.alerter.fanout;

import dev.wirewatch.core.model.Subscription;
import java.util.ArrayList;
import java.util.List;

/** The note at the top of a digest that says why it holds what it holds, for the reader. */
final class DigestNotes {

    private DigestNotes() {
    }

    /** The note, or null when the digest is simply the subscriber's scheduled one. */
    static String note(PendingDigest digest, Subscription subscription) {
        List<String> parts = new ArrayList<>();
        if (digest.overBudget() > 0) {
            parts.add("Hourly budget of " + subscription.mode().maxPerHour() + " alerts reached: " + digest.overBudget()
                    + (digest.overBudget() == 1 ? " further story was" : " further stories were")
                    + " rolled into this digest.");
        }
        if (digest.quiet() > 0) {
            parts.add(digest.quiet() + (digest.quiet() == 1 ? " story was" : " stories were")
                    + " held during quiet hours (" + Schedules.describeQuiet(subscription.mode()) + ").");
        }
        if (digest.folded() > 0) {
            parts.add(digest.folded() + (digest.folded() == 1 ? " further copy" : " further copies")
                    + " of stories you already have.");
        }
        if (digest.omitted() > 0) {
            parts.add(digest.omitted() + " more " + (digest.omitted() == 1 ? "mention" : "mentions")
                    + " not listed.");
        }
        return parts.isEmpty() ? null : String.join(" ", parts);
    }
}
