package dev.wirewatch.collector;

import dev.wirewatch.core.kafka.TopicFollower;
import dev.wirewatch.core.kafka.TopicNames;
import dev.wirewatch.core.kafka.Topics;
import dev.wirewatch.core.model.WebSubPush;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Carries WebSub pushes between collector instances: a verified push for a feed this instance does not poll is written
 * to {@code wirewatch.websub-pushes}; every instance follows that topic from its end (core's {@link TopicFollower}, every
 * partition, no group), and the one that polls the feed publishes the push (the others skip it), so a push is
 * published once whichever instance the hub reaches.
 *
 * <p>This should be closed when the stage stops.
 */
final class WebSubRelay implements WebSubSubscriber.Forwarder, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(WebSubRelay.class);
    private static final Duration SEND_TIMEOUT = Duration.ofSeconds(10);

    /** Publishes a forwarded push when the feed is polled here; returns whether it is. */
    @FunctionalInterface
    interface Receiver {
        boolean accept(String feedId, byte[] body, String contentType);
    }

    private final String topic;
    private final KafkaProducer<String, WebSubPush> producer;
    private final TopicFollower follower;
    private final Receiver receiver;
    private final Counter errors;

    WebSubRelay(Properties kafka, TopicNames names, String clientId, Receiver receiver, MeterRegistry meters) {
        this.topic = names.of(Topics.WEBSUB_PUSHES);
        this.receiver = receiver;
        this.errors = CollectorMeters.errors(meters, "websub_relay");
        Properties producerProps = new Properties();
        producerProps.putAll(kafka);
        producerProps.put(ProducerConfig.CLIENT_ID_CONFIG, clientId + "-producer");
        producerProps.put(ProducerConfig.LINGER_MS_CONFIG, "0");
        producerProps.put(ProducerConfig.ACKS_CONFIG, "all");
        this.producer = new KafkaProducer<>(producerProps, new StringSerializer(), Topics.WEBSUB_PUSH_SERDE.serializer());
        Properties consumerProps = new Properties();
        consumerProps.putAll(kafka);
        consumerProps.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId + "-consumer");
        consumerProps.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, "20");
        this.follower = TopicFollower.builder("collector-websub-pushes", consumerProps, meters)
                .follow(topic, new TopicFollower.Start.End(), this::handle).readCommitted(false).errors(errors).build();
        try {
            follower.start(); // fixes the start (the end offsets) before any push is forwarded
        } catch (KafkaException e) {
            errors.increment();
            LOG.error("Reading {} failed to start: WebSub pushes that reach another instance are left to polling", topic, e);
        }
    }

    @Override
    public boolean forward(String feedId, byte[] body, String contentType) throws InterruptedException {
        try {
            producer.send(new ProducerRecord<>(topic, feedId, new WebSubPush(WebSubPush.SCHEMA_VERSION, feedId, contentType, body,
                    Instant.now()))).get(SEND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            LOG.debug("WebSub push for feed {} handed to the instance that polls it", feedId);
            return true;
        } catch (ExecutionException | TimeoutException e) {
            errors.increment();
            LOG.warn("Could not hand a WebSub push for feed {} to {}: {}", feedId, topic, e.toString());
            return false;
        }
    }

    /** Publishes a forwarded push when its feed is polled here; an unreadable record is counted by the follower. */
    private void handle(ConsumerRecord<byte[], byte[]> record, boolean catchingUp) {
        WebSubPush push = Topics.WEBSUB_PUSH_SERDE.deserializer().deserialize(record.topic(), record.value());
        if (push != null && receiver.accept(push.feedId(), push.body(), push.contentType())) {
            LOG.debug("Published the WebSub push for feed {} that another instance received", push.feedId());
        }
    }

    /** Whether the relay reads the pushes of other instances. */
    boolean running() {
        return follower.alive();
    }

    @Override
    public void close() {
        follower.close();
        producer.close(Duration.ofSeconds(5));
    }

}
