package dev.wirewatch.core.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.junit.jupiter.api.Test;

class ClientPropertiesTest {

    @Test
    void aCommittedReaderKeepsTheClientsConnectionButNoGroupAndReadsOnlyCommittedBytes() {
        Properties client = new Properties();
        client.put("bootstrap.servers", "127.0.0.1:9");
        client.put("security.protocol", "PLAINTEXT");
        client.put(ConsumerConfig.GROUP_ID_CONFIG, "wirewatch.alerter-delivery");

        Properties reader = ClientProperties.committedReader(client, "wirewatch-console-backtest-1");

        assertThat(reader).containsEntry("bootstrap.servers", "127.0.0.1:9")
                .containsEntry("security.protocol", "PLAINTEXT")
                .containsEntry(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed")
                .containsEntry(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false")
                .containsEntry(ConsumerConfig.CLIENT_ID_CONFIG, "wirewatch-console-backtest-1")
                .doesNotContainKey(ConsumerConfig.GROUP_ID_CONFIG);
        assertThat(client).containsEntry(ConsumerConfig.GROUP_ID_CONFIG, "wirewatch.alerter-delivery")
                .doesNotContainKey(ConsumerConfig.ISOLATION_LEVEL_CONFIG);
        assertThat(ClientProperties.committedReader(client, null)).doesNotContainKey(ConsumerConfig.CLIENT_ID_CONFIG);
        // the properties alone make a consumer (deserializers included) that assigns partitions itself
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(reader)) {
            assertThat(consumer.assignment()).isEmpty();
        }
    }
}
