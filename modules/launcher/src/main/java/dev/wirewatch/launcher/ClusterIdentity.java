package dev.wirewatch.launcher;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Properties;

/**
 * Which Kafka cluster a data directory belongs to: the embedded broker's own {@code kafka/meta.properties} and the
 * id Wirewatch records in {@code cluster.id} on its first start. A directory from another cluster (another broker's
 * log, or state kept for a cluster since wiped) is refused before the broker starts, rather than mixing the two.
 */
final class ClusterIdentity {

    /** The embedded broker's node id (EmbeddedKafka's NODE_ID). */
    private static final String EMBEDDED_NODE_ID = "1";
    static final String MARKER = "cluster.id";

    private ClusterIdentity() {
    }

    /** Refuses {@code dataDir} when its broker log or its recorded cluster id belongs to another cluster. */
    static void check(Path dataDir, Preflight checks, String key) {
        Path dir = dataDir.toAbsolutePath().normalize();
        Optional<String> recorded = read(dir.resolve(MARKER)).map(String::strip).filter(s -> !s.isEmpty());
        Properties meta = metaProperties(dir.resolve("kafka").resolve("meta.properties"));
        String remedy = "; choose another with " + checks.flag(key, "DIR") + " or empty it to start afresh";
        String nodeId = meta.getProperty("node.id");
        if (nodeId != null && !nodeId.strip().equals(EMBEDDED_NODE_ID)) {
            throw new StartupException("the data directory " + dir + " holds the log of another Kafka broker (node id "
                    + nodeId.strip() + ", cluster " + meta.getProperty("cluster.id", "?") + ")" + remedy);
        }
        String logCluster = meta.getProperty("cluster.id");
        if (recorded.isPresent() && !recorded.get().equals(logCluster)) {
            throw new StartupException("the data directory " + dir + " belongs to Kafka cluster " + recorded.get()
                    + (logCluster == null ? ", whose broker log is gone" : ", but its broker log is cluster " + logCluster)
                    + remedy);
        }
    }

    /**
     * Records the started broker's cluster id on the first start, so that a later start can tell the directory is
     * this cluster's.
     */
    static void record(Path dataDir) {
        Path dir = dataDir.toAbsolutePath().normalize();
        Path marker = dir.resolve(MARKER);
        String clusterId = metaProperties(dir.resolve("kafka").resolve("meta.properties")).getProperty("cluster.id");
        if (Files.exists(marker) || clusterId == null) {
            return;
        }
        try {
            Files.writeString(marker, clusterId + "\n", StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("Failed to record the cluster id in " + marker, e);
        }
    }

    private static Optional<String> read(Path file) {
        try {
            return Files.isRegularFile(file) ? Optional.of(Files.readString(file, StandardCharsets.UTF_8)) : Optional.empty();
        } catch (IOException e) {
            throw new StartupException("cannot read " + file + " (" + e.getMessage() + ")");
        }
    }

    private static Properties metaProperties(Path file) {
        Properties props = new Properties();
        if (Files.isRegularFile(file)) {
            try (InputStream in = Files.newInputStream(file)) {
                props.load(in);
            } catch (IOException e) {
                throw new StartupException("cannot read " + file + " (" + e.getMessage() + ")");
            }
        }
        return props;
    }
}
