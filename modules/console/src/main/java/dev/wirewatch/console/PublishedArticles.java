package dev.wirewatch.console;

import dev.wirewatch.core.kafka.ClientProperties;
import dev.wirewatch.core.kafka.Topics;
import dev.wirewatch.core.model.Article;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.utils.Utils;

/**
 * Finds the latest version of an article in {@code wirewatch.articles}, so that an article submitted to the console
 * is versioned as the collector versions it: the same content is not published again, an edit is the next version.
 *
 * <p>It reads the one partition that holds the article's key, from the look-back window on (as the collector reads
 * back its dedup window). Lookups run one at a time. This should be closed on shutdown.
 */
final class PublishedArticles implements AutoCloseable {

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final String topic;
    private final Duration lookback;
    private final Duration timeout;

    PublishedArticles(Properties clientProperties, String topic, Duration lookback, Duration timeout) {
        this.consumer = new KafkaConsumer<>(
                ClientProperties.committedReader(clientProperties, "wirewatch-console-published-articles"));
        this.topic = topic;
        this.lookback = lookback;
        this.timeout = timeout;
    }

    /**
     * The highest version of an article published within the look-back window, if any.
     *
     * @throws org.apache.kafka.common.KafkaException when the topic cannot be read in time
     */
    synchronized Optional<Article> latest(String articleId) {
        byte[] key = articleId.getBytes(StandardCharsets.UTF_8);
        List<PartitionInfo> partitions = consumer.partitionsFor(topic, timeout);
        if (partitions == null || partitions.isEmpty()) {
            return Optional.empty();
        }
        // the default partitioner's choice for a keyed record
        TopicPartition tp = new TopicPartition(topic, Utils.toPositive(Utils.murmur2(key)) % partitions.size());
        consumer.assign(List.of(tp));
        long end = consumer.endOffsets(List.of(tp), timeout).get(tp);
        OffsetAndTimestamp from = consumer.offsetsForTimes(Map.of(tp, Instant.now().minus(lookback).toEpochMilli()), timeout)
                .get(tp);
        if (from == null || from.offset() >= end) {
            return Optional.empty();
        }
        consumer.seek(tp, from.offset());
        long deadline = System.nanoTime() + timeout.toNanos();
        Article latest = null;
        while (consumer.position(tp, timeout) < end) {
            if (System.nanoTime() > deadline) {
                throw new org.apache.kafka.common.errors.TimeoutException("reading " + tp + " took longer than " + timeout);
            }
            for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                if (record.value() != null && Arrays.equals(key, record.key())) {
                    Article article;
                    try {
                        article = Topics.ARTICLE_SERDE.fromBytes(record.value());
                    } catch (RuntimeException e) {
                        continue; // an unreadable record is the tagger's dead letter, counted there
                    }
                    if (latest == null || article.version() >= latest.version()) {
                        latest = article;
                    }
                }
            }
        }
        return Optional.ofNullable(latest);
    }

    @Override
    public void close() {
        synchronized (this) {
            consumer.close(Duration.ofSeconds(5));
        }
    }
}
