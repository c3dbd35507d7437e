package dev.wirewatch.bench.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.wirewatch.core.kafka.Json;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A short run of the Kafka source on the real stages: every mention, alert and delivery must be accounted for. */
class EndToEndBenchIT {

    @TempDir
    Path dir;

    @Test
    void aShortKafkaRunAccountsForEverything() throws Exception {
        String corpora = System.getProperty("wirewatch.corpora");
        assumeTrue(corpora != null && Files.isDirectory(Path.of(corpora, "news-es")),
                "the shared corpora are absent (-Dwirewatch.corpora): skipped");
        Path report = dir.resolve("report.json");
        Path chart = dir.resolve("chart.svg");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = new EndToEndBench().run(new String[] {"--source", "kafka", "--duration", "5s", "--warmup", "2s",
            "--rate", "50", "--topics", "20", "--subscriptions", "10", "--corpora", corpora, "--report", report.toString(),
            "--chart", chart.toString()}, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        String printed = out.toString(StandardCharsets.UTF_8) + err.toString(StandardCharsets.UTF_8);
        assertThat(status).as(printed).isZero();
        JsonNode json = Json.mapper().readTree(report.toFile());
        assertThat(json.get("ok").asBoolean()).as(printed).isTrue();
        assertThat(json.get("articlesPerSecond").asDouble()).isPositive();
        assertThat(json.get("accounting").get("mentionsCommitted").asLong())
                .isEqualTo(json.get("accounting").get("mentionsExpected").asLong()).isPositive();
        assertThat(json.get("accounting").get("deliveriesVerified").asLong())
                .isEqualTo(json.get("accounting").get("alertsCommitted").asLong());
        assertThat(json.get("alertLatencyMs").get("count").asLong()).isPositive();
        assertThat(Files.readString(chart)).startsWith("<svg");
    }
}
