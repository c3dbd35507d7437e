package dev.wirewatch.broker.testing;

import dev.wirewatch.broker.EmbeddedKafka;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Shares one real in-process Kafka broker among all tests of a JVM: the first test class that uses the extension
 * starts it, and it stops when the test run ends.
 *
 * <p>Use {@code @ExtendWith(KafkaBrokerExtension.class)}, then {@link #bootstrapServers()} for clients and
 * {@link #uniquePrefix()} for topic names that no other test uses.
 */
public final class KafkaBrokerExtension implements BeforeAllCallback {

    private static final AtomicReference<EmbeddedKafka> BROKER = new AtomicReference<>();
    private static final AtomicInteger SEQUENCE = new AtomicInteger();

    @Override
    public void beforeAll(ExtensionContext context) {
        ExtensionContext.Store store = context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL);
        store.getOrComputeIfAbsent(KafkaBrokerExtension.class.getName(), key -> {
            EmbeddedKafka kafka = EmbeddedKafka.builder().start();
            BROKER.set(kafka);
            return new SharedBroker(kafka);
        });
    }

    /** Closes the shared broker when the root test context closes. */
    private record SharedBroker(EmbeddedKafka kafka) implements AutoCloseable {
        @Override
        public void close() {
            BROKER.set(null);
            kafka.close();
        }
    }

    /** The shared broker; only valid inside a test class that uses this extension. */
    public static EmbeddedKafka broker() {
        EmbeddedKafka kafka = BROKER.get();
        if (kafka == null) {
            throw new IllegalStateException("No broker: annotate the test class with @ExtendWith(KafkaBrokerExtension.class)");
        }
        return kafka;
    }

    /** The shared broker's {@code bootstrap.servers}. */
    public static String bootstrapServers() {
        return broker().bootstrapServers();
    }

    /** Client properties with only {@code bootstrap.servers} set. */
    public static Properties clientProperties() {
        Properties props = new Properties();
        props.put("bootstrap.servers", bootstrapServers());
        return props;
    }

    /**
     * A topic prefix that no other test in this JVM gets, such as {@code t7.wirewatch.}, so that tests can use the
     * real registry under their own names.
     */
    public static String uniquePrefix() {
        return "t" + SEQUENCE.incrementAndGet() + "-" + ProcessHandle.current().pid() + ".wirewatch.";
    }

    /** A fresh name for one topic or consumer group. */
    public static String uniqueName(String base) {
        return base + "-" + SEQUENCE.incrementAndGet();
    }
}
