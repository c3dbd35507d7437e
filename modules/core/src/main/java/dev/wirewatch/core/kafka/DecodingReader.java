package dev.wirewatch.core.kafka;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;

/**
 * Polls a byte-array consumer and decodes each record with a topic's serdes; a record that cannot be decoded is sent
 * to the stage's dead-letter topic and counted, and reading goes on.
 *
 * <p>The caller owns the consumer (subscription, commits, closing); this class is not thread-safe, like the consumer.
 */
public final class DecodingReader<K, V> {

    /** A decoded record with its origin. */
    public record Decoded<K, V>(K key, V value, String topic, int partition, long offset, long timestamp) {
    }

    private final TopicSpec<K, V> spec;
    private final Consumer<byte[], byte[]> consumer;
    private final DeadLetterRouter deadLetters;
    private final Counter decoded;

    public DecodingReader(TopicSpec<K, V> spec, Consumer<byte[], byte[]> consumer, DeadLetterRouter deadLetters,
            MeterRegistry meters) {
        this.spec = Objects.requireNonNull(spec, "spec");
        this.consumer = Objects.requireNonNull(consumer, "consumer");
        this.deadLetters = Objects.requireNonNull(deadLetters, "deadLetters");
        this.decoded = Counter.builder(CoreMeters.RECORDS_READ).tag("topic", spec.suffix())
                .description("records read and decoded").register(meters);
    }

    /** Polls once and returns the records that decoded; tombstones come back with a null value. */
    public List<Decoded<K, V>> poll(Duration timeout) {
        ConsumerRecords<byte[], byte[]> records = consumer.poll(timeout);
        List<Decoded<K, V>> out = new ArrayList<>(records.count());
        for (ConsumerRecord<byte[], byte[]> record : records) {
            try {
                K key = spec.keySerde().deserializer().deserialize(record.topic(), record.key());
                V value = spec.valueSerde().deserializer().deserialize(record.topic(), record.value());
                out.add(new Decoded<>(key, value, record.topic(), record.partition(), record.offset(), record.timestamp()));
                decoded.increment();
            } catch (RuntimeException e) {
                deadLetters.route(record, e);
            }
        }
        return out;
    }
}
