package dev.wirewatch.broker.testing;

import dev.wirewatch.broker.EmbeddedKafkaCluster;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Shares one in-process three-node Kafka cluster ({@link EmbeddedKafkaCluster}) among the fault tests of a JVM: the
 * first test class that uses the extension starts it, it stops when the test run ends, and after each test every node
 * a test stopped is started again, so that the next test meets the whole cluster.
 *
 * <p>Use {@code @ExtendWith(KafkaClusterExtension.class)}, then {@link #cluster()} to stop and restart nodes and
 * {@link KafkaBrokerExtension#uniquePrefix()} for topic names.
 */
public final class KafkaClusterExtension implements BeforeAllCallback, AfterEachCallback {

    private static final AtomicReference<EmbeddedKafkaCluster> CLUSTER = new AtomicReference<>();

    @Override
    public void beforeAll(ExtensionContext context) {
        ExtensionContext.Store store = context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL);
        store.getOrComputeIfAbsent(KafkaClusterExtension.class.getName(), key -> {
            EmbeddedKafkaCluster cluster = EmbeddedKafkaCluster.builder().start();
            CLUSTER.set(cluster);
            return new SharedCluster(cluster);
        });
    }

    @Override
    public void afterEach(ExtensionContext context) {
        EmbeddedKafkaCluster cluster = CLUSTER.get();
        if (cluster != null) {
            cluster.restartStopped();
        }
    }

    /** Closes the shared cluster when the root test context closes. */
    private record SharedCluster(EmbeddedKafkaCluster cluster) implements AutoCloseable {
        @Override
        public void close() {
            CLUSTER.set(null);
            cluster.close();
        }
    }

    /** The shared cluster; only valid inside a test class that uses this extension. */
    public static EmbeddedKafkaCluster cluster() {
        EmbeddedKafkaCluster cluster = CLUSTER.get();
        if (cluster == null) {
            throw new IllegalStateException("No cluster: annotate the test class with @ExtendWith(KafkaClusterExtension.class)");
        }
        return cluster;
    }

    /** Client properties with only {@code bootstrap.servers} set, naming every node. */
    public static Properties clientProperties() {
        Properties props = new Properties();
        props.put("bootstrap.servers", cluster().bootstrapServers());
        return props;
    }
}
