package dev.wirewatch.console;

import dev.wirewatch.core.kafka.CoreMeters;
import dev.wirewatch.core.kafka.DeadLetterRouter;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows some topics with one consumer of its own (all partitions assigned, no consumer group, nothing committed)
 * on a virtual thread, and hands each record to the sink of its topic.
 *
 * <p>A record that a sink cannot read goes to the console's dead-letter topic and reading goes on. The follower is
 * caught up once it has read to the end offsets it saw at start. This should be closed on shutdown.
 */
final class TopicFollower implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(TopicFollower.class);

    /** Where reading a topic starts. */
    sealed interface Start {
        /** Every retained record. */
        record Beginning() implements Start {
        }

        /** Only records written from now on. */
        record End() implements Start {
        }

        /** The last {@code count} records of each partition. */
        record Last(int count) implements Start {
        }

        /** Records written since a time. */
        record Since(Instant time) implements Start {
        }
    }

    /** One followed topic. */
    record Source(String topic, Start start, Consumer<ConsumerRecord<byte[], byte[]>> sink) {
    }

    private final String name;
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final Map<String, Source> sources = new HashMap<>();
    private final DeadLetterRouter deadLetters;
    private final Counter readErrors;
    private final MeterRegistry meters;
    private final CountDownLatch caughtUpLatch = new CountDownLatch(1);
    private final Map<TopicPartition, Long> startEnds = new HashMap<>();
    private volatile boolean running = true;
    private volatile Thread thread;

    /**
     * @param clientProperties Kafka client properties (bootstrap servers and pass-through settings)
     */
    TopicFollower(String name, Properties clientProperties, boolean readCommitted, List<Source> sources,
            DeadLetterRouter deadLetters, MeterRegistry meters) {
        this.name = name;
        Properties props = new Properties();
        props.putAll(clientProperties);
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, "wirewatch-console-" + name);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, readCommitted ? "read_committed" : "read_uncommitted");
        props.remove(ConsumerConfig.GROUP_ID_CONFIG);
        this.consumer = new KafkaConsumer<>(props);
        for (Source source : sources) {
            this.sources.put(source.topic(), source);
        }
        this.deadLetters = deadLetters;
        this.meters = meters;
        this.readErrors = ConsoleMeters.errors(meters, "read-" + name);
    }

    /**
     * Assigns every partition of the followed topics, seeks to where each starts and starts reading.
     *
     * @throws KafkaException when a topic does not exist or the cluster cannot be reached
     */
    void start() {
        List<TopicPartition> all = new ArrayList<>();
        Map<TopicPartition, Start> starts = new HashMap<>();
        for (Source source : sources.values()) {
            List<PartitionInfo> infos = consumer.partitionsFor(source.topic(), Duration.ofSeconds(30));
            if (infos == null || infos.isEmpty()) {
                throw new KafkaException("Topic " + source.topic() + " does not exist; create the topics first "
                        + "(kafka.create-topics=true)");
            }
            for (PartitionInfo info : infos) {
                TopicPartition tp = new TopicPartition(info.topic(), info.partition());
                all.add(tp);
                starts.put(tp, source.start());
            }
        }
        consumer.assign(all);
        Map<TopicPartition, Long> ends = consumer.endOffsets(all, Duration.ofSeconds(30));
        Map<TopicPartition, Long> beginnings = consumer.beginningOffsets(all, Duration.ofSeconds(30));
        Map<TopicPartition, Long> timestamps = new HashMap<>();
        for (TopicPartition tp : all) {
            switch (starts.get(tp)) {
                case Start.Beginning b -> consumer.seek(tp, beginnings.get(tp));
                case Start.End e -> consumer.seek(tp, ends.get(tp));
                case Start.Last last -> consumer.seek(tp, Math.max(beginnings.get(tp), ends.get(tp) - last.count()));
                case Start.Since since -> timestamps.put(tp, since.time().toEpochMilli());
            }
        }
        if (!timestamps.isEmpty()) {
            Map<TopicPartition, OffsetAndTimestamp> found = consumer.offsetsForTimes(timestamps, Duration.ofSeconds(30));
            for (TopicPartition tp : timestamps.keySet()) {
                OffsetAndTimestamp at = found.get(tp);
                consumer.seek(tp, at == null ? ends.get(tp) : at.offset());
            }
        }
        for (TopicPartition tp : all) {
            if (ends.get(tp) > consumer.position(tp)) {
                startEnds.put(tp, ends.get(tp));
            }
        }
        if (startEnds.isEmpty()) {
            caughtUpLatch.countDown();
        }
        thread = Thread.ofVirtual().name("console-" + name).start(this::run);
    }

    private void run() {
        Map<String, Counter> readCounters = new HashMap<>();
        try {
            while (running) {
                ConsumerRecords<byte[], byte[]> records;
                try {
                    records = consumer.poll(Duration.ofMillis(500));
                } catch (WakeupException e) {
                    break;
                } catch (KafkaException e) {
                    readErrors.increment();
                    LOG.error("[console] reading {} failed; retrying in 1 s", name, e);
                    pause();
                    continue;
                }
                for (ConsumerRecord<byte[], byte[]> record : records) {
                    Source source = sources.get(record.topic());
                    try {
                        source.sink().accept(record);
                        readCounters.computeIfAbsent(record.topic(), t -> Counter.builder(CoreMeters.RECORDS_READ)
                                .tag("topic", t).description("records read and decoded").register(meters)).increment();
                    } catch (RuntimeException e) {
                        deadLetters.route(record, e);
                    }
                }
                checkCaughtUp();
            }
        } catch (WakeupException e) {
            // closing
        } catch (RuntimeException e) {
            readErrors.increment();
            LOG.error("[console] the {} reader stopped", name, e);
        } finally {
            consumer.close(Duration.ofSeconds(5));
        }
    }

    private void checkCaughtUp() {
        if (caughtUpLatch.getCount() == 0) {
            return;
        }
        startEnds.entrySet().removeIf(e -> consumer.position(e.getKey()) >= e.getValue());
        if (startEnds.isEmpty()) {
            LOG.info("[console] {} caught up", name);
            caughtUpLatch.countDown();
        }
    }

    private void pause() {
        try {
            TimeUnit.SECONDS.sleep(1);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }

    /** Waits until the follower has read what its topics held at start; false on timeout. */
    boolean awaitCaughtUp(Duration timeout) throws InterruptedException {
        return caughtUpLatch.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    boolean caughtUp() {
        return caughtUpLatch.getCount() == 0;
    }

    /** Whether the reading thread is running. */
    boolean alive() {
        Thread t = thread;
        return t != null && t.isAlive();
    }

    @Override
    public void close() {
        running = false;
        Thread t = thread;
        if (t == null) {
            consumer.close(Duration.ofSeconds(5));
            return;
        }
        consumer.wakeup();
        try {
            if (!t.join(Duration.ofSeconds(10))) {
                LOG.warn("[console] the {} reader did not stop within 10 s", name);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
