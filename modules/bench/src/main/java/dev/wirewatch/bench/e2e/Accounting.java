package dev.wirewatch.bench.e2e;

import dev.wirewatch.core.model.Alert;
import dev.wirewatch.core.model.Subscription;
import dev.wirewatch.core.model.TrackedTopic;
import dev.wirewatch.matcher.Document;
import dev.wirewatch.matcher.QueryException;
import dev.wirewatch.matcher.TopicMatcher;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Whether every article, mention, alert and delivery of the whole run (warm-up included) is accounted for, checked
 * against what the pipeline should have produced.
 *
 * <ul>
 *   <li>Mentions: the production {@link TopicMatcher}, run here on the very text the tagger read (the committed
 *       article), gives the expected (article, topic) pairs; any pair missing or extra is a failure.</li>
 *   <li>Alerts: a real-time subscriber gets one alert per story among the articles that mention its topics; later
 *       articles of a story it has seen are held for a digest ({@code syndicated: fold}). So the expected real-time
 *       alerts are the distinct (subscription, story) pairs of the committed mentions, with the stories the tagger
 *       gave them; the rest of the (subscription, article) pairs are the held ones.</li>
 *   <li>Deliveries: each committed alert has a verified delivery.</li>
 * </ul>
 */
final class Accounting {

    /** The counts of the run, and what failed. */
    record Result(long articlesPublished, long articlesCommitted, long articlesTagged, long mentionsExpected,
            long mentionsCommitted, long mentionsMissing, long mentionsUnexpected, long alertsExpected,
            long alertsCommitted, long alertsMissing, long alertsUnexpected, long alertsHeld, long digests,
            long deliveriesVerified, long deliveriesMissing, long signatureFailures, long duplicateArticles,
            long duplicateMentions, long duplicateAlerts, long duplicateDeliveries, long writesFailed,
            List<String> failures) {

        Result {
            failures = List.copyOf(failures);
        }
    }

    private Accounting() {
    }

    /** The expected mentions of each committed article, by article id, as sorted topic indexes. */
    static Map<String, int[]> expectedMentions(Ledger ledger, int threads) throws InterruptedException {
        Workload workload = ledger.workload();
        TopicMatcher matcher = new TopicMatcher();
        for (TrackedTopic topic : workload.topics()) {
            try {
                matcher.put(topic.id(), topic.query());
            } catch (QueryException e) {
                // the tagger refuses it too
            }
        }
        List<Ledger.ArticleEntry> committed = ledger.articles().stream().filter(a -> a.committedAt >= 0).toList();
        Map<String, int[]> expected = new java.util.concurrent.ConcurrentHashMap<>();
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, threads),
                r -> Thread.ofPlatform().name("bench-accounting").daemon(true).unstarted(r));
        try {
            List<Future<?>> parts = new ArrayList<>();
            int n = Math.max(1, threads);
            for (int t = 0; t < n; t++) {
                int part = t;
                parts.add(pool.submit(() -> {
                    for (int i = part; i < committed.size(); i += n) {
                        Ledger.ArticleEntry entry = committed.get(i);
                        Document document = entry.document != null ? entry.document
                                : Workload.document(workload.article(entry.seq, Instant.EPOCH));
                        List<String> ids = matcher.matchingTopicIds(document);
                        int[] topics = new int[ids.size()];
                        for (int k = 0; k < topics.length; k++) {
                            topics[k] = workload.topicIndex(ids.get(k));
                        }
                        Arrays.sort(topics);
                        expected.put(entry.id, topics);
                    }
                }));
            }
            for (Future<?> part : parts) {
                part.get();
            }
        } catch (ExecutionException e) {
            throw new IllegalStateException("Computing the expected mentions failed", e.getCause());
        } finally {
            pool.shutdownNow();
        }
        return expected;
    }

    /**
     * Accounts for the run.
     *
     * @param published articles the load published
     * @param tagged articles the tagger committed
     * @param expected the expected mentions of each committed article ({@link #expectedMentions})
     */
    static Result account(Ledger ledger, long published, long tagged, Map<String, int[]> expected,
            long signatureFailures, CheckedSends writes, long unreadable) {
        Workload workload = ledger.workload();
        List<String> failures = new ArrayList<>();
        long committed = 0;
        long expectedMentions = 0;
        long committedMentions = 0;
        long missingMentions = 0;
        long unexpectedMentions = ledger.unknownMentions.get();
        Map<String, Integer> subscriptionIndex = new HashMap<>();
        List<Subscription> subscriptions = workload.subscriptions();
        List<List<Integer>> subscribersOf = new ArrayList<>();
        for (int i = 0; i < workload.topics().size(); i++) {
            subscribersOf.add(new ArrayList<>());
        }
        for (int s = 0; s < subscriptions.size(); s++) {
            subscriptionIndex.put(subscriptions.get(s).id(), s);
            for (String topic : subscriptions.get(s).topics()) {
                int t = workload.topicIndex(topic);
                if (t >= 0) {
                    subscribersOf.get(t).add(s);
                }
            }
        }
        Set<String> expectedAlerts = new HashSet<>();
        long subscriberArticles = 0;
        for (Ledger.ArticleEntry article : ledger.articles()) {
            int[] seen = article.mentionedTopics();
            committedMentions += seen.length;
            if (article.committedAt >= 0) {
                committed++;
                int[] wanted = expected.getOrDefault(article.id, new int[0]);
                expectedMentions += wanted.length;
                missingMentions += difference(wanted, seen);
                unexpectedMentions += difference(seen, wanted);
            } else {
                unexpectedMentions += seen.length;
            }
            String story = article.storyId == null ? article.id : article.storyId;
            Set<Integer> subscribers = new HashSet<>();
            for (int topic : seen) {
                subscribers.addAll(subscribersOf.get(topic));
            }
            subscriberArticles += subscribers.size();
            for (int s : subscribers) {
                expectedAlerts.add(s + "|" + story);
            }
        }
        long realtime = 0;
        long digests = 0;
        long unexpectedAlerts = 0;
        long verified = 0;
        long undelivered = 0;
        Set<String> alerted = new HashSet<>();
        for (Ledger.AlertEntry alert : ledger.alerts()) {
            if (alert.committedAt < 0) {
                continue; // delivered but never seen committed: counted below
            }
            if (alert.deliveredAt >= 0) {
                verified++;
            } else {
                undelivered++;
            }
            if (Alert.DIGEST.equals(alert.kind)) {
                digests++;
                continue;
            }
            realtime++;
            Ledger.ArticleEntry article = alert.articleId == null ? null : ledger.articleIfPresent(alert.articleId);
            Integer s = subscriptionIndex.get(alert.subscriptionId);
            String story = article == null ? null : article.storyId == null ? article.id : article.storyId;
            String key = s + "|" + story;
            if (s == null || story == null || !expectedAlerts.contains(key) || !alerted.add(key)) {
                unexpectedAlerts++;
            }
        }
        long missingAlerts = expectedAlerts.size() - (realtime - unexpectedAlerts);
        long deliveredUnseen = ledger.alerts().stream().filter(a -> a.committedAt < 0 && a.deliveredAt >= 0).count();

        check(failures, writes.failed() == 0, "%d of %d bench writes failed: %s", writes.failed(), writes.sent(),
                writes.failures());
        check(failures, committed >= published, "%d of %d published articles never became visible on the articles topic",
                published - committed, published);
        check(failures, tagged >= committed, "the tagger committed %d of %d articles", tagged, committed);
        check(failures, missingMentions == 0 && unexpectedMentions == 0,
                "mentions: %d expected, %d committed, %d missing, %d unexpected", expectedMentions, committedMentions,
                missingMentions, unexpectedMentions);
        check(failures, missingAlerts == 0 && unexpectedAlerts == 0,
                "real-time alerts: %d expected, %d committed, %d missing, %d unexpected", expectedAlerts.size(), realtime,
                missingAlerts, unexpectedAlerts);
        check(failures, undelivered == 0, "%d committed alerts were never delivered", undelivered);
        check(failures, deliveredUnseen == 0, "%d deliveries name alerts never seen on the alerts topic", deliveredUnseen);
        check(failures, signatureFailures == 0, "%d deliveries failed signature verification", signatureFailures);
        check(failures, ledger.duplicateArticles.get() == 0 && ledger.duplicateMentions.get() == 0
                        && ledger.duplicateAlerts.get() == 0,
                "duplicates on read_committed topics: %d articles, %d mentions, %d alerts", ledger.duplicateArticles.get(),
                ledger.duplicateMentions.get(), ledger.duplicateAlerts.get());
        check(failures, unreadable == 0, "%d records could not be read", unreadable);

        return new Result(published, committed, tagged, expectedMentions, committedMentions, missingMentions,
                unexpectedMentions, expectedAlerts.size(), realtime, missingAlerts, unexpectedAlerts,
                subscriberArticles - expectedAlerts.size(), digests, verified, undelivered, signatureFailures,
                ledger.duplicateArticles.get(), ledger.duplicateMentions.get(), ledger.duplicateAlerts.get(),
                ledger.duplicateDeliveries.get(), writes.failed(), failures);
    }

    /** How many of the sorted values {@code a} are not in the sorted values {@code b}. */
    static int difference(int[] a, int[] b) {
        int missing = 0;
        int j = 0;
        for (int value : a) {
            while (j < b.length && b[j] < value) {
                j++;
            }
            if (j >= b.length || b[j] != value) {
                missing++;
            }
        }
        return missing;
    }

    private static void check(List<String> failures, boolean ok, String format, Object... args) {
        if (!ok) {
            failures.add(String.format(Locale.ROOT, format, args));
        }
    }
}
