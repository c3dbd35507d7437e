package dev.wirewatch.bench.e2e;

import java.util.List;

/**
 * The hops of one delivered alert, from the times its article and the alert passed each point (epoch milliseconds, -1
 * where a point does not apply or was not seen).
 *
 * @param published appeared on the farm (feeds) or produced to the articles topic (kafka)
 * @param polled a feed that lists it was first served to the collector (feeds only)
 * @param fetched the article's {@code fetchedAt}: page fetched and text extracted (feeds); produced (kafka)
 * @param articleCommitted the article became visible to a read_committed reader of the articles topic
 * @param mentionCommitted the mention that the alert carries became visible on the mentions topic
 * @param alertCommitted the alert became visible on the alerts topic
 * @param delivered the receiver verified its first delivery
 */
record Hops(long published, long polled, long fetched, long articleCommitted, long mentionCommitted,
        long alertCommitted, long delivered) {

    /** One hop: its name in the report, and what it spans. */
    enum Hop {
        POLL_WAIT("pollWait", "appeared on the farm -> listed in a feed the collector polled"),
        FETCH("fetch", "polled -> page fetched and extracted (the article's fetchedAt)"),
        ARTICLE_COMMITTED("articleCommitted", "fetched (kafka: produced) -> article visible to read_committed readers"),
        MENTION_COMMITTED("mentionCommitted", "article visible -> its mention visible (the tagger)"),
        ALERT_COMMITTED("alertCommitted", "mention visible -> alert visible (the fan-out)"),
        DELIVERED("delivered", "alert visible -> webhook delivery verified (the delivery service)");

        final String key;
        final String meaning;

        Hop(String key, String meaning) {
            this.key = key;
            this.meaning = meaning;
        }
    }

    static final List<Hop> ALL = List.of(Hop.values());
    /** What a duration is when either end is unknown. */
    static final long UNKNOWN = Long.MIN_VALUE;

    /** The duration of a hop in milliseconds, or {@link #UNKNOWN} when either end is unknown. */
    long of(Hop hop) {
        return switch (hop) {
            case POLL_WAIT -> between(published, polled);
            case FETCH -> between(polled, fetched);
            case ARTICLE_COMMITTED -> between(fetched, articleCommitted);
            case MENTION_COMMITTED -> between(articleCommitted, mentionCommitted);
            case ALERT_COMMITTED -> between(mentionCommitted, alertCommitted);
            case DELIVERED -> between(alertCommitted, delivered);
        };
    }

    /**
     * The alert latency of the report: from the collector's poll to the verified delivery (feeds; the polling wait
     * apart), or from the article produced to the verified delivery (kafka); {@link #UNKNOWN} when unknown.
     */
    long total() {
        return polled >= 0 ? between(polled, delivered) : between(published, delivered);
    }

    /** From the article's publication (on the farm, or produced) to the verified delivery, polling wait included. */
    long fromPublished() {
        return between(published, delivered);
    }

    /** From the article visible on the articles topic to the verified delivery. */
    long fromArticleCommitted() {
        return between(articleCommitted, delivered);
    }

    private static long between(long from, long to) {
        return from < 0 || to < 0 ? UNKNOWN : to - from;
    }
}
