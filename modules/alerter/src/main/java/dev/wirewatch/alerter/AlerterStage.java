package dev.wirewatch.alerter;

import dev.wirewatch.alerter.delivery.DeliveryService;
import dev.wirewatch.alerter.fanout.FanoutTopology;
import dev.wirewatch.core.config.CoreSettings;
import dev.wirewatch.core.config.WirewatchConfig;
import dev.wirewatch.core.secrets.SecretKeys;
import dev.wirewatch.core.http.HealthChecks;
import dev.wirewatch.core.kafka.KafkaTopicsAdmin;
import dev.wirewatch.core.kafka.streams.StreamsDefaults;
import dev.wirewatch.core.spi.Stage;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import java.time.Duration;
import java.util.Properties;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The alerter stage: the fan-out (Kafka Streams, mentions to alerts) and the delivery (alerts to webhooks, Slack and
 * e-mail), each of which can be switched off to run them as separate deployments.
 *
 * <p>Health checks {@code alerter-fanout} and {@code alerter-delivery}; meters under {@code wirewatch.alerter.} plus
 * the Kafka Streams client's own meters.
 */
public final class AlerterStage implements Stage {

    private static final Logger LOG = LoggerFactory.getLogger(AlerterStage.class);

    @Override
    public String name() {
        return "alerter";
    }

    @Override
    public int order() {
        return 30;
    }

    @Override
    public Running start(WirewatchConfig config, StageContext context) {
        config.validate(AlerterSettings.all());
        config.get(CoreSettings.WEBHOOKS_ALLOW_PRIVATE); // a wrong CIDR stops start-up with the key named
        if (config.get(AlerterSettings.DELIVERY_ENABLED)) {
            SecretKeys.fromConfig(config); // delivery opens sealed secrets: no key stops start-up, the key named
        }
        KafkaStreams streams = null;
        KafkaStreamsMetrics streamsMetrics = null;
        DeliveryService delivery = null;
        HealthChecks health = context.health();
        try {
            if (config.get(AlerterSettings.FANOUT_ENABLED)) {
                Counter crashes = Counter.builder(AlerterMeters.FANOUT_THREAD_FAILURES)
                        .description("fan-out stream threads that died and were replaced").register(context.meters());
                Properties props = FanoutTopology.streamsProperties(config, context.meters());
                StreamsDefaults.applyReplication(props, KafkaTopicsAdmin.resolve(config.kafkaProperties(), config.topicNames()));
                streams = new KafkaStreams(FanoutTopology.build(FanoutTopology.Options.from(config, context.meters())), props);
                streams.setUncaughtExceptionHandler(e -> {
                    crashes.increment();
                    LOG.error("A fan-out stream thread failed; replacing it", e);
                    return StreamThreadExceptionResponse.REPLACE_THREAD;
                });
                streamsMetrics = new KafkaStreamsMetrics(streams);
                streamsMetrics.bindTo(context.meters());
                KafkaStreams running = streams;
                health.register("alerter-fanout", () -> switch (running.state()) {
                    case RUNNING, REBALANCING, CREATED -> HealthChecks.Status.up(running.state().name());
                    default -> HealthChecks.Status.down(running.state().name());
                });
                streams.start();
                LOG.info("Alert fan-out started as {}", FanoutTopology.applicationId(config));
            }
            if (config.get(AlerterSettings.DELIVERY_ENABLED)) {
                delivery = DeliveryService.start(config, context.meters(), health);
            }
        } catch (RuntimeException e) {
            close(streams, streamsMetrics, delivery, health, config.get(CoreSettings.SHUTDOWN_TIMEOUT));
            throw e;
        }
        KafkaStreams fanout = streams;
        KafkaStreamsMetrics fanoutMetrics = streamsMetrics;
        DeliveryService deliveries = delivery;
        Duration timeout = config.get(CoreSettings.SHUTDOWN_TIMEOUT);
        return () -> close(fanout, fanoutMetrics, deliveries, health, timeout);
    }

    private static void close(KafkaStreams streams, KafkaStreamsMetrics metrics, DeliveryService delivery,
            HealthChecks health, Duration timeout) {
        if (delivery != null) {
            delivery.close();
        }
        if (streams != null) {
            health.unregister("alerter-fanout");
            if (!streams.close(timeout)) {
                LOG.warn("The alert fan-out did not stop within {}", timeout);
            }
            if (metrics != null) {
                metrics.close();
            }
        }
    }
}
