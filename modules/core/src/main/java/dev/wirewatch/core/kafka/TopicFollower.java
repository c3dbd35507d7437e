package dev.wirewatch.core.kafka;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
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
 * Follows one or more topics with a consumer of its own on a virtual thread and hands each record to the sink of its
 * topic: the one way Wirewatch's services read a topic outside Kafka Streams ({@link CompactedTopicView} is the sink
 * that keeps a compacted topic as a table).
 *
 * <p>Without a group the follower assigns itself every partition, commits nothing, and is caught up once it has read
 * to the end offsets it saw at start. With a group ({@link Builder#group}) instances share the partitions; each
 * assigned partition is read again from its start, what was read before its end offset at assignment counts as
 * catching up, a revoked or lost partition is announced to the sinks ({@link Sink#handedOver}), and offsets are
 * committed so that the group's lag shows unread records. A record that a sink cannot read is skipped, counted in
 * {@code wirewatch.records.unreadable} and sent to the dead-letter topic when one is set; reading goes on. A failure to
 * poll is counted and retried a second later. This should be closed on shutdown.
 */
public final class TopicFollower implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(TopicFollower.class);
    private static final Duration POLL_TIMEOUT = Duration.ofMillis(500);
    private static final Duration METADATA_TIMEOUT = Duration.ofSeconds(30);

    /** Where reading a topic starts. */
    public sealed interface Start {
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

    /** What a followed topic's records are handed to, on the follower's thread. */
    public interface Sink {
        /**
         * Takes one record.
         *
         * @param catchingUp whether the record lies before the end offset its partition had when reading it started
         * @throws RuntimeException when the record cannot be read: it is skipped and counted
         */
        void accept(ConsumerRecord<byte[], byte[]> record, boolean catchingUp);

        /** The group handed these partitions of the sink's topic to another instance (only with a group). */
        default void handedOver(Set<Integer> partitions) {
        }
    }

    /** One followed topic. */
    public record Source(String topic, Start start, Sink sink) {
        public Source {
            Objects.requireNonNull(topic, "topic");
            Objects.requireNonNull(start, "start");
            Objects.requireNonNull(sink, "sink");
        }
    }

    /** Starts a follower named {@code name} (its thread, client id and the {@code follower} tag of its meters). */
    public static Builder builder(String name, Properties clientProperties, MeterRegistry meters) {
        return new Builder(name, clientProperties, meters);
    }

    /** Sets up a {@link TopicFollower}; only the name, client properties, meters and one source are required. */
    public static final class Builder {
        private final String name;
        private final Properties clientProperties;
        private final MeterRegistry meters;
        private final List<Source> sources = new ArrayList<>();
        private boolean readCommitted = true;
        private String group;
        private DeadLetterRouter deadLetters;
        private Counter errors;

        private Builder(String name, Properties clientProperties, MeterRegistry meters) {
            this.name = Objects.requireNonNull(name, "name");
            this.clientProperties = Objects.requireNonNull(clientProperties, "clientProperties");
            this.meters = Objects.requireNonNull(meters, "meters");
        }

        /** Follows a topic from {@code start}. */
        public Builder follow(String topic, Start start, Sink sink) {
            sources.add(new Source(topic, start, sink));
            return this;
        }

        /** Follows a compacted topic from its beginning into {@code view}. */
        public Builder follow(CompactedTopicView<?> view) {
            return follow(view.topic(), new Start.Beginning(), view);
        }

        /** Reads with {@code read_committed} (the default) or {@code read_uncommitted}. */
        public Builder readCommitted(boolean value) {
            this.readCommitted = value;
            return this;
        }

        /** Shares the partitions with the other members of a consumer group. */
        public Builder group(String groupId) {
            this.group = Objects.requireNonNull(groupId, "groupId");
            return this;
        }

        /** Sends records that a sink cannot read to this dead-letter router as well as counting them. */
        public Builder deadLetters(DeadLetterRouter router) {
            this.deadLetters = router;
            return this;
        }

        /** Also counts every failure (unreadable record, failed poll) in the stage's own errors counter. */
        public Builder errors(Counter counter) {
            this.errors = counter;
            return this;
        }

        /** Creates the consumer; nothing is read before {@link TopicFollower#start()}. */
        public TopicFollower build() {
            if (sources.isEmpty()) {
                throw new IllegalStateException("follower " + name + " follows no topic");
            }
            return new TopicFollower(this);
        }
    }

    private final String name;
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final Map<String, Source> sources = new HashMap<>();
    private final boolean grouped;
    private final DeadLetterRouter deadLetters;
    private final Counter errors;
    private final Counter pollFailures;
    private final MeterRegistry meters;
    private final Map<String, Counter> readCounters = new ConcurrentHashMap<>();
    private final Map<String, Counter> unreadableCounters = new ConcurrentHashMap<>();
    private final CountDownLatch caughtUpLatch = new CountDownLatch(1);
    /** Per partition still catching up, the end offset it had when reading it started. */
    private final Map<TopicPartition, Long> catchUpEnds = new ConcurrentHashMap<>();
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile boolean running = true;
    private volatile Thread thread;
    private volatile Instant lastPoll = Instant.now();
    private volatile Throwable failure;

    private TopicFollower(Builder builder) {
        this.name = builder.name;
        this.meters = builder.meters;
        this.grouped = builder.group != null;
        Properties props = new Properties();
        props.putAll(builder.clientProperties);
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.putIfAbsent(ConsumerConfig.CLIENT_ID_CONFIG, "wirewatch-" + name);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, builder.readCommitted ? "read_committed" : "read_uncommitted");
        if (grouped) {
            props.put(ConsumerConfig.GROUP_ID_CONFIG, builder.group);
            props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        } else {
            props.remove(ConsumerConfig.GROUP_ID_CONFIG);
        }
        this.consumer = new KafkaConsumer<>(props);
        for (Source source : builder.sources) {
            if (sources.put(source.topic(), source) != null) {
                throw new IllegalArgumentException("follower " + name + " follows " + source.topic() + " twice");
            }
        }
        this.deadLetters = builder.deadLetters;
        this.errors = builder.errors;
        this.pollFailures = Counter.builder(CoreMeters.FOLLOWER_POLL_FAILURES).tag("follower", name)
                .description("polls of a followed topic that failed and were retried").register(meters);
    }

    /** The consumer, for binding its client metrics; the caller must not use it otherwise. */
    public KafkaConsumer<byte[], byte[]> consumer() {
        return consumer;
    }

    /**
     * Assigns every partition of the followed topics (or joins the group), seeks to where each starts and starts
     * reading.
     *
     * @throws KafkaException when a topic does not exist or the cluster cannot be reached
     */
    public void start() {
        if (grouped) {
            consumer.subscribe(List.copyOf(sources.keySet()), new Rebalance());
        } else {
            List<TopicPartition> all = new ArrayList<>();
            for (Source source : sources.values()) {
                List<PartitionInfo> infos = consumer.partitionsFor(source.topic(), METADATA_TIMEOUT);
                if (infos == null || infos.isEmpty()) {
                    throw new KafkaException("Topic " + source.topic() + " does not exist; create the topics first "
                            + "(kafka.create-topics=true)");
                }
                for (PartitionInfo info : infos) {
                    all.add(new TopicPartition(info.topic(), info.partition()));
                }
            }
            consumer.assign(all);
            seekToStarts(all);
            if (catchUpEnds.isEmpty()) {
                caughtUpLatch.countDown();
            }
        }
        thread = Thread.ofVirtual().name("follower-" + name).start(this::run);
    }

    /** Seeks each partition to where its source starts and notes the end offsets still to catch up with. */
    private void seekToStarts(Collection<TopicPartition> partitions) {
        Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, METADATA_TIMEOUT);
        Map<TopicPartition, Long> beginnings = consumer.beginningOffsets(partitions, METADATA_TIMEOUT);
        Map<TopicPartition, Long> timestamps = new HashMap<>();
        for (TopicPartition tp : partitions) {
            switch (sources.get(tp.topic()).start()) {
                case Start.Beginning b -> consumer.seek(tp, beginnings.get(tp));
                case Start.End e -> consumer.seek(tp, ends.get(tp));
                case Start.Last last -> consumer.seek(tp, Math.max(beginnings.get(tp), ends.get(tp) - last.count()));
                case Start.Since since -> timestamps.put(tp, since.time().toEpochMilli());
            }
        }
        if (!timestamps.isEmpty()) {
            Map<TopicPartition, OffsetAndTimestamp> found = consumer.offsetsForTimes(timestamps, METADATA_TIMEOUT);
            for (TopicPartition tp : timestamps.keySet()) {
                OffsetAndTimestamp at = found.get(tp);
                consumer.seek(tp, at == null ? ends.get(tp) : at.offset());
            }
        }
        for (TopicPartition tp : partitions) {
            if (ends.get(tp) > consumer.position(tp)) {
                catchUpEnds.put(tp, ends.get(tp));
            }
        }
    }

    private void run() {
        try {
            while (running) {
                ConsumerRecords<byte[], byte[]> records;
                try {
                    records = consumer.poll(POLL_TIMEOUT);
                } catch (WakeupException e) {
                    break;
                } catch (KafkaException e) {
                    countFailure(pollFailures);
                    LOG.error("[{}] polling failed; retrying in 1 s", name, e);
                    pause();
                    continue;
                }
                lastPoll = Instant.now();
                for (ConsumerRecord<byte[], byte[]> record : records) {
                    hand(record);
                }
                checkCaughtUp();
                if (grouped && !records.isEmpty()) {
                    consumer.commitAsync((offsets, e) -> {
                        if (e != null) {
                            LOG.warn("[{}] committing offsets failed: {}", name, e.toString());
                        }
                    });
                }
            }
        } catch (WakeupException e) {
            // closing
        } catch (RuntimeException e) {
            failure = e;
            if (errors != null) {
                errors.increment();
            }
            LOG.error("[{}] the follower stopped", name, e);
        } finally {
            consumer.close(Duration.ofSeconds(5));
        }
    }

    private void hand(ConsumerRecord<byte[], byte[]> record) {
        Source source = sources.get(record.topic());
        TopicPartition tp = new TopicPartition(record.topic(), record.partition());
        Long end = catchUpEnds.get(tp);
        try {
            source.sink().accept(record, end != null && record.offset() < end);
            readCounters.computeIfAbsent(record.topic(), t -> Counter.builder(CoreMeters.RECORDS_READ)
                    .tag("topic", t).description("records read and decoded").register(meters)).increment();
        } catch (RuntimeException e) {
            countFailure(unreadableCounters.computeIfAbsent(record.topic(), t -> Counter.builder(
                    CoreMeters.RECORDS_UNREADABLE).tag("follower", name).tag("topic", t)
                    .description("records a follower skipped because they could not be read").register(meters)));
            if (deadLetters != null) {
                deadLetters.route(record, e);
            } else {
                LOG.warn("[{}] unreadable record {}-{}@{} skipped: {}", name, record.topic(), record.partition(),
                        record.offset(), e.toString());
            }
        }
    }

    private void countFailure(Counter counter) {
        counter.increment();
        if (errors != null) {
            errors.increment();
        }
    }

    private void checkCaughtUp() {
        if (catchUpEnds.isEmpty() && caughtUpLatch.getCount() == 0) {
            return;
        }
        catchUpEnds.entrySet().removeIf(e -> !consumer.assignment().contains(e.getKey())
                || consumer.position(e.getKey()) >= e.getValue());
        if (catchUpEnds.isEmpty() && caughtUpLatch.getCount() > 0 && (!grouped || !consumer.assignment().isEmpty())) {
            LOG.info("[{}] caught up", name);
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

    /** Reads an assigned partition from its source's start; tells the sinks of a revoked or lost one. */
    private final class Rebalance implements ConsumerRebalanceListener {
        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            if (!partitions.isEmpty()) {
                LOG.info("[{}] assigned {}", name, partitions);
                seekToStarts(partitions);
            }
        }

        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            handOver(partitions);
        }

        @Override
        public void onPartitionsLost(Collection<TopicPartition> partitions) {
            handOver(partitions);
        }

        private void handOver(Collection<TopicPartition> partitions) {
            if (partitions.isEmpty()) {
                return;
            }
            LOG.info("[{}] hands over {}", name, partitions);
            Map<String, Set<Integer>> byTopic = new HashMap<>();
            for (TopicPartition tp : partitions) {
                catchUpEnds.remove(tp);
                byTopic.computeIfAbsent(tp.topic(), t -> new HashSet<>()).add(tp.partition());
            }
            byTopic.forEach((topic, numbers) -> sources.get(topic).sink().handedOver(Set.copyOf(numbers)));
        }
    }

    /** Waits until the follower has read what its partitions held when reading started; false on timeout. */
    public boolean awaitCaughtUp(Duration timeout) throws InterruptedException {
        return caughtUpLatch.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Whether the follower has read what its partitions held when reading started. */
    public boolean caughtUp() {
        return caughtUpLatch.getCount() == 0;
    }

    /** Whether the reading thread is running. */
    public boolean alive() {
        Thread t = thread;
        return t != null && t.isAlive();
    }

    /** What stopped the follower, or null while it runs or after a clean close. */
    public Throwable failure() {
        return failure;
    }

    /** When the last poll returned. */
    public Instant lastPoll() {
        return lastPoll;
    }

    /** Stops reading and closes the consumer; a second call does nothing. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        running = false;
        Thread t = thread;
        if (t == null) {
            consumer.close(Duration.ofSeconds(5));
            return;
        }
        consumer.wakeup();
        try {
            if (!t.join(Duration.ofSeconds(10))) {
                LOG.warn("[{}] the follower did not stop within 10 s", name);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
