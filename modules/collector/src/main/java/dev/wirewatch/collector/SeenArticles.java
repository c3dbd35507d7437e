package dev.wirewatch.collector;

import dev.wirewatch.core.model.Article;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * What the collector already published, by article id, so that an item seen again (in the same feed or another) is
 * not published twice and an edited article gets the next version.
 *
 * <p>An item is first <em>claimed</em> by the poll that found it, so that two polls that find it at once do not both
 * fetch it; the claim ends with {@link #published}, {@link #unchanged} or {@link #release}. The least recently seen
 * ids are forgotten beyond the capacity. Thread-safe.
 */
final class SeenArticles {

    /** What is known of one id; {@code fingerprint} is null when learnt from Kafka rather than from a feed. */
    record Entry(int version, String contentHash, String fingerprint, boolean claimed) {
    }

    /** What to do with an item. */
    enum Kind { NEW, CHANGED, SAME }

    /** The decision of a claim, with what was known before it. */
    record Decision(Kind kind, Entry previous) {
    }

    private final Map<String, Entry> entries;

    SeenArticles(int capacity) {
        this.entries = new LinkedHashMap<>(16, 0.75f, true) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<String, SeenArticles.Entry> eldest) {
                return size() > capacity;
            }
        };
    }

    /**
     * Claims an item: NEW when the id is unknown, CHANGED when the feed shows it differently than before, SAME when
     * it is known as it is (or another poll holds the claim).
     *
     * @param fingerprint a hash of what the feed says of the item (title, summary, update time)
     */
    synchronized Decision claim(String id, String fingerprint) {
        Entry e = entries.get(id);
        if (e == null) {
            entries.put(id, new Entry(0, null, fingerprint, true));
            return new Decision(Kind.NEW, null);
        }
        if (e.claimed()) {
            return new Decision(Kind.SAME, e);
        }
        if (e.fingerprint() == null) {
            // known from Kafka only: take the feed's view as the one that was published
            entries.put(id, new Entry(e.version(), e.contentHash(), fingerprint, false));
            return new Decision(Kind.SAME, e);
        }
        if (Objects.equals(e.fingerprint(), fingerprint)) {
            return new Decision(Kind.SAME, e);
        }
        entries.put(id, new Entry(e.version(), e.contentHash(), fingerprint, true));
        return new Decision(Kind.CHANGED, e);
    }

    /** Ends a claim: this version was published. */
    synchronized void published(String id, int version, String contentHash, String fingerprint) {
        entries.put(id, new Entry(version, contentHash, fingerprint, false));
    }

    /** Ends a claim: the item changed in the feed but not in substance. */
    synchronized void unchanged(String id, Decision decision, String fingerprint) {
        Entry p = decision.previous();
        entries.put(id, new Entry(p == null ? 0 : p.version(), p == null ? null : p.contentHash(), fingerprint, false));
    }

    /** Ends a claim that failed: the item will be tried again on the next poll. */
    synchronized void release(String id, Decision decision) {
        if (decision.previous() == null) {
            entries.remove(id);
        } else {
            entries.put(id, new Entry(decision.previous().version(), decision.previous().contentHash(),
                    decision.previous().fingerprint(), false));
        }
    }

    /** Learns an article that some collector published (read back from Kafka). */
    synchronized void remember(Article article) {
        Entry e = entries.get(article.id());
        if (e == null) {
            entries.put(article.id(), new Entry(article.version(), article.contentHash(), null, false));
        } else if (article.version() > e.version() && !e.claimed()) {
            entries.put(article.id(), new Entry(article.version(), article.contentHash(), e.fingerprint(), false));
        }
    }

    synchronized int size() {
        return entries.size();
    }
}
