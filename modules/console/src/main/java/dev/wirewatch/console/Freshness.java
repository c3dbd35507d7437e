package dev.wirewatch.console;

import dev.wirewatch.core.model.Alert;
import dev.wirewatch.core.model.Mention;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * How late alerts are: the delay from each article's publication to its first real-time alert, per topic and per feed,
 * over the last hour and day, computed from the alerts topic the console already reads.
 *
 * <p>An article alerted to many subscribers counts once per topic (its first alert). Digests wait by design and are
 * left out. Thread-safe; samples older than a day are dropped as new ones come, and at most {@link #MAX_SAMPLES} are
 * kept.
 */
final class Freshness {

    static final int MAX_SAMPLES = 200_000;
    static final Duration DAY = Duration.ofDays(1);
    static final Duration HOUR = Duration.ofHours(1);

    /** One article's first real-time alert for one topic. */
    record Sample(Instant alertedAt, String topicId, String feed, long delayMs) {
    }

    /** Median and 90th percentile of a group of samples, nearest rank, in milliseconds. */
    record Delays(String key, int count, long p50Ms, long p90Ms) {
    }

    /** One window's delays by topic and by feed, and over all. */
    record Window(String window, Delays all, List<Delays> byTopic, List<Delays> byFeed) {
    }

    private final Deque<Sample> samples = new ArrayDeque<>();
    private final Set<String> seen = new HashSet<>();
    private final Deque<String> seenOrder = new ArrayDeque<>();

    /** Counts the articles of a real-time alert that no earlier alert carried for the same topic. */
    synchronized void onAlert(Alert alert) {
        if (alert == null || !Alert.REALTIME.equals(alert.kind()) || alert.createdAt() == null) {
            return;
        }
        for (Mention m : alert.mentions()) {
            if (m.publishedAt() == null || m.publishedAt().isAfter(alert.createdAt())) {
                continue;
            }
            long delay = Duration.between(m.publishedAt(), alert.createdAt()).toMillis();
            String feed = m.feedId() != null ? m.feedId() : m.source() != null ? m.source() : "unknown";
            for (String topic : m.topicIds()) {
                String key = m.articleId() + '|' + topic;
                if (seen.add(key)) {
                    seenOrder.addLast(key);
                    samples.addLast(new Sample(alert.createdAt(), topic, feed, delay));
                }
            }
        }
        while (samples.size() > MAX_SAMPLES) {
            samples.removeFirst();
        }
        while (seenOrder.size() > MAX_SAMPLES) {
            seen.remove(seenOrder.removeFirst());
        }
    }

    /** The delays over the last hour and the last day before {@code now}. */
    synchronized List<Window> windows(Instant now) {
        Instant dayAgo = now.minus(DAY);
        while (!samples.isEmpty() && samples.peekFirst().alertedAt().isBefore(dayAgo)) {
            samples.removeFirst();
        }
        return List.of(window("1h", now.minus(HOUR), now), window("1d", dayAgo, now));
    }

    private Window window(String name, Instant from, Instant to) {
        List<Long> all = new ArrayList<>();
        Map<String, List<Long>> byTopic = new TreeMap<>();
        Map<String, List<Long>> byFeed = new TreeMap<>();
        for (Sample s : samples) {
            if (s.alertedAt().isBefore(from) || s.alertedAt().isAfter(to)) {
                continue;
            }
            all.add(s.delayMs());
            byTopic.computeIfAbsent(s.topicId(), k -> new ArrayList<>()).add(s.delayMs());
            byFeed.computeIfAbsent(s.feed(), k -> new ArrayList<>()).add(s.delayMs());
        }
        return new Window(name, delays("all", all), groups(byTopic), groups(byFeed));
    }

    private static List<Delays> groups(Map<String, List<Long>> groups) {
        Map<String, Delays> out = new LinkedHashMap<>();
        groups.forEach((k, v) -> out.put(k, delays(k, v)));
        return List.copyOf(out.values());
    }

    static Delays delays(String key, List<Long> values) {
        if (values.isEmpty()) {
            return new Delays(key, 0, 0, 0);
        }
        long[] sorted = values.stream().mapToLong(Long::longValue).toArray();
        Arrays.sort(sorted);
        return new Delays(key, sorted.length, rank(sorted, 50), rank(sorted, 90));
    }

    /** The nearest-rank percentile: the smallest value with at least p% of the values at or below it. */
    private static long rank(long[] sorted, int p) {
        int index = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }
}
