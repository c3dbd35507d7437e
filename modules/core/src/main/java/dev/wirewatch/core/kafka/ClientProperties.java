package dev.wirewatch.core.kafka;

import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/** Kafka client properties that several stages and tools derive alike from the configuration's client properties. */
public final class ClientProperties {

    private ClientProperties() {
    }

    /**
     * A consumer that reads only what was committed, from partitions it assigns itself: no group (and so no offsets
     * committed), raw bytes for keys and values, {@code read_committed}. The console's backtest, the tools that read a
     * topic through and the bench's observers read this way.
     *
     * @param client the configuration's client properties (bootstrap servers, security); copied, not changed
     * @param clientId the client id that names the reader in the broker's logs and metrics, or null for Kafka's own
     */
    public static Properties committedReader(Properties client, String clientId) {
        Properties props = new Properties();
        props.putAll(client);
        props.remove(ConsumerConfig.GROUP_ID_CONFIG);
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        if (clientId != null) {
            props.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId);
        }
        return props;
    }
}
