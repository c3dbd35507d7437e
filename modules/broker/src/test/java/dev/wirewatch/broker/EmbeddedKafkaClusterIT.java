package dev.wirewatch.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.wirewatch.broker.testing.KafkaBrokerExtension;
import dev.wirewatch.broker.testing.KafkaClusterExtension;
import dev.wirewatch.core.config.WirewatchConfig;
import dev.wirewatch.core.kafka.KafkaTopicsAdmin;
import dev.wirewatch.core.kafka.TopicNames;
import dev.wirewatch.core.kafka.Topics;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The three-node test cluster: Wirewatch's topics get three replicas and min ISR 2 by default, and a transactional
 * producer loses and duplicates nothing while the leader of its partition is stopped and started again.
 */
@ExtendWith(KafkaClusterExtension.class)
class EmbeddedKafkaClusterIT {

    @Test
    void topicsWirewatchCreatesGetThreeReplicasAndMinIsrTwoOnThreeBrokers() throws Exception {
        String prefix = KafkaBrokerExtension.uniquePrefix();
        WirewatchConfig config = WirewatchConfig.of(Map.of("kafka.topic-prefix", prefix,
                "kafka.bootstrap-servers", KafkaClusterExtension.cluster().bootstrapServers()));
        TopicNames names = config.topicNames();
        KafkaTopicsAdmin.ensureTopics(config.kafkaProperties(), names);
        String articles = names.of(Topics.ARTICLES);
        try (Admin admin = KafkaClusterExtension.cluster().admin()) {
            TopicDescription description = admin.describeTopics(List.of(articles)).allTopicNames().get(30, TimeUnit.SECONDS).get(articles);
            assertThat(description.partitions()).allSatisfy(p -> assertThat(p.replicas()).hasSize(3));
            ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, articles);
            Config topicConfig = admin.describeConfigs(List.of(resource)).all().get(30, TimeUnit.SECONDS).get(resource);
            assertThat(topicConfig.get(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG).value()).isEqualTo("2");
        }
    }

    @Test
    void stoppingTheLeaderMidStreamLosesAndDuplicatesNothing() throws Exception {
        EmbeddedKafkaCluster cluster = KafkaClusterExtension.cluster();
        String prefix = KafkaBrokerExtension.uniquePrefix();
        TopicNames names = new TopicNames(prefix, (short) 0, 0).forBrokers(3);
        KafkaTopicsAdmin.ensure(KafkaClusterExtension.clientProperties(), List.of(names.newTopic(Topics.ARTICLES)));
        String topic = names.of(Topics.ARTICLES);
        int total = 600;

        Properties producerProps = KafkaClusterExtension.clientProperties();
        producerProps.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, KafkaBrokerExtension.uniqueName("cluster-it"));
        producerProps.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "60000");
        int stopped = -1;
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(producerProps, new StringSerializer(), new StringSerializer())) {
            producer.initTransactions();
            for (int batch = 0; batch < total / 20; batch++) {
                if (batch == total / 40) {
                    stopped = cluster.leaderOf(topic, 0);
                    cluster.stop(stopped);
                }
                producer.beginTransaction();
                for (int i = 0; i < 20; i++) {
                    String key = Integer.toString(batch * 20 + i);
                    producer.send(new ProducerRecord<>(topic, key, key));
                }
                producer.commitTransaction();
            }
        }
        assertThat(stopped).isPositive();
        assertThat(cluster.leaderOf(topic, 0)).isNotEqualTo(stopped);
        cluster.restart(stopped);

        Properties consumerProps = KafkaClusterExtension.clientProperties();
        consumerProps.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        consumerProps.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        Map<String, Integer> seen = new HashMap<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(consumerProps, new StringDeserializer(), new StringDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                    seen.merge(r.value(), 1, Integer::sum);
                }
                return seen.size() >= total;
            });
        }
        assertThat(seen).hasSize(total).allSatisfy((key, count) -> assertThat(count).as(key).isEqualTo(1));
    }
}
