package dev.wirewatch.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wirewatch.core.net.Cidr;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WirewatchConfigTest {

    @TempDir
    Path dir;

    private Path yaml(String text) throws IOException {
        Path file = dir.resolve("wirewatch.yaml");
        Files.writeString(file, text);
        return file;
    }

    @Test
    void flagsOverrideEnvironmentWhichOverridesTheFile() throws IOException {
        Path file = yaml("""
                kafka:
                  bootstrap-servers: file:9092
                  topic-prefix: file.
                  partitions: 3
                http:
                  port: 9000
                """);
        WirewatchConfig config = WirewatchConfig.load(file,
                Map.of("WIREWATCH_KAFKA_TOPIC_PREFIX", "env.", "WIREWATCH_HTTP_PORT", "9001", "HOME", "/root"),
                Map.of("http.port", "9002"));
        assertThat(config.get(CoreSettings.BOOTSTRAP_SERVERS)).isEqualTo("file:9092");
        assertThat(config.get(CoreSettings.TOPIC_PREFIX)).isEqualTo("env.");
        assertThat(config.get(CoreSettings.HTTP_PORT)).isEqualTo(9002);
        assertThat(config.get(CoreSettings.PARTITIONS)).isEqualTo(3);
        assertThat(config.topicNames().prefix()).isEqualTo("env.");
    }

    @Test
    void defaultsApplyWhenNothingIsSet() {
        WirewatchConfig config = WirewatchConfig.load(null, Map.of(), Map.of());
        assertThat(config.get(CoreSettings.TOPIC_PREFIX)).isEqualTo("wirewatch.");
        assertThat(config.get(CoreSettings.BOOTSTRAP_SERVERS)).isNull();
        assertThat(config.get(CoreSettings.SHUTDOWN_TIMEOUT)).isEqualTo(Duration.ofSeconds(30));
        assertThat(config.get(CoreSettings.WEBHOOKS_ALLOW_PRIVATE)).isEmpty();
    }

    @Test
    void aWrongValueIsReportedWithItsKeyAndVariable() {
        assertThatThrownBy(() -> WirewatchConfig.load(null, Map.of("WIREWATCH_HTTP_PORT", "eighty"), Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("http.port")
                .hasMessageContaining("expected a whole number")
                .hasMessageContaining("WIREWATCH_HTTP_PORT");
        assertThatThrownBy(() -> WirewatchConfig.load(null, Map.of(), Map.of("kafka.replication-factor", "8")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("kafka.replication-factor: must be between 0 and 7");
        assertThatThrownBy(() -> WirewatchConfig.load(null, Map.of(), Map.of("shutdown.timeout", "5 fortnights")))
                .hasMessageContaining("shutdown.timeout").hasMessageContaining("unknown duration unit");
    }

    @Test
    void aMissingOrBrokenFileIsAClearError() throws IOException {
        assertThatThrownBy(() -> WirewatchConfig.load(dir.resolve("nope.yaml"), Map.of(), Map.of()))
                .isInstanceOf(ConfigException.class).hasMessageContaining("does not exist");
        Path broken = yaml("kafka: [unclosed");
        assertThatThrownBy(() -> WirewatchConfig.load(broken, Map.of(), Map.of()))
                .isInstanceOf(ConfigException.class).hasMessageContaining("cannot read YAML");
    }

    @Test
    void requiredSettingsNameTheirVariable() {
        WirewatchConfig config = WirewatchConfig.of(Map.of());
        assertThatThrownBy(config::kafkaProperties)
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("kafka.bootstrap-servers")
                .hasMessageContaining("WIREWATCH_KAFKA_BOOTSTRAP_SERVERS");
    }

    @Test
    void kafkaClientPropertiesPassThroughFromEveryLayer() throws IOException {
        Path file = yaml("""
                kafka:
                  bootstrap-servers: broker:9093
                  security.protocol: SASL_SSL
                  ssl:
                    truststore.location: /etc/kafka/truststore.jks
                """);
        WirewatchConfig config = WirewatchConfig.load(file,
                Map.of("WIREWATCH_KAFKA_SASL_MECHANISM", "SCRAM-SHA-512"), Map.of("kafka.client.id", "ww-1"));
        Properties props = config.kafkaProperties();
        assertThat(props).containsEntry("bootstrap.servers", "broker:9093")
                .containsEntry("security.protocol", "SASL_SSL")
                .containsEntry("ssl.truststore.location", "/etc/kafka/truststore.jks")
                .containsEntry("sasl.mechanism", "SCRAM-SHA-512")
                .containsEntry("client.id", "ww-1");
        // Wirewatch's own kafka.* settings are not client properties
        assertThat(props.keySet()).noneMatch(k -> k.toString().startsWith("topic") || k.toString().equals("partitions"));
    }

    @Test
    void listsAndDurationsParse() {
        WirewatchConfig config = WirewatchConfig.of(Map.of("webhooks.allow-private", "127.0.0.0/8, 10.1.0.0/16,,"));
        assertThat(config.get(CoreSettings.WEBHOOKS_ALLOW_PRIVATE)).isEqualTo(
                List.of(Cidr.parse("127.0.0.0/8"), Cidr.parse("10.1.0.0/16")));
        assertThatThrownBy(() -> WirewatchConfig.of(Map.of("webhooks.allow-private", "localhost/8"))
                .get(CoreSettings.WEBHOOKS_ALLOW_PRIVATE))
                .isInstanceOf(ConfigException.class).hasMessageContaining("webhooks.allow-private")
                .hasMessageContaining("not a CIDR");
        assertThat(ConfigKey.parseDuration("500ms")).isEqualTo(Duration.ofMillis(500));
        assertThat(ConfigKey.parseDuration("2h")).isEqualTo(Duration.ofHours(2));
        assertThat(ConfigKey.parseDuration("PT5M")).isEqualTo(Duration.ofMinutes(5));
        assertThat(ConfigKey.envName("collector.max-concurrency")).isEqualTo("WIREWATCH_COLLECTOR_MAX_CONCURRENCY");
    }
}
