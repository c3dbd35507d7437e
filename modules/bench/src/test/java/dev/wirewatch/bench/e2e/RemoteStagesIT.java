package dev.wirewatch.bench.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.wirewatch.broker.EmbeddedKafka;
import dev.wirewatch.core.config.CoreSettings;
import dev.wirewatch.core.config.WirewatchConfig;
import dev.wirewatch.core.http.HealthChecks;
import dev.wirewatch.core.http.ServiceEndpoints;
import dev.wirewatch.core.kafka.Json;
import dev.wirewatch.core.kafka.KafkaTopicsAdmin;
import dev.wirewatch.core.secrets.SecretKeys;
import dev.wirewatch.core.secrets.SecretSettings;
import dev.wirewatch.core.spi.Stage;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The bench with {@code --stages none} drives a tagger and an alerter it did not start, on a cluster it does not own,
 * and still accounts for every mention, alert and delivery. The stages run in this test's JVM, started through the
 * {@link Stage} SPI as a separate process would start them, behind their own health and metrics endpoint.
 */
class RemoteStagesIT {

    @TempDir
    Path dir;

    @Test
    void theBenchDrivesStagesThatRunOutsideIt() throws Exception {
        String corpora = System.getProperty("wirewatch.corpora");
        assumeTrue(corpora != null && Files.isDirectory(Path.of(corpora, "news-es")),
                "the shared corpora are absent (-Dwirewatch.corpora): skipped");
        String prefix = "remote-it.";
        try (EmbeddedKafka kafka = EmbeddedKafka.builder().dataDir(dir.resolve("kafka")).start()) {
            WirewatchConfig config = WirewatchConfig.of(Map.of(
                    CoreSettings.BOOTSTRAP_SERVERS.key(), kafka.bootstrapServers(),
                    CoreSettings.TOPIC_PREFIX.key(), prefix,
                    CoreSettings.PARTITIONS.key(), "4",
                    CoreSettings.DATA_DIR.key(), dir.resolve("stages").toString(),
                    CoreSettings.HTTP_PORT.key(), "0",
                    CoreSettings.WEBHOOKS_ALLOW_PRIVATE.key(), "127.0.0.0/8",
                    // the alerter needs a sealing key to start, as `wirewatch alerter` does
                    SecretSettings.KEY.key(), SecretKeys.newKey("remote-it")));
            // as `wirewatch tagger` and `wirewatch alerter` do: topics first, then the endpoint, then the stage
            KafkaTopicsAdmin.ensureTopics(config.kafkaProperties(), config.topicNames());
            PrometheusMeterRegistry meters = ServiceEndpoints.newRegistry();
            HealthChecks health = new HealthChecks();
            List<Stage.Running> running = new ArrayList<>();
            try (ServiceEndpoints endpoints = ServiceEndpoints.start("127.0.0.1", 0, meters, health)) {
                for (Stage stage : ServiceLoader.load(Stage.class).stream().map(ServiceLoader.Provider::get)
                        .filter(s -> Set.of("tagger", "alerter").contains(s.name()))
                        .sorted(Comparator.comparingInt(Stage::order)).toList()) {
                    running.add(stage.start(config, new Stage.StageContext(meters, health, false)));
                }
                assertThat(running).hasSize(2);

                Path report = dir.resolve("report.json");
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                int status = new EndToEndBench().run(new String[] {"--source", "kafka", "--stages", "none",
                    "--bootstrap-servers", kafka.bootstrapServers(), "--partitions", "4",
                    "--set", CoreSettings.TOPIC_PREFIX.key() + "=" + prefix,
                    "--stage-endpoints", "http://127.0.0.1:" + endpoints.port(),
                    "--duration", "5s", "--warmup", "2s", "--rate", "50", "--topics", "20", "--subscriptions", "10",
                    "--corpora", corpora, "--report", report.toString()},
                        new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(out, true, StandardCharsets.UTF_8));
                String printed = out.toString(StandardCharsets.UTF_8);

                assertThat(status).as(printed).isZero();
                assertThat(printed).contains("[tagger, alerter] run elsewhere", "measured window starts at",
                        "measured window ends at");
                JsonNode json = Json.mapper().readTree(report.toFile());
                assertThat(json.get("ok").asBoolean()).as(printed).isTrue();
                assertThat(json.get("stagesInBench")).isEmpty();
                assertThat(json.get("kafka").asText()).isEqualTo("external");
                assertThat(json.get("partitions").asInt()).isEqualTo(4);
                JsonNode accounting = json.get("accounting");
                assertThat(accounting.get("mentionsCommitted").asLong())
                        .isEqualTo(accounting.get("mentionsExpected").asLong()).isPositive();
                assertThat(accounting.get("alertsCommitted").asLong())
                        .isEqualTo(accounting.get("alertsExpected").asLong()).isPositive();
                assertThat(accounting.get("deliveriesVerified").asLong())
                        .isEqualTo(accounting.get("alertsCommitted").asLong());
            } finally {
                for (int i = running.size() - 1; i >= 0; i--) {
                    running.get(i).close();
                }
                meters.close();
            }
        }
    }
}
