package dev.wirewatch.console;

import dev.wirewatch.core.kafka.CompactedTopicView;
import dev.wirewatch.core.kafka.DeadLetterRouter;
import dev.wirewatch.core.kafka.TopicFollower;
import dev.wirewatch.core.kafka.TopicNames;
import dev.wirewatch.core.kafka.TopicSpec;
import dev.wirewatch.core.kafka.Topics;
import dev.wirewatch.core.model.ApiKey;
import dev.wirewatch.core.model.Feed;
import dev.wirewatch.core.model.FeedHealth;
import dev.wirewatch.core.model.Subscription;
import dev.wirewatch.core.model.TrackedTopic;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The definitions the console serves and edits, as in-memory tables of their compacted topics: tracked topics,
 * subscriptions, feeds, API keys, and the collectors' feed health.
 *
 * <p>The tables are read from the beginning at start and follow the topics while the console runs, so that edits
 * made by another console instance show up. Writes go to Kafka through an idempotent producer and return once
 * acknowledged; the written value is in the table at once. This should be closed on shutdown.
 */
final class Definitions implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Definitions.class);

    final CompactedTopicView<TrackedTopic> topics;
    final CompactedTopicView<Subscription> subscriptions;
    final CompactedTopicView<Feed> feeds;
    final CompactedTopicView<ApiKey> apiKeys;
    final CompactedTopicView<FeedHealth> feedHealth;

    private final Producer<byte[], byte[]> producer;
    private final Duration writeTimeout;
    private final TopicFollower follower;
    private final MeterRegistry meters;
    private final Counter writeFailures;

    Definitions(Properties clientProperties, TopicNames names, Producer<byte[], byte[]> producer,
            DeadLetterRouter deadLetters, MeterRegistry meters, Duration writeTimeout) {
        this.producer = producer;
        this.writeTimeout = writeTimeout;
        this.meters = meters;
        this.topics = new CompactedTopicView<>(Topics.TRACKED_TOPICS, names.of(Topics.TRACKED_TOPICS));
        this.subscriptions = new CompactedTopicView<>(Topics.SUBSCRIPTIONS, names.of(Topics.SUBSCRIPTIONS));
        this.feeds = new CompactedTopicView<>(Topics.FEEDS, names.of(Topics.FEEDS));
        this.apiKeys = new CompactedTopicView<>(Topics.API_KEYS, names.of(Topics.API_KEYS));
        this.feedHealth = new CompactedTopicView<>(Topics.FEED_HEALTH, names.of(Topics.FEED_HEALTH));
        this.writeFailures = ConsoleMeters.errors(meters, "write");
        this.follower = TopicFollower.builder("console-definitions", clientProperties, meters)
                .follow(topics).follow(subscriptions).follow(feeds).follow(apiKeys).follow(feedHealth)
                .deadLetters(deadLetters).errors(ConsoleMeters.errors(meters, "read-definitions")).build();
    }

    /** Starts following the topics and waits until what they held is read. */
    void start(Duration timeout) throws InterruptedException {
        follower.start();
        if (!follower.awaitCaughtUp(timeout)) {
            throw new IllegalStateException("Timed out after " + timeout.toSeconds()
                    + " s reading the definitions (tracked topics, subscriptions, feeds, API keys) from Kafka");
        }
        LOG.info("[console] definitions read: {} tracked topics, {} subscriptions, {} feeds, {} API keys",
                topics.size(), subscriptions.size(), feeds.size(), apiKeys.size());
    }

    boolean healthy() {
        return follower.alive() && follower.caughtUp();
    }

    /**
     * Writes a value (null: a tombstone) and waits for Kafka's acknowledgement; then the table holds it.
     *
     * @throws ApiError 503 when Kafka does not acknowledge the write in time
     */
    <V> void write(CompactedTopicView<V> table, String key, V value) {
        TopicSpec<String, V> spec = table.spec();
        byte[] bytes = value == null ? null : spec.valueSerde().serializer().serialize(table.topic(), value);
        ProducerRecord<byte[], byte[]> record = new ProducerRecord<>(table.topic(), key.getBytes(StandardCharsets.UTF_8), bytes);
        RecordMetadata meta;
        try {
            meta = producer.send(record).get(writeTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            writeFailures.increment();
            LOG.error("[console] write of {} '{}' to {} failed", spec.suffix(), key, table.topic(), e);
            throw new ApiError(503, "Kafka did not acknowledge the write of " + spec.suffix() + " '" + key
                    + "': " + (e.getCause() != null ? e.getCause().getMessage() : "timed out after " + writeTimeout.toSeconds() + " s"),
                    null, null, null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ApiError(503, "interrupted while writing " + spec.suffix() + " '" + key + "'", null, null, null);
        }
        table.apply(key, value, meta.partition(), meta.offset());
        Counter.builder(ConsoleMeters.WRITES).tag("topic", spec.suffix()).description("definitions written")
                .register(meters).increment();
        LOG.info("[console] {} '{}' {} at {}-{}@{}", spec.suffix(), key, value == null ? "deleted" : "written",
                table.topic(), meta.partition(), meta.offset());
    }

    @Override
    public void close() {
        follower.close();
    }
}
