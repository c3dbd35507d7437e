package dev.wirewatch.launcher;

import dev.wirewatch.core.config.CoreSettings;
import dev.wirewatch.core.config.WirewatchConfig;
import dev.wirewatch.core.http.HealthChecks;
import dev.wirewatch.core.http.ServiceEndpoints;
import dev.wirewatch.core.kafka.KafkaTopicsAdmin;
import dev.wirewatch.core.spi.EmbeddedBroker;
import dev.wirewatch.core.spi.Stage;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.ServiceLoader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts the parts of Wirewatch that one process runs: an embedded broker when no bootstrap servers are set, the
 * registry's topics, the health and metrics endpoint, and the chosen stages; closes them in reverse order.
 *
 * <p>This should be closed on application shutdown.
 */
final class Pipeline implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Pipeline.class);

    /** Every available stage. */
    static final List<String> ALL = List.of("*");

    private final Deque<AutoCloseable> open = new ArrayDeque<>();
    private final List<String> started = new ArrayList<>();
    private WirewatchConfig config;
    private ServiceEndpoints endpoints;
    private final PrometheusMeterRegistry meters = ServiceEndpoints.newRegistry();
    private final HealthChecks health = new HealthChecks();

    /** The stages found on the class path, in start order. */
    static List<Stage> availableStages() {
        return ServiceLoader.load(Stage.class).stream().map(ServiceLoader.Provider::get)
                .sorted(Comparator.comparingInt(Stage::order)).toList();
    }

    /**
     * Starts everything.
     *
     * @param stageNames the stages to start; {@link #ALL} for every one that is available
     * @param embedded whether to start an embedded broker when no bootstrap servers are configured
     */
    static Pipeline start(WirewatchConfig config, List<String> stageNames, boolean embedded, boolean demo) {
        Pipeline pipeline = new Pipeline();
        try {
            pipeline.doStart(config, stageNames, embedded, demo);
            return pipeline;
        } catch (RuntimeException e) {
            pipeline.close();
            throw e;
        }
    }

    private void doStart(WirewatchConfig initial, List<String> stageNames, boolean embedded, boolean demo) {
        List<Stage> available = availableStages();
        List<Stage> chosen = new ArrayList<>();
        boolean all = stageNames.equals(ALL);
        for (String name : all ? List.<String>of() : stageNames) {
            Stage stage = available.stream().filter(s -> s.name().equals(name)).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("the " + name + " stage is not available yet in this build"));
            chosen.add(stage);
        }
        if (all) {
            chosen.addAll(available);
        }
        config = initial;
        if (config.get(CoreSettings.BOOTSTRAP_SERVERS) == null) {
            if (!embedded) {
                throw new dev.wirewatch.core.config.ConfigException(CoreSettings.BOOTSTRAP_SERVERS.key(),
                        "is required for a single service (set --bootstrap-servers or " + CoreSettings.BOOTSTRAP_SERVERS.envName() + ")");
            }
            Path data = Path.of(config.get(CoreSettings.DATA_DIR));
            EmbeddedBroker.Running kafka = embeddedBroker().start(data, config.get(CoreSettings.EMBEDDED_KAFKA_PORT));
            open.push(kafka);
            config = config.with(CoreSettings.BOOTSTRAP_SERVERS.key(), kafka.bootstrapServers());
        }
        if (config.get(CoreSettings.CREATE_TOPICS)) {
            KafkaTopicsAdmin.ensureTopics(config.kafkaProperties(), config.topicNames());
        }
        try {
            endpoints = ServiceEndpoints.start(config.get(CoreSettings.HTTP_HOST), config.get(CoreSettings.HTTP_PORT), meters, health);
        } catch (UncheckedIOException e) {
            if (!demo) {
                throw e;
            }
            endpoints = ServiceEndpoints.start("127.0.0.1", 0, meters, health);
        }
        open.push(endpoints);
        open.push(meters::close);
        for (Stage stage : chosen) {
            LOG.info("Starting the {} stage", stage.name());
            try {
                Stage.Running running = stage.start(config, new Stage.StageContext(meters, health, demo, endpoints));
                open.push(running);
                started.add(stage.name());
            } catch (Exception e) {
                throw new IllegalStateException("Failed to start the " + stage.name() + " stage: " + e.getMessage(), e);
            }
        }
    }

    /** The broker module's embedded broker; the stage image leaves it out, and then bootstrap servers are required. */
    private static EmbeddedBroker embeddedBroker() {
        return ServiceLoader.load(EmbeddedBroker.class).findFirst().orElseThrow(() -> new dev.wirewatch.core.config.ConfigException(
                CoreSettings.BOOTSTRAP_SERVERS.key(), "is required: this build has no embedded Kafka broker (the stage image"
                        + " leaves the broker module out; set --bootstrap-servers or " + CoreSettings.BOOTSTRAP_SERVERS.envName() + ")"));
    }

    /** The effective configuration, with the embedded broker's address when there is one. */
    WirewatchConfig config() {
        return config;
    }

    /** The names of the stages running. */
    List<String> started() {
        return List.copyOf(started);
    }

    int endpointsPort() {
        return endpoints.port();
    }

    PrometheusMeterRegistry meters() {
        return meters;
    }

    HealthChecks health() {
        return health;
    }

    /** Registers something to close before everything that was started so far. */
    void closeFirst(AutoCloseable resource) {
        open.push(resource);
    }

    @Override
    public void close() {
        while (!open.isEmpty()) {
            AutoCloseable next = open.pop();
            try {
                next.close();
            } catch (Exception e) {
                LOG.warn("Failed to close {} cleanly", next, e);
            }
        }
    }
}
