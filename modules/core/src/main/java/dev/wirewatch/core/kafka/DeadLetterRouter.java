package dev.wirewatch.core.kafka;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Headers;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends records that a stage could not read or process to its dead-letter topic, with the original key and bytes and
 * headers that say what failed, and counts them in {@code wirewatch.dead.letters}.
 *
 * <p>The headers follow Kafka Streams' dead-letter convention: {@code __streams.errors.exception},
 * {@code __streams.errors.message}, {@code __streams.errors.stacktrace}, {@code __streams.errors.topic},
 * {@code __streams.errors.partition}, {@code __streams.errors.offset}.
 */
public final class DeadLetterRouter {

    public static final String HEADER_EXCEPTION = "__streams.errors.exception";
    public static final String HEADER_MESSAGE = "__streams.errors.message";
    public static final String HEADER_STACKTRACE = "__streams.errors.stacktrace";
    public static final String HEADER_TOPIC = "__streams.errors.topic";
    public static final String HEADER_PARTITION = "__streams.errors.partition";
    public static final String HEADER_OFFSET = "__streams.errors.offset";

    private static final Logger LOG = LoggerFactory.getLogger(DeadLetterRouter.class);

    private final String stage;
    private final String topic;
    private final Producer<byte[], byte[]> producer;
    private final Counter counter;

    /**
     * @param producer a byte-array producer that the caller owns and closes
     */
    public DeadLetterRouter(String stage, TopicNames names, Producer<byte[], byte[]> producer, MeterRegistry meters) {
        this.stage = Objects.requireNonNull(stage, "stage");
        this.topic = names.deadLetters(stage);
        this.producer = Objects.requireNonNull(producer, "producer");
        this.counter = Counter.builder(CoreMeters.DEAD_LETTERS).tag("stage", stage)
                .description("records sent to the stage's dead-letter topic").register(meters);
    }

    /** The dead-letter topic this router writes to. */
    public String topic() {
        return topic;
    }

    /** Sends the record's raw bytes to the dead-letter topic with the error and its origin in headers. */
    public void route(ConsumerRecord<byte[], byte[]> record, Exception error) {
        ProducerRecord<byte[], byte[]> dead = new ProducerRecord<>(topic, null, record.key(), record.value());
        addErrorHeaders(dead.headers(), error, record.topic(), record.partition(), record.offset());
        counter.increment();
        LOG.warn("[{}] record {}-{}@{} sent to {}: {}", stage, record.topic(), record.partition(), record.offset(),
                topic, error.toString());
        producer.send(dead, (meta, e) -> {
            if (e != null) {
                LOG.error("[{}] failed to write dead letter for {}-{}@{}", stage, record.topic(), record.partition(),
                        record.offset(), e);
            }
        });
    }

    /** Adds the standard error headers to a dead letter. */
    public static void addErrorHeaders(Headers headers, Exception error, String topic, int partition, long offset) {
        headers.add(HEADER_EXCEPTION, bytes(error.getClass().getName()));
        headers.add(HEADER_MESSAGE, bytes(String.valueOf(error.getMessage())));
        StringWriter trace = new StringWriter();
        error.printStackTrace(new PrintWriter(trace));
        headers.add(HEADER_STACKTRACE, bytes(trace.toString()));
        headers.add(HEADER_TOPIC, bytes(topic));
        headers.add(HEADER_PARTITION, bytes(Integer.toString(partition)));
        headers.add(HEADER_OFFSET, bytes(Long.toString(offset)));
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
