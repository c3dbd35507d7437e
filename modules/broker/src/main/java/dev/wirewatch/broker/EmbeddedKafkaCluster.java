package dev.wirewatch.broker;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.properties.MetaPropertiesEnsemble;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.Feature;
import org.apache.kafka.server.common.MetadataVersion;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A replicated Kafka cluster inside this JVM for fault tests: three (or more) KRaft nodes, each a combined broker and
 * controller, so that the controller quorum and the data survive any one node stopping.
 *
 * <p>Why combined nodes rather than a separate controller quorum: a stop of one node then takes a broker and a voter
 * away together, which is the harder case (the quorum elects a new active controller while partition leaders move), and
 * three processes' worth of servers are all the two test cores carry. Topics default to three replicas and
 * {@code min.insync.replicas} 2, internal topics (offsets, transactions) too, so one node down loses no acknowledged
 * write and producers with {@code acks=all} go on.
 *
 * <p>{@link #stop(int)} is a clean shutdown of one node (its partitions' leadership moves first), and
 * {@link #restart(int)} starts it again on the same ports and log, where it catches up from the others. Nodes are
 * numbered from 1. This should be closed when the tests end; it deletes its temporary directories.
 */
public final class EmbeddedKafkaCluster implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedKafkaCluster.class);
    private static final String CONTROLLER_LISTENER = "CONTROLLER";
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(90);

    private final Path baseDir;
    private final Map<Integer, KafkaConfig> configs;
    private final Map<Integer, Integer> clientPorts;
    /** The running server of each node; a node that is stopped has none. Guarded by {@code this}. */
    private final Map<Integer, KafkaRaftServer> servers = new HashMap<>();

    private EmbeddedKafkaCluster(Path baseDir, Map<Integer, KafkaConfig> configs, Map<Integer, Integer> clientPorts) {
        this.baseDir = baseDir;
        this.configs = configs;
        this.clientPorts = clientPorts;
    }

    /** A builder; its defaults (three nodes, three replicas, min ISR 2) yield to the caller's settings. */
    public static Builder builder() {
        return new Builder();
    }

    /** Builds and starts a cluster. */
    public static final class Builder {
        private int nodes = 3;
        private final Map<String, String> overrides = new HashMap<>();

        private Builder() {
        }

        /** The number of combined broker and controller nodes, 3 or more (an odd number keeps a majority). */
        public Builder nodes(int nodes) {
            if (nodes < 3) {
                throw new IllegalArgumentException("a replicated cluster needs at least 3 nodes, got " + nodes);
            }
            this.nodes = nodes;
            return this;
        }

        /** Any broker setting for every node, applied last. */
        public Builder brokerProperty(String key, String value) {
            overrides.put(key, value);
            return this;
        }

        /**
         * Formats every node's storage and starts the nodes together (a KRaft node waits for a quorum to start).
         *
         * @throws KafkaException when the cluster cannot start, saying why
         */
        public EmbeddedKafkaCluster start() {
            Path base;
            try {
                base = Files.createTempDirectory("wirewatch-kafka-cluster-");
            } catch (IOException e) {
                throw new KafkaException("Failed to start the test Kafka cluster: " + e.getMessage(), e);
            }
            Map<Integer, Integer> clientPorts = new LinkedHashMap<>();
            Map<Integer, Integer> controllerPorts = new LinkedHashMap<>();
            for (int id = 1; id <= nodes; id++) {
                clientPorts.put(id, EmbeddedKafka.freePort());
                controllerPorts.put(id, EmbeddedKafka.freePort());
            }
            String voters = controllerPorts.entrySet().stream().map(e -> e.getKey() + "@127.0.0.1:" + e.getValue())
                    .collect(Collectors.joining(","));
            String clusterId = Uuid.randomUuid().toString();
            Map<Integer, KafkaConfig> configs = new LinkedHashMap<>();
            for (int id = 1; id <= nodes; id++) {
                Path logDir = base.resolve("node-" + id);
                Properties props = nodeProperties(id, logDir, clientPorts.get(id), controllerPorts.get(id), voters);
                overrides.forEach(props::put);
                KafkaConfig config = KafkaConfig.fromProps(props, false);
                format(id, clusterId, logDir);
                configs.put(id, config);
            }
            EmbeddedKafkaCluster cluster = new EmbeddedKafkaCluster(base, configs, clientPorts);
            try {
                cluster.startNodes(List.copyOf(configs.keySet()));
                cluster.awaitBrokers(nodes);
            } catch (RuntimeException e) {
                cluster.close();
                throw e;
            }
            LOG.info("Test Kafka cluster of {} nodes listening on {}", nodes, cluster.bootstrapServers());
            return cluster;
        }
    }

    private static Properties nodeProperties(int id, Path logDir, int clientPort, int controllerPort, String voters) {
        Properties props = new Properties();
        props.put("process.roles", "broker,controller");
        props.put("node.id", Integer.toString(id));
        props.put("controller.quorum.voters", voters);
        props.put("listeners", "PLAINTEXT://127.0.0.1:" + clientPort + ",CONTROLLER://127.0.0.1:" + controllerPort);
        props.put("advertised.listeners", "PLAINTEXT://localhost:" + clientPort);
        props.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        props.put("controller.listener.names", CONTROLLER_LISTENER);
        props.put("inter.broker.listener.name", "PLAINTEXT");
        props.put("log.dirs", logDir.toString());
        props.put("num.partitions", "1");
        props.put("auto.create.topics.enable", "false");
        props.put("default.replication.factor", "3");
        props.put("min.insync.replicas", "2");
        props.put("offsets.topic.replication.factor", "3");
        props.put("offsets.topic.num.partitions", "5");
        props.put("transaction.state.log.replication.factor", "3");
        props.put("transaction.state.log.min.isr", "2");
        props.put("transaction.state.log.num.partitions", "5");
        props.put("share.coordinator.state.topic.replication.factor", "3");
        props.put("share.coordinator.state.topic.min.isr", "2");
        props.put("group.initial.rebalance.delay.ms", "0");
        props.put("unclean.leader.election.enable", "false");
        // a stopped node is fenced, and a restarted one admitted, within seconds
        props.put("broker.heartbeat.interval.ms", "500");
        props.put("broker.session.timeout.ms", "3000");
        props.put("controlled.shutdown.enable", "true");
        props.put("log.flush.interval.messages", Long.toString(Long.MAX_VALUE));
        props.put("log.cleaner.dedupe.buffer.size", Integer.toString(4 * 1024 * 1024));
        props.put("socket.request.max.bytes", Integer.toString(100 * 1024 * 1024));
        props.put("message.max.bytes", Integer.toString(16 * 1024 * 1024));
        props.put("num.network.threads", "2");
        props.put("num.io.threads", "2");
        props.put("num.replica.fetchers", "1");
        props.put("background.threads", "2");
        return props;
    }

    private static void format(int id, String clusterId, Path logDir) {
        try {
            Files.createDirectories(logDir);
            if (Files.exists(logDir.resolve(MetaPropertiesEnsemble.META_PROPERTIES_NAME))) {
                return;
            }
            new Formatter()
                    .setPrintStream(new PrintStream(OutputStream.nullOutputStream()))
                    .setNodeId(id)
                    .setClusterId(clusterId)
                    .setDirectories(List.of(logDir.toString()))
                    .setMetadataLogDirectory(logDir.toString())
                    .setControllerListenerName(CONTROLLER_LISTENER)
                    .setReleaseVersion(MetadataVersion.latestProduction())
                    .setSupportedFeatures(Feature.PRODUCTION_FEATURES)
                    .setIgnoreFormatted(true)
                    .run();
        } catch (Exception e) {
            throw new KafkaException("Failed to format the storage of test Kafka node " + id + " in " + logDir, e);
        }
    }

    private void startNodes(List<Integer> ids) {
        List<CompletableFuture<Void>> started = new ArrayList<>();
        for (int id : ids) {
            KafkaRaftServer server = new KafkaRaftServer(configs.get(id), Time.SYSTEM);
            synchronized (this) {
                servers.put(id, server);
            }
            // each node's start waits for a controller quorum, which needs the others: start them side by side
            started.add(CompletableFuture.runAsync(server::startup, runnable -> Thread.ofPlatform()
                    .name("kafka-node-" + id + "-startup").daemon().start(runnable)));
        }
        try {
            CompletableFuture.allOf(started.toArray(CompletableFuture<?>[]::new)).get(READY_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new KafkaException("Failed to start test Kafka nodes " + ids, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KafkaException("Interrupted while starting test Kafka nodes " + ids, e);
        }
    }

    /** The {@code bootstrap.servers} value for clients: every node, so that any one of them may be down. */
    public String bootstrapServers() {
        return clientPorts.values().stream().map(p -> "localhost:" + p).collect(Collectors.joining(","));
    }

    /** The node ids, from 1. */
    public List<Integer> nodeIds() {
        return List.copyOf(configs.keySet());
    }

    /** Whether a node is running. */
    public synchronized boolean isRunning(int id) {
        return servers.containsKey(id);
    }

    /**
     * Stops one node cleanly and waits for it: its partitions get new leaders among the in-sync replicas, and the
     * quorum elects a new active controller if it was that.
     */
    public void stop(int id) {
        KafkaRaftServer server;
        synchronized (this) {
            requireNode(id);
            server = servers.remove(id);
        }
        if (server == null) {
            throw new IllegalStateException("test Kafka node " + id + " is already stopped");
        }
        LOG.info("Stopping test Kafka node {}", id);
        shutdown(id, server);
    }

    /** Starts a stopped node again on its ports and log, and waits until the cluster counts it as a broker again. */
    public void restart(int id) {
        synchronized (this) {
            requireNode(id);
            if (servers.containsKey(id)) {
                throw new IllegalStateException("test Kafka node " + id + " is running");
            }
        }
        LOG.info("Restarting test Kafka node {}", id);
        startNodes(List.of(id));
        awaitBrokers(configs.size());
    }

    /** Restarts every stopped node, so that the next test meets the whole cluster. */
    public void restartStopped() {
        for (int id : nodeIds()) {
            if (!isRunning(id)) {
                restart(id);
            }
        }
    }

    /**
     * The node that leads one partition now.
     *
     * @throws KafkaException when the partition has no leader or the topic cannot be described
     */
    public int leaderOf(String topic, int partition) {
        try (Admin admin = admin()) {
            TopicDescription description = admin.describeTopics(List.of(topic)).allTopicNames().get(30, TimeUnit.SECONDS).get(topic);
            TopicPartitionInfo info = description.partitions().get(partition);
            Node leader = info.leader();
            if (leader == null || leader.isEmpty()) {
                throw new KafkaException("Partition " + topic + "-" + partition + " has no leader");
            }
            return leader.id();
        } catch (ExecutionException | TimeoutException e) {
            throw new KafkaException("Failed to describe topic " + topic, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KafkaException("Interrupted while describing topic " + topic, e);
        }
    }

    /** An admin client on this cluster; the caller closes it. */
    public Admin admin() {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        return Admin.create(props);
    }

    private void awaitBrokers(int expected) {
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        Exception last = null;
        try (Admin admin = admin()) {
            while (System.nanoTime() < deadline) {
                try {
                    if (admin.describeCluster().nodes().get(5, TimeUnit.SECONDS).size() >= expected) {
                        return;
                    }
                } catch (ExecutionException | TimeoutException e) {
                    last = e;
                }
                TimeUnit.MILLISECONDS.sleep(100);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KafkaException("Interrupted while waiting for the test Kafka cluster", e);
        }
        throw new KafkaException("The test Kafka cluster did not count " + expected + " brokers within "
                + READY_TIMEOUT.toSeconds() + " s", last);
    }

    private void requireNode(int id) {
        if (!configs.containsKey(id)) {
            throw new IllegalArgumentException("no test Kafka node " + id + "; nodes are " + configs.keySet());
        }
    }

    private static void shutdown(int id, KafkaRaftServer server) {
        try {
            server.shutdown();
            server.awaitShutdown();
        } catch (RuntimeException e) {
            LOG.warn("Test Kafka node {} did not stop cleanly", id, e);
        }
    }

    /** Stops every node and deletes the cluster's directories. */
    @Override
    public void close() {
        Map<Integer, KafkaRaftServer> running;
        synchronized (this) {
            running = new HashMap<>(servers);
            servers.clear();
        }
        // stop together: a node stopping alone would wait for a controlled shutdown the others cannot confirm
        List<CompletableFuture<Void>> stopped = new ArrayList<>();
        running.forEach((id, server) -> stopped.add(CompletableFuture.runAsync(() -> shutdown(id, server),
                runnable -> Thread.ofPlatform().name("kafka-node-" + id + "-shutdown").daemon().start(runnable))));
        try {
            CompletableFuture.allOf(stopped.toArray(CompletableFuture<?>[]::new)).get(2, TimeUnit.MINUTES);
        } catch (ExecutionException | TimeoutException e) {
            LOG.warn("The test Kafka cluster did not stop within 2 minutes", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try (Stream<Path> paths = Files.walk(baseDir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            LOG.debug("Could not delete {}", baseDir, e);
        }
        LOG.info("Test Kafka cluster stopped");
    }
}
