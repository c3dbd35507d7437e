package dev.wirewatch.alerter.delivery;

import dev.wirewatch.alerter.AlerterMeters;
import dev.wirewatch.alerter.AlerterSettings;
import dev.wirewatch.core.config.CoreSettings;
import dev.wirewatch.core.config.WirewatchConfig;
import dev.wirewatch.core.http.HealthChecks;
import dev.wirewatch.core.kafka.CompactedTopicView;
import dev.wirewatch.core.kafka.DeadLetterRouter;
import dev.wirewatch.core.kafka.TopicFollower;
import dev.wirewatch.core.kafka.TopicNames;
import dev.wirewatch.core.kafka.Topics;
import dev.wirewatch.core.model.Alert;
import dev.wirewatch.core.model.Channel;
import dev.wirewatch.core.model.PendingDelivery;
import dev.wirewatch.core.model.Subscription;
import dev.wirewatch.core.net.AddressPolicy;
import dev.wirewatch.core.net.EgressException;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The delivery side of the alerter: a consumer group ({@code <prefix>alerter-delivery}) on {@code wirewatch.alerts}
 * and {@code wirewatch.delivery-retries} that sends every alert to its subscriber's channel, at least once.
 *
 * <p>How nothing is lost: an alert's offset is committed only when the alert is settled, that is delivered, given up,
 * skipped, or parked in the compacted retry topic with its next attempt (the broker has acknowledged that write). The
 * retry topic is the durable retry state: whoever owns one of its partitions reads it from the beginning and runs the
 * retries when they fall due, so retries survive restarts and move with rebalances. A crash can therefore repeat an
 * attempt, never drop one; every repeat carries the alert's stable id ({@code webhook-id}, {@code Message-ID}).
 *
 * <p>How nothing waits on a slow endpoint: deliveries run on a fixed set of virtual threads, with a few slots per
 * endpoint, endpoints taking turns; when an endpoint's queue is full, further alerts for it are parked in the retry topic and the consumer reads on. Reading
 * pauses only when {@code alerter.max-in-flight} alerts across all endpoints are unsettled.
 *
 * <p>This should be closed on shutdown; closing lets running attempts finish (up to {@code shutdown.timeout}) and
 * commits what is settled.
 */
public final class DeliveryService implements AutoCloseable {

    /** The suffix of the consumer group id, after the topic prefix. */
    public static final String GROUP_SUFFIX = "alerter-delivery";

    private static final Logger LOG = LoggerFactory.getLogger(DeliveryService.class);
    private static final Duration BUSY_PARK = Duration.ofSeconds(1);

    private final Clock clock;
    private final String alertsTopic;
    private final String retriesTopic;
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final KafkaProducer<String, byte[]> producer;
    private final KafkaProducer<byte[], byte[]> deadLetterProducer;
    private final DeadLetterRouter deadLetters;
    private final CompactedTopicView<Subscription> subscriptions;
    private final TopicFollower subscriptionReader;
    private final HttpPoster poster;
    private final Deliverer deliverer;
    private final Endpoints endpoints;
    private final RetryBook retries;
    private final OffsetBook offsets = new OffsetBook();
    private final ConcurrentLinkedQueue<Job> settled = new ConcurrentLinkedQueue<>();
    private final Map<TopicPartition, Long> retryCatchUp = new HashMap<>();
    private final DeliveryMetrics metrics;
    private final HealthChecks health;
    private final int maxInFlight;
    private final Duration commitEvery;
    private final Duration shutdownTimeout;
    private final Thread loop;
    private volatile boolean running = true;
    private volatile boolean paused;
    private volatile long lastPollNanos = System.nanoTime();
    private volatile Throwable failure;

    private DeliveryService(WirewatchConfig config, MeterRegistry meters, HealthChecks health, Clock clock) {
        this.clock = clock;
        TopicNames names = config.topicNames();
        this.alertsTopic = names.of(Topics.ALERTS);
        this.retriesTopic = names.of(Topics.DELIVERY_RETRIES);
        this.metrics = new DeliveryMetrics(meters);
        this.health = health;
        this.maxInFlight = config.get(AlerterSettings.MAX_IN_FLIGHT);
        this.commitEvery = config.get(AlerterSettings.COMMIT_EVERY);
        this.shutdownTimeout = config.get(CoreSettings.SHUTDOWN_TIMEOUT);
        Properties client = config.kafkaProperties();

        AddressPolicy egress = AddressPolicy.allowing(config.get(CoreSettings.WEBHOOKS_ALLOW_PRIVATE));
        Mailer mailer = Mailer.fromConfig(config);
        this.producer = new KafkaProducer<>(producerProps(client), new StringSerializer(), new ByteArraySerializer());
        this.deadLetterProducer = new KafkaProducer<>(producerProps(client), new ByteArraySerializer(),
                new ByteArraySerializer());
        this.deadLetters = new DeadLetterRouter("alerter", names, deadLetterProducer, meters);
        Outbox outbox = new Outbox(producer, names, metrics);
        // every instance reads every subscription (no group); a change while running is checked against the policy
        this.subscriptions = new CompactedTopicView<>(Topics.SUBSCRIPTIONS, names.of(Topics.SUBSCRIPTIONS))
                .onChange(change -> {
                    if (change.kind() == CompactedTopicView.Kind.UPDATED && change.current() != null
                            && !change.current().equals(change.previous())) {
                        checkTarget(egress, change.current());
                    }
                });
        this.subscriptionReader = TopicFollower.builder("alerter-subscriptions", client, meters)
                .follow(subscriptions).errors(metrics.errorCounter("subscription-read")).build();
        this.poster = new HttpPoster(egress, config.get(AlerterSettings.REQUEST_TIMEOUT), meters);
        RetryPolicy policy = new RetryPolicy(config.get(AlerterSettings.RETRY_SCHEDULE),
                config.get(AlerterSettings.MAX_RETRY_AFTER), ThreadLocalRandom.current());
        Disabler disabler = new Disabler(subscriptions, outbox, mailer, metrics, clock,
                config.get(AlerterSettings.CONSOLE_URL));
        Map<String, ChannelSender> senders = Map.of(
                Channel.WEBHOOK, new WebhookSender(poster, clock),
                Channel.SLACK, new SlackSender(poster),
                Channel.EMAIL, new EmailSender(mailer));
        this.deliverer = new Deliverer(subscriptions, senders, policy, outbox,
                new FailureStreaks(config.get(AlerterSettings.DISABLE_AFTER)), disabler, metrics, clock,
                new Deliverer.Settler() {
                    @Override
                    public void settled(Job job) {
                        if (!job.retry()) {
                            settled.add(job);
                        }
                    }

                    @Override
                    public void writeFailed(Job job) {
                        if (job.retry()) {
                            retries.release(job.alert().id());
                        }
                    }
                });
        this.endpoints = new Endpoints(config.get(AlerterSettings.MAX_CONCURRENCY),
                config.get(AlerterSettings.MAX_CONCURRENCY_PER_ENDPOINT),
                config.get(AlerterSettings.MAX_QUEUED_PER_ENDPOINT), deliverer::run, metrics.errorCounter("worker"));
        this.retries = new RetryBook(clock, job -> endpoints.submit(deliverer.endpoint(job.alert()), job));

        Properties consumerProps = new Properties();
        consumerProps.putAll(client);
        consumerProps.put(ConsumerConfig.GROUP_ID_CONFIG, groupId(config));
        consumerProps.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        consumerProps.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        consumerProps.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        consumerProps.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "1000");
        consumerProps.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        consumerProps.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        this.consumer = new KafkaConsumer<>(consumerProps);

        Gauge.builder(AlerterMeters.RETRIES_PENDING, retries, RetryBook::size)
                .description("alerts waiting for a retry in the partitions this instance owns").register(meters);
        Gauge.builder(AlerterMeters.DELIVERY_IN_FLIGHT, offsets, OffsetBook::pending)
                .description("alerts read and not yet settled").register(meters);
        Gauge.builder(AlerterMeters.DELIVERY_QUEUED, endpoints, Endpoints::queued)
                .description("alerts waiting for a free slot at their endpoint").register(meters);
        this.loop = Thread.ofVirtual().name("alerter-delivery-poll").unstarted(this::pollLoop);
    }

    /**
     * Starts the delivery: reads every subscription, then joins the consumer group and delivers.
     *
     * @throws IllegalStateException when the subscriptions cannot be read within a minute
     */
    public static DeliveryService start(WirewatchConfig config, MeterRegistry meters, HealthChecks health) {
        return start(config, meters, health, Clock.systemUTC());
    }

    static DeliveryService start(WirewatchConfig config, MeterRegistry meters, HealthChecks health, Clock clock) {
        DeliveryService service = new DeliveryService(config, meters, health, clock);
        try {
            service.subscriptionReader.start();
            if (!service.subscriptionReader.awaitCaughtUp(Duration.ofSeconds(60))) {
                LOG.warn("Subscriptions not fully read after 60 s; delivering with what is known so far");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            service.close();
            throw new IllegalStateException("Interrupted while reading subscriptions", e);
        } catch (RuntimeException e) {
            service.close();
            throw e;
        }
        health.register("alerter-delivery", service::healthStatus);
        service.loop.start();
        LOG.info("Alert delivery started: group {} on {} and {}", groupId(config), service.alertsTopic,
                service.retriesTopic);
        return service;
    }

    /** The consumer group: {@code <topic prefix>alerter-delivery}. */
    public static String groupId(WirewatchConfig config) {
        return config.get(CoreSettings.TOPIC_PREFIX) + GROUP_SUFFIX;
    }

    private static Properties producerProps(Properties client) {
        Properties props = new Properties();
        props.putAll(client);
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        return props;
    }

    /** The check at creation: a new or changed webhook or Slack target that the egress policy refuses is reported. */
    private void checkTarget(AddressPolicy egress, Subscription subscription) {
        String type = subscription.channel().type();
        if (!Channel.WEBHOOK.equals(type) && !Channel.SLACK.equals(type)) {
            return;
        }
        try {
            egress.check(subscription.channel().url());
        } catch (EgressException e) {
            metrics.error("unsafe-target");
            LOG.warn("Subscription {} points at a URL that will be refused: {}", subscription.id(), e.getMessage());
        }
    }

    private HealthChecks.Status healthStatus() {
        if (failure != null) {
            return HealthChecks.Status.down("delivery stopped: " + failure);
        }
        if (!loop.isAlive()) {
            return HealthChecks.Status.down("delivery is not running");
        }
        if (!subscriptionReader.alive()) {
            return HealthChecks.Status.down("the subscriptions reader stopped");
        }
        long sincePoll = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - lastPollNanos);
        if (sincePoll > 60) {
            return HealthChecks.Status.down("no poll for " + sincePoll + " s");
        }
        return HealthChecks.Status.up(offsets.pending() + " in flight, " + retries.size() + " waiting to retry, "
                + subscriptions.size() + " subscriptions" + (paused ? ", reading paused (max in flight)" : ""));
    }

    private void pollLoop() {
        long lastCommit = System.nanoTime();
        try {
            consumer.subscribe(List.of(alertsTopic, retriesTopic), new Rebalance());
            while (running) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(100))) {
                    if (record.topic().equals(alertsTopic)) {
                        onAlert(record);
                    } else {
                        onRetry(record);
                    }
                }
                lastPollNanos = System.nanoTime();
                checkRetryCatchUp();
                drainSettled();
                backpressure();
                if (System.nanoTime() - lastCommit >= commitEvery.toNanos()) {
                    commit(false);
                    lastCommit = System.nanoTime();
                }
            }
        } catch (WakeupException e) {
            if (running) {
                failure = e;
                LOG.error("The delivery consumer was woken up unexpectedly", e);
            }
        } catch (RuntimeException e) {
            failure = e;
            metrics.error("consumer");
            LOG.error("Alert delivery stopped", e);
        } finally {
            shutDownInLoop();
        }
    }

    private void onAlert(ConsumerRecord<byte[], byte[]> record) {
        TopicPartition partition = new TopicPartition(record.topic(), record.partition());
        offsets.track(partition, record.offset());
        Alert alert;
        try {
            alert = Topics.ALERT_SERDE.fromBytes(record.value());
        } catch (RuntimeException e) {
            deadLetters.route(record, e);
            offsets.settle(partition, record.offset());
            return;
        }
        if (alert == null) {
            offsets.settle(partition, record.offset());
            return;
        }
        if (deliverer.streamed(alert)) {
            metrics.outcome(Channel.SSE, "streamed");
            offsets.settle(partition, record.offset());
            return;
        }
        Job job = Job.first(alert, record.value(), partition, record.offset());
        String endpoint = deliverer.endpoint(alert);
        if (!endpoints.submit(endpoint, job)) {
            deliverer.park(job, clock.instant().plus(BUSY_PARK), "endpoint busy: its queue is full", "endpoint-busy");
        }
    }

    private void onRetry(ConsumerRecord<byte[], byte[]> record) {
        TopicPartition partition = new TopicPartition(record.topic(), record.partition());
        if (record.key() == null) {
            return;
        }
        String alertId = new String(record.key(), StandardCharsets.UTF_8);
        PendingDelivery state;
        try {
            state = Topics.PENDING_DELIVERY_SERDE.fromBytes(record.value());
        } catch (RuntimeException e) {
            deadLetters.route(record, e);
            return;
        }
        retries.apply(partition, alertId, state);
    }

    private void checkRetryCatchUp() {
        if (retryCatchUp.isEmpty()) {
            return;
        }
        var it = retryCatchUp.entrySet().iterator();
        while (it.hasNext()) {
            Map.Entry<TopicPartition, Long> e = it.next();
            if (consumer.position(e.getKey()) >= e.getValue()) {
                retries.ready(e.getKey());
                it.remove();
            }
        }
    }

    private void drainSettled() {
        Job job;
        while ((job = settled.poll()) != null) {
            offsets.settle(job.partition(), job.offset());
        }
    }

    private void backpressure() {
        List<TopicPartition> alertPartitions = new ArrayList<>();
        for (TopicPartition p : consumer.assignment()) {
            if (p.topic().equals(alertsTopic)) {
                alertPartitions.add(p);
            }
        }
        int pending = offsets.pending();
        if (!paused && pending >= maxInFlight) {
            paused = true;
            LOG.info("{} alerts in flight: pausing reading", pending);
        } else if (paused && pending <= maxInFlight / 2) {
            paused = false;
            consumer.resume(alertPartitions);
            LOG.info("{} alerts in flight: reading again", pending);
        }
        if (paused) {
            consumer.pause(alertPartitions);
        }
    }

    private void commit(boolean sync) {
        Map<TopicPartition, OffsetAndMetadata> toCommit = offsets.committable();
        for (TopicPartition p : consumer.assignment()) {
            if (p.topic().equals(retriesTopic) && !retryCatchUp.containsKey(p)) {
                // the retry topic is always read from the beginning; committing its position only shows its lag
                toCommit.put(p, new OffsetAndMetadata(consumer.position(p)));
            }
        }
        if (toCommit.isEmpty()) {
            return;
        }
        if (sync) {
            try {
                consumer.commitSync(toCommit, Duration.ofSeconds(10));
                offsets.committed(toCommit);
            } catch (RuntimeException e) {
                metrics.error("commit");
                LOG.warn("Failed to commit delivery offsets; settled alerts may be delivered again", e);
            }
            return;
        }
        consumer.commitAsync(toCommit, (committed, e) -> {
            if (e == null) {
                offsets.committed(committed);
            } else {
                metrics.error("commit");
                LOG.warn("Failed to commit delivery offsets; will try again: {}", e.toString());
            }
        });
    }

    /** Consumer rebalance: commit what is settled before giving partitions away; rebuild retries on assignment. */
    private final class Rebalance implements ConsumerRebalanceListener {

        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            drainSettled();
            Map<TopicPartition, OffsetAndMetadata> toCommit = new HashMap<>();
            offsets.committable().forEach((p, o) -> {
                if (partitions.contains(p)) {
                    toCommit.put(p, o);
                }
            });
            if (!toCommit.isEmpty()) {
                try {
                    consumer.commitSync(toCommit, Duration.ofSeconds(10));
                } catch (RuntimeException e) {
                    metrics.error("commit");
                    LOG.warn("Failed to commit offsets of revoked partitions; their settled alerts may be delivered again",
                            e);
                }
            }
            forget(partitions);
        }

        @Override
        public void onPartitionsLost(Collection<TopicPartition> partitions) {
            forget(partitions);
        }

        private void forget(Collection<TopicPartition> partitions) {
            for (TopicPartition p : partitions) {
                if (p.topic().equals(alertsTopic)) {
                    offsets.revoked(p);
                } else {
                    retries.revoke(p);
                    retryCatchUp.remove(p);
                }
            }
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            List<TopicPartition> retryPartitions = new ArrayList<>();
            for (TopicPartition p : partitions) {
                if (p.topic().equals(alertsTopic)) {
                    offsets.assigned(p);
                } else {
                    retryPartitions.add(p);
                }
            }
            if (retryPartitions.isEmpty()) {
                return;
            }
            consumer.seekToBeginning(retryPartitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(retryPartitions, Duration.ofSeconds(30));
            for (TopicPartition p : retryPartitions) {
                long end = ends.getOrDefault(p, 0L);
                if (end <= 0) {
                    retries.ready(p);
                } else {
                    retryCatchUp.put(p, end);
                }
            }
            LOG.info("Delivery owns {}", partitions);
        }
    }

    private void shutDownInLoop() {
        try {
            if (!endpoints.shutdown(shutdownTimeout.toMillis())) {
                LOG.warn("Deliveries still running after {}; their alerts will be delivered again", shutdownTimeout);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        retries.close();
        try {
            producer.flush();
        } catch (RuntimeException e) {
            metrics.error("flush");
            LOG.warn("Failed to flush the delivery records", e);
        }
        drainSettled();
        commit(true);
        try {
            consumer.close(Duration.ofSeconds(10));
        } catch (RuntimeException e) {
            LOG.warn("The delivery consumer did not close cleanly", e);
        }
    }

    /** Stops delivering: running attempts finish, settled offsets are committed, the rest is read again later. */
    @Override
    public void close() {
        running = false;
        health.unregister("alerter-delivery");
        if (loop.isAlive()) {
            try {
                loop.join(shutdownTimeout.plusSeconds(15).toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        } else if (loop.getState() == Thread.State.NEW) {
            consumer.close(Duration.ofSeconds(5));
            retries.close();
        }
        subscriptionReader.close();
        poster.close();
        producer.close(Duration.ofSeconds(10));
        deadLetterProducer.close(Duration.ofSeconds(10));
        LOG.info("Alert delivery stopped");
    }
}
