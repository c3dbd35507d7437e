package dev.wirewatch.launcher;

import dev.wirewatch.console.ConsoleSettings;
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
import java.util.Map;
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

    /** The stages that take work in from outside, stopped first so that nothing new arrives while the rest drain. */
    private static final List<String> INTAKE = List.of("collector", "console");

    private final Deque<AutoCloseable> open = new ArrayDeque<>();
    private final List<Map.Entry<String, Stage.Running>> stages = new ArrayList<>();
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
        return start(config, stageNames, embedded, demo, new Preflight(Map.of()));
    }

    /**
     * Starts everything after checking the ports and the data directory.
     *
     * @param checks the start-up checks, which know the command's own flags
     * @throws StartupException when something cannot start; what had started is closed again
     */
    static Pipeline start(WirewatchConfig config, List<String> stageNames, boolean embedded, boolean demo, Preflight checks) {
        Pipeline pipeline = new Pipeline();
        try {
            pipeline.doStart(config, stageNames, embedded, demo, checks);
            return pipeline;
        } catch (RuntimeException e) {
            pipeline.close();
            throw e;
        }
    }

    private void doStart(WirewatchConfig initial, List<String> stageNames, boolean embedded, boolean demo, Preflight checks) {
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
        boolean startBroker = config.get(CoreSettings.BOOTSTRAP_SERVERS) == null;
        if (startBroker && !embedded) {
            throw new dev.wirewatch.core.config.ConfigException(CoreSettings.BOOTSTRAP_SERVERS.key(),
                    "is required for a single service (set --bootstrap-servers or " + CoreSettings.BOOTSTRAP_SERVERS.envName() + ")");
        }
        // everything that can be checked before starting anything, so that a failure leaves nothing behind
        Path data = Path.of(config.get(CoreSettings.DATA_DIR));
        if (startBroker) {
            checks.dataDirWritable(data, CoreSettings.DATA_DIR.key());
            ClusterIdentity.check(data, checks, CoreSettings.DATA_DIR.key());
            // the embedded broker listens on the loopback address (EmbeddedKafka)
            checks.portFree("the embedded Kafka broker", "127.0.0.1", config.get(CoreSettings.EMBEDDED_KAFKA_PORT),
                    CoreSettings.EMBEDDED_KAFKA_PORT.key());
        }
        if (!demo) {
            checks.portFree("the health and metrics endpoint", config.get(CoreSettings.HTTP_HOST), config.get(CoreSettings.HTTP_PORT),
                    CoreSettings.HTTP_PORT.key());
        }
        if (chosen.stream().anyMatch(s -> s.name().equals("console"))) {
            checks.portFree("the console's dashboard and API", config.get(ConsoleSettings.HOST), config.get(ConsoleSettings.PORT),
                    ConsoleSettings.PORT.key());
        }
        if (startBroker) {
            EmbeddedBroker.Running kafka;
            try {
                kafka = embeddedBroker().start(data, config.get(CoreSettings.EMBEDDED_KAFKA_PORT));
            } catch (RuntimeException e) {
                throw new StartupException("the embedded Kafka broker failed to start: " + rootMessage(e), e);
            }
            open.push(kafka);
            ClusterIdentity.record(data);
            config = config.with(CoreSettings.BOOTSTRAP_SERVERS.key(), kafka.bootstrapServers());
        }
        if (config.get(CoreSettings.CREATE_TOPICS)) {
            KafkaTopicsAdmin.ensureTopics(config.kafkaProperties(), config.topicNames());
        }
        try {
            endpoints = ServiceEndpoints.start(config.get(CoreSettings.HTTP_HOST), config.get(CoreSettings.HTTP_PORT), meters, health);
        } catch (UncheckedIOException e) {
            if (!demo) {
                throw new StartupException(rootMessage(e) + " (" + e.getMessage() + "); choose another port with "
                        + checks.flag(CoreSettings.HTTP_PORT.key(), "PORT"), e);
            }
            endpoints = ServiceEndpoints.start("127.0.0.1", 0, meters, health);
        }
        open.push(endpoints);
        open.push(meters::close);
        for (Stage stage : chosen) {
            LOG.info("Starting the {} stage", stage.name());
            try {
                Stage.Running running = stage.start(config, new Stage.StageContext(meters, health, demo, endpoints));
                stages.add(Map.entry(stage.name(), running));
                started.add(stage.name());
            } catch (Exception e) {
                throw new StartupException("the " + stage.name() + " stage failed to start: " + rootMessage(e), e);
            }
        }
    }

    /** The innermost message of a failure, on one line. */
    static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
        return message.strip().replaceAll("\\s*\\R\\s*", " ");
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

    /** Registers something to close after the stages and before everything else opened so far. */
    void closeFirst(AutoCloseable resource) {
        open.push(resource);
    }

    /**
     * Stops everything: first the intake (collector, console), then the other stages in start order, so that the
     * tagger finishes what the collector wrote and the alerter delivers or hands back what is in flight, each
     * committing before it closes its producers; then what else was opened, the embedded broker last.
     */
    @Override
    public void close() {
        List<Map.Entry<String, Stage.Running>> order = new ArrayList<>(stages);
        order.sort(Comparator.comparingInt(e -> INTAKE.contains(e.getKey()) ? 0 : 1));
        stages.clear();
        for (Map.Entry<String, Stage.Running> stage : order) {
            try {
                LOG.info("Stopping the {} stage", stage.getKey());
                stage.getValue().close();
            } catch (RuntimeException e) {
                LOG.warn("The {} stage did not stop cleanly: {}", stage.getKey(), rootMessage(e));
            }
        }
        while (!open.isEmpty()) {
            AutoCloseable next = open.pop();
            try {
                next.close();
            } catch (Exception e) {
                LOG.warn("Failed to close {} cleanly: {}", next, rootMessage(e));
            }
        }
    }
}
