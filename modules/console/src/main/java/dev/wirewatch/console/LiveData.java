package dev.wirewatch.console;

import dev.wirewatch.core.kafka.DeadLetterRouter;
import dev.wirewatch.core.kafka.TopicFollower;
import dev.wirewatch.core.kafka.TopicNames;
import dev.wirewatch.core.kafka.Topics;
import dev.wirewatch.core.model.Alert;
import dev.wirewatch.core.model.DeliveryAttempt;
import dev.wirewatch.core.model.Mention;
import dev.wirewatch.core.model.TopicStats;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.SequencedMap;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * What the pipeline produces, as the dashboard shows it: the latest mentions (and a stream of new ones), alerts for
 * the live-stream channel, the tagger's windowed topic stats, and delivery status per subscription.
 *
 * <p>Everything is read with {@code read_committed} from the pipeline's topics by one follower: recent mentions from
 * the last {@code console.mentions.buffer} records, stats from the beginning of their retention, delivery attempts
 * from {@code console.deliveries.lookback} ago, alerts from now on. This should be closed on shutdown.
 */
final class LiveData implements AutoCloseable {

    /** How many windows of each size are kept per topic: three hours of minutes, a week of hours, a month of days. */
    static final Map<String, Integer> WINDOWS_KEPT = Map.of("1m", 180, "1h", 168, "1d", 31);
    private static final int RECENT_ATTEMPTS = 20;

    /** The delivery status of one subscription over the lookback. */
    record DeliveryStatus(String subscriptionId, long delivered, long failed, long gaveUp, long other,
            DeliveryAttempt last, Instant lastDeliveredAt, List<DeliveryAttempt> recent) {
    }

    private final int mentionsKept;
    private final SequencedMap<String, Mention> mentions = new LinkedHashMap<>();
    private final Map<String, Map<String, TreeMap<Instant, TopicStats>>> stats = new ConcurrentHashMap<>();
    private final Map<String, DeliveryStatus> deliveries = new ConcurrentHashMap<>();
    private final Broadcaster<Mention> mentionStream;
    private final Broadcaster<Alert> alertStream;
    private final TopicFollower follower;

    LiveData(Properties clientProperties, TopicNames names, int mentionsKept, Duration deliveriesLookback,
            DeadLetterRouter deadLetters, MeterRegistry meters) {
        this.mentionsKept = mentionsKept;
        this.mentionStream = new Broadcaster<>("mentions", 1000, meters);
        this.alertStream = new Broadcaster<>("alerts", 1000, meters);
        int perPartition = Math.max(1, mentionsKept / Math.max(1, Topics.MENTIONS.partitions()) + 1);
        this.follower = TopicFollower.builder("console-live", clientProperties, meters)
                .follow(names.of(Topics.MENTIONS), new TopicFollower.Start.Last(perPartition),
                        (record, catchingUp) -> onMention(decode(Topics.MENTION_SERDE, record)))
                .follow(names.of(Topics.ALERTS), new TopicFollower.Start.End(),
                        (record, catchingUp) -> onAlert(decode(Topics.ALERT_SERDE, record)))
                .follow(names.of(Topics.TOPIC_STATS), new TopicFollower.Start.Beginning(),
                        (record, catchingUp) -> onStats(decode(Topics.TOPIC_STATS_SERDE, record)))
                .follow(names.of(Topics.DELIVERIES), new TopicFollower.Start.Since(Instant.now().minus(deliveriesLookback)),
                        (record, catchingUp) -> onDelivery(decode(Topics.DELIVERY_SERDE, record)))
                .deadLetters(deadLetters).errors(ConsoleMeters.errors(meters, "read-live")).build();
    }

    private static <V> V decode(dev.wirewatch.core.kafka.JsonSerde<V> serde, ConsumerRecord<byte[], byte[]> record) {
        return serde.fromBytes(record.value());
    }

    void start() {
        follower.start();
    }

    boolean healthy() {
        return follower.alive();
    }

    boolean caughtUp() {
        return follower.caughtUp();
    }

    void onMention(Mention mention) {
        if (mention == null) {
            return;
        }
        synchronized (mentions) {
            mentions.remove(mention.id());
            mentions.put(mention.id(), mention);
            while (mentions.size() > mentionsKept) {
                mentions.pollFirstEntry();
            }
        }
        mentionStream.publish(mention);
    }

    void onAlert(Alert alert) {
        if (alert != null) {
            alertStream.publish(alert);
        }
    }

    void onStats(TopicStats value) {
        if (value == null || value.topicId() == null || value.window() == null || value.windowStart() == null) {
            return;
        }
        TreeMap<Instant, TopicStats> series = stats.computeIfAbsent(value.topicId(), k -> new ConcurrentHashMap<>())
                .computeIfAbsent(value.window(), k -> new TreeMap<>());
        synchronized (series) {
            series.put(value.windowStart(), value);
            int kept = WINDOWS_KEPT.getOrDefault(value.window(), 100);
            while (series.size() > kept) {
                series.pollFirstEntry();
            }
        }
    }

    void onDelivery(DeliveryAttempt attempt) {
        if (attempt == null) {
            return;
        }
        deliveries.compute(attempt.subscriptionId(), (id, old) -> {
            long delivered = old == null ? 0 : old.delivered();
            long failed = old == null ? 0 : old.failed();
            long gaveUp = old == null ? 0 : old.gaveUp();
            long other = old == null ? 0 : old.other();
            Instant lastDelivered = old == null ? null : old.lastDeliveredAt();
            switch (Objects.requireNonNullElse(attempt.outcome(), "")) {
                case DeliveryAttempt.DELIVERED -> {
                    delivered++;
                    lastDelivered = attempt.attemptedAt();
                }
                case DeliveryAttempt.FAILED -> failed++;
                case DeliveryAttempt.GAVE_UP -> gaveUp++;
                default -> other++;
            }
            Deque<DeliveryAttempt> recent = new ArrayDeque<>(old == null ? List.of() : old.recent());
            recent.addFirst(attempt);
            while (recent.size() > RECENT_ATTEMPTS) {
                recent.removeLast();
            }
            return new DeliveryStatus(id, delivered, failed, gaveUp, other, attempt, lastDelivered, List.copyOf(recent));
        });
    }

    /** The newest mentions first, of one topic or all (topic null), at most {@code limit}. */
    List<Mention> recentMentions(String topic, String story, int limit) {
        List<Mention> out = new ArrayList<>();
        synchronized (mentions) {
            for (Mention m : mentions.sequencedValues().reversed()) {
                if ((topic == null || topic.equals(m.topicId())) && (story == null || story.equals(m.storyId()))) {
                    out.add(m);
                    if (out.size() >= limit) {
                        break;
                    }
                }
            }
        }
        return out;
    }

    /** The stats of one topic by window size, oldest window first. */
    Map<String, List<TopicStats>> stats(String topicId) {
        Map<String, List<TopicStats>> out = new TreeMap<>();
        for (String window : WINDOWS_KEPT.keySet()) {
            out.put(window, List.of());
        }
        Map<String, TreeMap<Instant, TopicStats>> byWindow = stats.get(topicId);
        if (byWindow != null) {
            byWindow.forEach((window, series) -> {
                synchronized (series) {
                    out.put(window, List.copyOf(series.values()));
                }
            });
        }
        return out;
    }

    /** The ids of the topics that have stats. */
    List<String> topicsWithStats() {
        return stats.keySet().stream().sorted().toList();
    }

    DeliveryStatus deliveryStatus(String subscriptionId) {
        return deliveries.get(subscriptionId);
    }

    Broadcaster<Mention> mentionStream() {
        return mentionStream;
    }

    Broadcaster<Alert> alertStream() {
        return alertStream;
    }

    @Override
    public void close() {
        mentionStream.close();
        alertStream.close();
        follower.close();
    }
}
