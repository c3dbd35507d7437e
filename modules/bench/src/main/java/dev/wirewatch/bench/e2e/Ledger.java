package dev.wirewatch.bench.e2e;

import dev.wirewatch.matcher.Document;
import java.util.Arrays;
import java.util.Collection;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * What the run saw of each article and alert, with wall-clock times in epoch milliseconds: written by the load, the
 * observers and the receiver, read by the accounting and the report. Times are -1 until seen.
 */
final class Ledger {

    /** The longest run the per-second timeline covers. */
    static final int MAX_SECONDS = 4 * 3600;

    private final ConcurrentHashMap<String, ArticleEntry> articles = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, AlertEntry> alerts = new ConcurrentHashMap<>();
    final AtomicLong duplicateArticles = new AtomicLong();
    final AtomicLong duplicateMentions = new AtomicLong();
    final AtomicLong duplicateAlerts = new AtomicLong();
    final AtomicLong duplicateDeliveries = new AtomicLong();
    final AtomicLong unknownMentions = new AtomicLong();
    final AtomicLong unknownDeliveries = new AtomicLong();
    final AtomicLong articlesCommitted = new AtomicLong();
    final AtomicLong mentionsCommitted = new AtomicLong();
    final AtomicLong alertsCommitted = new AtomicLong();
    final AtomicLong deliveries = new AtomicLong();
    final Timeline published;
    final Timeline articlesSeen;
    final Timeline mentionsSeen;
    final Timeline alertsSeen;
    final Timeline deliveriesSeen;
    final Timeline tagged;
    private final Workload workload;

    Ledger(Workload workload, long startMillis) {
        this.workload = workload;
        this.published = new Timeline(startMillis);
        this.articlesSeen = new Timeline(startMillis);
        this.mentionsSeen = new Timeline(startMillis);
        this.alertsSeen = new Timeline(startMillis);
        this.deliveriesSeen = new Timeline(startMillis);
        this.tagged = new Timeline(startMillis);
    }

    /** One article: when it was published and fetched, committed, its story and mentions. */
    static final class ArticleEntry {
        final String id;
        long seq = -1;
        /** Appeared on the farm, or produced to Kafka. */
        long publishedAt = -1;
        /** The farm first served a feed that listed it (the collector's poll). */
        long polledAt = -1;
        /** The article's own fetchedAt. */
        long fetchedAt = -1;
        long committedAt = -1;
        String storyId;
        /** What the tagger read, kept for the expected mentions (feeds source only; Kafka articles are made again). */
        Document document;
        private int[] topics = new int[4];
        private long[] mentionAt = new long[4];
        private int mentions;

        ArticleEntry(String id) {
            this.id = id;
        }

        /** Records a mention of topic index {@code topic}; false when it was seen before. */
        synchronized boolean mention(int topic, long at, String story) {
            for (int i = 0; i < mentions; i++) {
                if (topics[i] == topic) {
                    return false;
                }
            }
            if (mentions == topics.length) {
                topics = Arrays.copyOf(topics, mentions * 2);
                mentionAt = Arrays.copyOf(mentionAt, mentions * 2);
            }
            topics[mentions] = topic;
            mentionAt[mentions] = at;
            mentions++;
            if (storyId == null) {
                storyId = story;
            }
            return true;
        }

        /** When the mention of topic index {@code topic} was committed, or -1. */
        synchronized long mentionAt(int topic) {
            for (int i = 0; i < mentions; i++) {
                if (topics[i] == topic) {
                    return mentionAt[i];
                }
            }
            return -1;
        }

        /** The topic indexes mentioned, sorted. */
        synchronized int[] mentionedTopics() {
            int[] sorted = Arrays.copyOf(topics, mentions);
            Arrays.sort(sorted);
            return sorted;
        }
    }

    /** One alert: its subscription, its article and topic, when it was committed and delivered. */
    static final class AlertEntry {
        final String id;
        String subscriptionId;
        String articleId;
        String topicId;
        String kind;
        long committedAt = -1;
        long deliveredAt = -1;

        AlertEntry(String id) {
            this.id = id;
        }
    }

    ArticleEntry article(String id) {
        return articles.computeIfAbsent(id, ArticleEntry::new);
    }

    ArticleEntry articleIfPresent(String id) {
        return articles.get(id);
    }

    Collection<ArticleEntry> articles() {
        return articles.values();
    }

    AlertEntry alert(String id) {
        return alerts.computeIfAbsent(id, AlertEntry::new);
    }

    Collection<AlertEntry> alerts() {
        return alerts.values();
    }

    Workload workload() {
        return workload;
    }

    /** Counts per wall-clock second since the start of the run. */
    static final class Timeline {
        private final long startMillis;
        private final AtomicLongArray counts = new AtomicLongArray(MAX_SECONDS);

        Timeline(long startMillis) {
            this.startMillis = startMillis;
        }

        void add(long atMillis, long n) {
            int second = (int) ((atMillis - startMillis) / 1000);
            if (second >= 0 && second < MAX_SECONDS) {
                counts.addAndGet(second, n);
            }
        }

        long get(int second) {
            return counts.get(second);
        }

        /** The sum over the wall-clock interval [from, to) in epoch milliseconds, by whole seconds. */
        long between(long fromMillis, long toMillis) {
            long sum = 0;
            int from = (int) Math.max(0, (fromMillis - startMillis) / 1000);
            int to = (int) Math.min(MAX_SECONDS, (toMillis - startMillis + 999) / 1000);
            for (int s = from; s < to; s++) {
                sum += counts.get(s);
            }
            return sum;
        }
    }
}
