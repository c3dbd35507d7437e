package dev.wirewatch.core.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wirewatch.core.config.ConfigException;
import dev.wirewatch.core.config.WirewatchConfig;
import java.util.Map;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.junit.jupiter.api.Test;

/** How the replication of the topics Wirewatch creates is decided from configuration and the cluster's size. */
class TopicNamesReplicationTest {

    @Test
    void byDefaultThreeBrokersOrMoreGetThreeReplicasAndMinIsrTwo() {
        TopicNames names = WirewatchConfig.of(Map.of()).topicNames();
        assertThat(names.replicationDecided()).isFalse();
        for (int brokers : new int[] {3, 5}) {
            TopicNames resolved = names.forBrokers(brokers);
            assertThat(resolved.replicationFactor()).isEqualTo((short) 3);
            assertThat(resolved.effectiveMinInsyncReplicas()).isEqualTo(2);
            NewTopic articles = resolved.newTopic(Topics.ARTICLES);
            assertThat(articles.replicationFactor()).isEqualTo((short) 3);
            assertThat(articles.configs()).containsEntry(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG, "2");
        }
    }

    @Test
    void smallerClustersGetOneReplicaPerBrokerAndMinIsrOne() {
        TopicNames names = WirewatchConfig.of(Map.of()).topicNames();
        assertThat(names.forBrokers(1).replicationFactor()).isEqualTo((short) 1);
        assertThat(names.forBrokers(1).effectiveMinInsyncReplicas()).isEqualTo(1);
        assertThat(names.forBrokers(2).replicationFactor()).isEqualTo((short) 2);
        assertThat(names.forBrokers(2).effectiveMinInsyncReplicas()).isEqualTo(1);
    }

    @Test
    void configuredValuesWinOverTheClusterSize() {
        TopicNames names = WirewatchConfig.of(Map.of("kafka.replication-factor", "5", "kafka.min-insync-replicas", "3"))
                .topicNames().forBrokers(3);
        assertThat(names.replicationFactor()).isEqualTo((short) 5);
        assertThat(names.effectiveMinInsyncReplicas()).isEqualTo(3);
        assertThat(names.newTopic(Topics.MENTIONS).configs()).containsEntry(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG, "3");
    }

    @Test
    void aMinIsrAboveTheReplicationFactorIsRefusedNamingTheSetting() {
        assertThatThrownBy(() -> WirewatchConfig.of(Map.of("kafka.replication-factor", "2", "kafka.min-insync-replicas", "3"))
                .topicNames())
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("kafka.min-insync-replicas")
                .hasMessageContaining("more than kafka.replication-factor (2)");
    }

    @Test
    void undecidedReplicationLeavesNewTopicsToTheBrokerDefaults() {
        NewTopic topic = WirewatchConfig.of(Map.of()).topicNames().newTopic(Topics.ARTICLES);
        assertThat(topic.replicationFactor()).isEqualTo((short) -1);
        assertThat(topic.configs()).doesNotContainKey(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG);
    }
}
