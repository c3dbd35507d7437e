package dev.wirewatch.alerter.delivery;

import dev.wirewatch.core.kafka.Topics;
import dev.wirewatch.core.model.Subscription;
import io.micrometer.core.instrument.Counter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The delivery side's copy of every subscription, read from the compacted subscriptions topic by a consumer of its
 * own (no group: every instance reads every partition from the beginning) and kept current while running.
 *
 * <p>This should be closed on shutdown.
 */
final class SubscriptionView implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SubscriptionView.class);

    private final Map<String, Subscription> byId = new ConcurrentHashMap<>();
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final String topic;
    private final BiConsumer<Subscription, Subscription> onChange;
    private final Counter unreadable;
    private final CountDownLatch caughtUp = new CountDownLatch(1);
    private final Thread reader;
    private volatile boolean running = true;

    /**
     * @param onChange called with (old, new) for every subscription that is created or changed while running, on the
     *     reader's thread
     */
    SubscriptionView(Properties clientProps, String topic, BiConsumer<Subscription, Subscription> onChange,
            Counter unreadable) {
        Properties props = new Properties();
        props.putAll(clientProps);
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.remove(ConsumerConfig.GROUP_ID_CONFIG);
        this.consumer = new KafkaConsumer<>(props);
        this.topic = topic;
        this.onChange = onChange;
        this.unreadable = unreadable;
        this.reader = Thread.ofVirtual().name("alerter-subscriptions").start(this::read);
    }

    private void read() {
        try {
            List<TopicPartition> partitions = new ArrayList<>();
            for (PartitionInfo info : consumer.partitionsFor(topic, Duration.ofSeconds(60))) {
                partitions.add(new TopicPartition(topic, info.partition()));
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, Duration.ofSeconds(60));
            while (running) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    apply(record);
                }
                if (caughtUp.getCount() > 0 && end.entrySet().stream()
                        .allMatch(e -> consumer.position(e.getKey()) >= e.getValue())) {
                    LOG.info("Delivery knows {} subscriptions", byId.size());
                    caughtUp.countDown();
                }
            }
        } catch (WakeupException e) {
            if (running) {
                LOG.error("The subscriptions reader was woken up unexpectedly", e);
            }
        } catch (RuntimeException e) {
            unreadable.increment();
            LOG.error("The subscriptions reader stopped; subscription changes are no longer seen", e);
        } finally {
            consumer.close(Duration.ofSeconds(5));
        }
    }

    private void apply(ConsumerRecord<byte[], byte[]> record) {
        String id = record.key() == null ? null : new String(record.key(), java.nio.charset.StandardCharsets.UTF_8);
        if (id == null) {
            return;
        }
        Subscription value;
        try {
            value = Topics.SUBSCRIPTION_SERDE.fromBytes(record.value());
        } catch (RuntimeException e) {
            unreadable.increment();
            LOG.warn("Unreadable subscription {} at {}-{}@{} ignored: {}", id, record.topic(), record.partition(),
                    record.offset(), e.getMessage());
            return;
        }
        Subscription old = value == null ? byId.remove(id) : byId.put(id, value);
        if (value != null && caughtUp.getCount() == 0 && !value.equals(old)) {
            onChange.accept(old, value);
        }
    }

    /** Waits until the view holds every subscription written before it started. */
    boolean awaitCaughtUp(Duration timeout) throws InterruptedException {
        return caughtUp.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Whether the reader is still running. */
    boolean alive() {
        return reader.isAlive();
    }

    Subscription get(String id) {
        return byId.get(id);
    }

    /**
     * Disables a subscription in this view at once, before the change comes back from the topic.
     *
     * @return the disabled copy, or null when it was already disabled or is unknown (so only one caller disables it)
     */
    Subscription disable(String id, java.time.Instant now) {
        Subscription[] flipped = new Subscription[1];
        byId.computeIfPresent(id, (key, s) -> {
            if (!s.enabled()) {
                return s;
            }
            flipped[0] = new Subscription(s.schemaVersion(), s.id(), s.name(), s.desk(), s.topics(), s.languages(),
                    s.sources(), s.mode(), s.channel(), false, s.ownerEmail(), now);
            return flipped[0];
        });
        return flipped[0];
    }

    int size() {
        return byId.size();
    }

    @Override
    public void close() {
        running = false;
        consumer.wakeup();
        try {
            reader.join(TimeUnit.SECONDS.toMillis(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
