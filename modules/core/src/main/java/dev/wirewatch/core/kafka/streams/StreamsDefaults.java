package dev.wirewatch.core.kafka.streams;

import dev.wirewatch.core.kafka.TopicNames;
import java.time.Duration;
import java.util.Properties;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.StreamsConfig;

/**
 * The Kafka Streams settings that every exactly-once stage of Wirewatch shares: how often it commits, how long its
 * producers linger, and how many requests they keep in flight.
 *
 * <p>Each exactly-once hop (articles to the stories repartition, to mentions, to the fan-out's repartition, to alerts)
 * becomes visible to its read_committed reader only when the writing stage commits, so a record waits on average half a
 * commit interval, plus the commit itself, at every hop. Kafka's default for exactly-once is 100 ms, and Kafka Streams
 * sets its producers' {@code linger.ms} to 100; the stages commit more often (see {@code tagger.commit-interval} and
 * {@code alerter.commit-interval}) and linger for a few milliseconds, which the end-to-end bench measures. A commit
 * costs the broker a few writes, and Streams commits only when a task has processed something, so an idle stage costs
 * nothing; under load one commit carries many records.
 *
 * <p>The producers keep one request in flight per broker. Kafka Streams creates its repartition and changelog topics
 * at the first rebalance and writes to them at once; a partition whose leader has not opened it yet refuses the first
 * batch (NOT_LEADER_OR_FOLLOWER), and with several batches in flight the next one reaches the leader first, to be
 * refused as out of order ("Expected sequence 0 for transactions v2 idempotent producer with no existing state",
 * KAFKA-18202, KAFKA-15591) until the first is retried; under load the retries ran into the transaction timeout and
 * tasks were declared corrupted. With one request in flight the batches reach a partition in order; a commit's batches
 * for every partition of a broker still travel in one request.
 *
 * <p>A stage that commits every few milliseconds starts its next transaction while the coordinator may still be
 * writing the previous one's markers. Its first writes are then answered {@code CONCURRENT_TRANSACTIONS}: the broker
 * retries them itself for up to {@code add.partitions.to.txn.retry.backoff.max.ms} (100 ms by default), and then the
 * producer backs off {@code retry.backoff.ms} (100 ms by default) before it sends them again, so one late marker costs
 * a hop 0.2 s or more, on a loaded machine many times a minute (KAFKA-5477 lowered the same backoff for the
 * transactional requests of the time). The producers here back off {@value #RETRY_BACKOFF_MS} ms first, doubling up
 * to Kafka's default ceiling of a second, so a retry costs what the markers really need.
 */
public final class StreamsDefaults {

    /** How long a Streams producer waits to fill a batch; commits flush it anyway. */
    public static final Duration LINGER = Duration.ofMillis(5);

    /** The Streams producers' first retry backoff, in milliseconds (Kafka's default: 100). */
    public static final int RETRY_BACKOFF_MS = 10;

    private StreamsDefaults() {
    }

    /**
     * Puts the replication of the stage's internal topics (changelogs, repartition topics): the registry's replication
     * factor and min ISR once {@linkplain dev.wirewatch.core.kafka.TopicNames#forBrokers decided}, else the broker's
     * defaults ({@code -1}).
     */
    public static void applyReplication(Properties props, TopicNames names) {
        if (names.replicationDecided()) {
            props.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, Short.toString(names.replicationFactor()));
            props.put(StreamsConfig.topicPrefix(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG),
                    Integer.toString(names.effectiveMinInsyncReplicas()));
        } else {
            props.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, "-1");
            props.remove(StreamsConfig.topicPrefix(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG));
        }
    }

    /** Puts the shared settings, with the stage's {@code commitInterval}, into its Streams properties. */
    public static void apply(Properties props, Duration commitInterval) {
        props.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, Long.toString(commitInterval.toMillis()));
        props.put(StreamsConfig.producerPrefix(ProducerConfig.LINGER_MS_CONFIG), Long.toString(LINGER.toMillis()));
        props.put(StreamsConfig.producerPrefix(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION), "1");
        props.put(StreamsConfig.producerPrefix(ProducerConfig.RETRY_BACKOFF_MS_CONFIG), Integer.toString(RETRY_BACKOFF_MS));
        // a stream thread that finds nothing new blocks in poll for poll.ms before it checks whether a commit is due:
        // at 100 ms (the default) a lone record would wait for that rather than for the commit interval
        props.put(StreamsConfig.POLL_MS_CONFIG, Long.toString(Math.max(1, Math.min(100, commitInterval.toMillis()))));
    }
}
