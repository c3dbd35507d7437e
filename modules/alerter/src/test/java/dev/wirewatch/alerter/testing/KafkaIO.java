package dev.wirewatch.alerter.testing;

import static org.awaitility.Awaitility.await;

import dev.wirewatch.broker.testing.KafkaBrokerExtension;
import dev.wirewatch.core.kafka.KafkaTopicsAdmin;
import dev.wirewatch.core.kafka.TopicNames;
import dev.wirewatch.core.kafka.TopicSpec;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/** Writes and reads the registry's topics on the shared test broker, under a prefix of the test's own. */
public final class KafkaIO implements AutoCloseable {

    private final TopicNames names;
    private final KafkaProducer<byte[], byte[]> producer;

    public KafkaIO(TopicNames names) {
        this.names = names;
        KafkaTopicsAdmin.ensureTopics(KafkaBrokerExtension.clientProperties(), names);
        Properties props = KafkaBrokerExtension.clientProperties();
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        props.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        this.producer = new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer());
    }

    /** Fresh topic names for one test, with every registry topic created. */
    public static KafkaIO fresh() {
        return new KafkaIO(new TopicNames(KafkaBrokerExtension.uniquePrefix(), (short) 1, 0));
    }

    public TopicNames names() {
        return names;
    }

    public String prefix() {
        return names.prefix();
    }

    /** Writes one record and waits for the broker; {@code partition} null lets the key decide. */
    public <V> void send(TopicSpec<String, V> spec, String key, V value, Integer partition) {
        byte[] bytes = value == null ? null : spec.valueSerde().serializer().serialize("", value);
        try {
            producer.send(new ProducerRecord<>(names.of(spec), partition, key.getBytes(StandardCharsets.UTF_8), bytes))
                    .get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        } catch (ExecutionException e) {
            throw new AssertionError("Failed to write to " + names.of(spec), e.getCause());
        }
    }

    public <V> void send(TopicSpec<String, V> spec, String key, V value) {
        send(spec, key, value, null);
    }

    /** Writes raw bytes, for records that no serde would write (corrupt ones). */
    public void sendRaw(String topic, String key, byte[] value) {
        try {
            producer.send(new ProducerRecord<>(topic, key.getBytes(StandardCharsets.UTF_8), value)).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        } catch (ExecutionException e) {
            throw new AssertionError("Failed to write to " + topic, e.getCause());
        }
    }

    /** Reads raw records of a topic from the beginning until there are {@code count}. */
    public List<ConsumerRecord<byte[], byte[]>> readRaw(String topic, int count, Duration atMost) {
        List<ConsumerRecord<byte[], byte[]>> out = new ArrayList<>();
        Properties props = KafkaBrokerExtension.clientProperties();
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.GROUP_ID_CONFIG, KafkaBrokerExtension.uniqueName("raw-reader"));
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(topic));
            await().atMost(atMost).pollInterval(Duration.ofMillis(1)).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(out::add);
                return out.size() >= count;
            });
        }
        return out;
    }

    /** Reads a topic from the beginning (committed records only) until the values read satisfy {@code done}. */
    public <V> List<V> readUntil(TopicSpec<String, V> spec, Predicate<List<V>> done, Duration atMost) {
        List<V> values = new ArrayList<>();
        Properties props = KafkaBrokerExtension.clientProperties();
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.GROUP_ID_CONFIG, KafkaBrokerExtension.uniqueName("reader"));
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(names.of(spec)));
            await().atMost(atMost).pollInterval(Duration.ofMillis(1)).until(() -> {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    values.add(spec.valueSerde().deserializer().deserialize("", record.value()));
                }
                return done.test(values);
            });
        }
        return values;
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
    }
}
