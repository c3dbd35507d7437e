package dev.wirewatch.collector;

import dev.wirewatch.core.kafka.TopicNames;
import dev.wirewatch.core.kafka.Topics;
import dev.wirewatch.core.model.FeedHealth;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes the health of the feeds this collector polls to the compacted {@code wirewatch.feed-health} topic, so
 * that the console (which meets the collector only in Kafka) can show it; a feed's record is sent when it changes.
 *
 * <p>This should be closed when the stage stops.
 */
final class FeedHealthPublisher implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(FeedHealthPublisher.class);

    private final Supplier<List<FeedHealth>> source;
    private final KafkaProducer<byte[], byte[]> producer;
    private final String topic;
    private final Duration every;
    private final Map<String, FeedHealth> sent = new HashMap<>();
    private final Counter failures;
    private final Thread thread;
    private volatile boolean running = true;

    FeedHealthPublisher(Supplier<List<FeedHealth>> source, Properties kafka, TopicNames names, Duration every,
            MeterRegistry meters, String clientId) {
        this.source = Objects.requireNonNull(source, "source");
        this.topic = names.of(Topics.FEED_HEALTH);
        this.every = every;
        Properties props = new Properties();
        props.putAll(kafka);
        props.put(ProducerConfig.CLIENT_ID_CONFIG, clientId);
        props.put(ProducerConfig.LINGER_MS_CONFIG, "50");
        this.producer = new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer());
        this.failures = CollectorMeters.errors(meters, "feed_health_publish");
        this.thread = Thread.ofVirtual().name("collector-feed-health").start(this::loop);
    }

    private void loop() {
        while (running) {
            try {
                publishChanges();
            } catch (RuntimeException e) {
                failures.increment();
                LOG.warn("Failed to publish feed health to {}", topic, e);
            }
            LockSupport.parkNanos(every.toNanos());
        }
    }

    /** Sends the feeds whose health changed since the last call. */
    void publishChanges() {
        for (FeedHealth health : source.get()) {
            FeedHealth record = health.rounded();
            if (record.equals(sent.get(record.feedId()))) {
                continue;
            }
            sent.put(record.feedId(), record);
            producer.send(new ProducerRecord<>(topic, record.feedId().getBytes(StandardCharsets.UTF_8),
                    Topics.FEED_HEALTH_SERDE.toBytes(record)), (meta, e) -> {
                        if (e != null) {
                            failures.increment();
                            LOG.warn("Failed to publish the health of feed {}", record.feedId(), e);
                        }
                    });
        }
    }

    @Override
    public void close() {
        running = false;
        LockSupport.unpark(thread);
        try {
            thread.join(Duration.ofSeconds(5));
            publishChanges();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.debug("Last feed health publish failed", e);
        }
        producer.close(Duration.ofSeconds(5));
    }
}
