package dev.wirewatch.tagger;

import dev.wirewatch.broker.testing.KafkaBrokerExtension;
import dev.wirewatch.core.kafka.TopicSpec;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/** Producers and read_committed consumers on the shared test broker. */
final class KafkaFixtures {

    private KafkaFixtures() {
    }

    static KafkaProducer<byte[], byte[]> producer() {
        Properties props = KafkaBrokerExtension.clientProperties();
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        props.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        // one request at a time: a batch retried after NOT_LEADER_OR_FOLLOWER on a just-created topic must not be
        // overtaken by the next one, or the broker refuses the retry as out of sequence until delivery times out
        props.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, "1");
        return new KafkaProducer<>(props);
    }

    /** A consumer of committed records only, from the beginning, subscribed to one topic. */
    static KafkaConsumer<byte[], byte[]> committedReader(String topic) {
        Properties props = KafkaBrokerExtension.clientProperties();
        props.put(ConsumerConfig.GROUP_ID_CONFIG, KafkaBrokerExtension.uniqueName("tagger-it-reader"));
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props);
        consumer.subscribe(List.of(topic));
        return consumer;
    }

    static <V> void send(KafkaProducer<byte[], byte[]> producer, String topic, TopicSpec<String, V> spec, String key,
            V value) {
        producer.send(new ProducerRecord<>(topic, spec.keySerde().serializer().serialize(topic, key),
                spec.valueSerde().serializer().serialize(topic, value)));
    }

    static Duration patience() {
        return Duration.ofSeconds(60);
    }
}
