package dev.wirewatch.alerter.delivery;

import dev.wirewatch.core.kafka.TopicNames;
import dev.wirewatch.core.kafka.Topics;
import dev.wirewatch.core.model.DeliveryAttempt;
import dev.wirewatch.core.model.PendingDelivery;
import dev.wirewatch.core.model.Subscription;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the delivery side writes to Kafka: the audit trail ({@code wirewatch.deliveries}), retry states and their
 * tombstones ({@code wirewatch.delivery-retries}) and disabled subscriptions ({@code wirewatch.subscriptions}).
 *
 * <p>Writes are asynchronous through one idempotent producer; a write that fails is logged and counted.
 */
final class Outbox {

    private static final Logger LOG = LoggerFactory.getLogger(Outbox.class);

    private final Producer<String, byte[]> producer;
    private final String deliveries;
    private final String retries;
    private final String subscriptions;
    private final DeliveryMetrics metrics;

    Outbox(Producer<String, byte[]> producer, TopicNames names, DeliveryMetrics metrics) {
        this.producer = producer;
        this.deliveries = names.of(Topics.DELIVERIES);
        this.retries = names.of(Topics.DELIVERY_RETRIES);
        this.subscriptions = names.of(Topics.SUBSCRIPTIONS);
        this.metrics = metrics;
    }

    /** Records one attempt in the audit trail, keyed by subscription id. */
    void attempt(DeliveryAttempt attempt) {
        producer.send(new ProducerRecord<>(deliveries, attempt.subscriptionId(), Topics.DELIVERY_SERDE.toBytes(attempt)),
                (meta, e) -> {
                    if (e != null) {
                        metrics.error("attempt-record");
                        LOG.error("Failed to record delivery attempt {} of alert {}", attempt.attempt(), attempt.alertId(), e);
                    }
                });
    }

    /** Writes an alert's next retry state; runs one of the callbacks once the broker has it or has refused it. */
    void retryState(PendingDelivery state, Runnable written, Runnable failed) {
        producer.send(new ProducerRecord<>(retries, state.alertId(), Topics.PENDING_DELIVERY_SERDE.toBytes(state)),
                (meta, e) -> {
                    if (e == null) {
                        written.run();
                    } else {
                        metrics.error("retry-state");
                        LOG.error("Failed to write the retry state of alert {}; it stays unsettled", state.alertId(), e);
                        failed.run();
                    }
                });
    }

    /** Ends an alert's retries. */
    void tombstone(String alertId) {
        producer.send(new ProducerRecord<>(retries, alertId, null), (meta, e) -> {
            if (e != null) {
                metrics.error("retry-tombstone");
                LOG.error("Failed to end the retries of alert {}; it may be delivered once more", alertId, e);
            }
        });
    }

    /** Publishes a subscription changed by the alerter (disabled). */
    void subscription(Subscription subscription) {
        producer.send(new ProducerRecord<>(subscriptions, subscription.id(),
                Topics.SUBSCRIPTION_SERDE.toBytes(subscription)), (meta, e) -> {
                    if (e != null) {
                        metrics.error("subscription");
                        LOG.error("Failed to publish the disabled subscription {}", subscription.id(), e);
                    }
                });
    }
}
