package dev.wirewatch.broker;

import dev.wirewatch.core.spi.EmbeddedBroker;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.properties.MetaPropertiesEnsemble;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.Feature;
import org.apache.kafka.server.common.MetadataVersion;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real single-node Kafka broker (KRaft, combined controller and broker) inside this JVM, for the launcher's demo
 * and run modes and for integration tests.
 *
 * <p>The node supports transactions (exactly-once): the transaction and offsets topics have one replica. With a data
 * directory the log survives a restart, even after {@code kill -9}; without one, a temporary directory is used and
 * deleted on {@link #close()}. This should be closed on application shutdown.
 */
public final class EmbeddedKafka implements EmbeddedBroker.Running {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedKafka.class);
    private static final String CONTROLLER_LISTENER = "CONTROLLER";
    private static final int NODE_ID = 1;

    private final Path logDir;
    private final boolean temporary;
    private final int port;
    private final KafkaRaftServer server;

    private EmbeddedKafka(Path logDir, boolean temporary, int port, KafkaRaftServer server) {
        this.logDir = logDir;
        this.temporary = temporary;
        this.port = port;
        this.server = server;
    }

    /** A builder; its defaults (temporary directory, any free port) yield to the caller's settings. */
    public static Builder builder() {
        return new Builder();
    }

    /** Builds and starts an embedded broker. */
    public static final class Builder {
        private Path dataDir;
        private int port;
        private final Map<String, String> overrides = new HashMap<>();

        private Builder() {
        }

        /** Keeps the broker's log under this directory across restarts (created when missing). */
        public Builder dataDir(Path dir) {
            this.dataDir = dir;
            return this;
        }

        /** The client port; 0 (the default) picks a free one. */
        public Builder port(int port) {
            this.port = port;
            return this;
        }

        /** Any broker setting, applied last. */
        public Builder brokerProperty(String key, String value) {
            overrides.put(key, value);
            return this;
        }

        /**
         * Formats the storage when it is new and starts the broker.
         *
         * @throws KafkaException when the broker cannot start, saying why
         */
        public EmbeddedKafka start() {
            boolean temporary = dataDir == null;
            try {
                Path logDir = temporary ? Files.createTempDirectory("wirewatch-kafka-") : dataDir.toAbsolutePath().resolve("kafka");
                Files.createDirectories(logDir);
                int clientPort = port == 0 ? freePort() : port;
                int controllerPort = freePort();
                Properties props = brokerProperties(logDir, clientPort, controllerPort);
                overrides.forEach(props::put);
                KafkaConfig config = KafkaConfig.fromProps(props, false);
                formatIfNew(logDir, config);
                KafkaRaftServer server = new KafkaRaftServer(config, Time.SYSTEM);
                server.startup();
                EmbeddedKafka kafka = new EmbeddedKafka(logDir, temporary, clientPort, server);
                kafka.awaitReady();
                LOG.info("Embedded Kafka broker listening on {} with data in {}", kafka.bootstrapServers(), logDir);
                return kafka;
            } catch (IOException e) {
                throw new KafkaException("Failed to start the embedded Kafka broker: " + e.getMessage(), e);
            }
        }
    }

    private static Properties brokerProperties(Path logDir, int clientPort, int controllerPort) {
        Properties props = new Properties();
        props.put("process.roles", "broker,controller");
        props.put("node.id", Integer.toString(NODE_ID));
        props.put("controller.quorum.voters", NODE_ID + "@127.0.0.1:" + controllerPort);
        props.put("listeners", "PLAINTEXT://127.0.0.1:" + clientPort + ",CONTROLLER://127.0.0.1:" + controllerPort);
        props.put("advertised.listeners", "PLAINTEXT://localhost:" + clientPort);
        props.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        props.put("controller.listener.names", CONTROLLER_LISTENER);
        props.put("inter.broker.listener.name", "PLAINTEXT");
        props.put("log.dirs", logDir.toString());
        props.put("num.partitions", "1");
        props.put("auto.create.topics.enable", "false");
        // one node: every internal topic has one replica, so transactions and consumer groups work
        props.put("offsets.topic.replication.factor", "1");
        props.put("offsets.topic.num.partitions", "5");
        props.put("transaction.state.log.replication.factor", "1");
        props.put("transaction.state.log.min.isr", "1");
        props.put("transaction.state.log.num.partitions", "5");
        props.put("share.coordinator.state.topic.replication.factor", "1");
        props.put("share.coordinator.state.topic.min.isr", "1");
        props.put("min.insync.replicas", "1");
        props.put("group.initial.rebalance.delay.ms", "0");
        // a restart after kill -9 waits for the old broker session to expire: keep that short on one node
        props.put("broker.heartbeat.interval.ms", "500");
        props.put("broker.session.timeout.ms", "2500");
        props.put("log.flush.interval.messages", Long.toString(Long.MAX_VALUE));
        props.put("log.cleaner.dedupe.buffer.size", Integer.toString(8 * 1024 * 1024));
        props.put("socket.request.max.bytes", Integer.toString(100 * 1024 * 1024));
        props.put("message.max.bytes", Integer.toString(16 * 1024 * 1024));
        // a produce that meets the previous transaction's markers still being written is retried here every 5 ms,
        // not every 20, so the stages' next transaction starts as soon as the markers are in (StreamsDefaults)
        props.put("add.partitions.to.txn.retry.backoff.ms", "5");
        return props;
    }

    private static void formatIfNew(Path logDir, KafkaConfig config) throws IOException {
        if (Files.exists(logDir.resolve(MetaPropertiesEnsemble.META_PROPERTIES_NAME))) {
            LOG.info("Reusing the embedded Kafka log in {}", logDir);
            return;
        }
        Formatter formatter = new Formatter()
                .setPrintStream(new java.io.PrintStream(java.io.OutputStream.nullOutputStream()))
                .setNodeId(NODE_ID)
                .setClusterId(Uuid.randomUuid().toString())
                .setDirectories(List.of(logDir.toString()))
                .setMetadataLogDirectory(logDir.toString())
                .setControllerListenerName(CONTROLLER_LISTENER)
                .setReleaseVersion(MetadataVersion.latestProduction())
                .setSupportedFeatures(Feature.PRODUCTION_FEATURES)
                .setIgnoreFormatted(true);
        try {
            formatter.run();
        } catch (Exception e) {
            throw new KafkaException("Failed to format the embedded Kafka storage in " + logDir, e);
        }
        Objects.requireNonNull(config, "config");
    }

    private void awaitReady() {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        try (Admin admin = Admin.create(props)) {
            while (true) {
                try {
                    admin.describeCluster().nodes().get(5, TimeUnit.SECONDS);
                    if (!admin.describeCluster().nodes().get(5, TimeUnit.SECONDS).isEmpty()) {
                        return;
                    }
                } catch (Exception e) {
                    if (System.nanoTime() > deadline) {
                        throw new KafkaException("The embedded Kafka broker did not become ready within 60 s", e);
                    }
                }
            }
        }
    }

    /** The {@code bootstrap.servers} value for clients. */
    @Override
    public String bootstrapServers() {
        return "localhost:" + port;
    }

    public int port() {
        return port;
    }

    /** Where the broker keeps its log. */
    public Path logDir() {
        return logDir;
    }

    /** Stops the broker and waits for it; deletes a temporary log directory. */
    @Override
    public void close() {
        try {
            server.shutdown();
            server.awaitShutdown();
        } catch (RuntimeException e) {
            LOG.warn("The embedded Kafka broker did not stop cleanly", e);
        }
        if (temporary) {
            deleteQuietly(logDir);
        }
        LOG.info("Embedded Kafka broker on port {} stopped", port);
    }

    private static void deleteQuietly(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            LOG.debug("Could not delete {}", dir, e);
        }
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("Failed to find a free port", e);
        }
    }
}
