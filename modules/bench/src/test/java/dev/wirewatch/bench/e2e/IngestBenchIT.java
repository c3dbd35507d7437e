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

/**
 * A small run of the ingestion bench against its own farm, hub and embedded broker: every pushed, polled and sitemap
 * article is accounted for in the report, the pushes went through the hub, and a bad flag is refused. Figures are not
 * checked (benchmarks are not tests); only that the bench measures what it says.
 */
class IngestBenchIT {

    @TempDir
    Path dir;

    @Test
    void aSmallRunAccountsForEveryArticle() throws Exception {
        Path corpora = Path.of(System.getProperty("wirewatch.corpora", "../shared/corpora"));
        assumeTrue(Files.isDirectory(corpora.resolve("news-es")), "no corpora at " + corpora.toAbsolutePath() + " (see shared/corpora/README.md)");
        Path report = dir.resolve("ingest.json");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int status = new IngestBench().run(new String[] {"--rounds", "1", "--warmup-rounds", "0", "--push-feeds", "2", "--poll-feeds", "2",
            "--items", "4", "--spacing", "50ms", "--poll-interval", "2s", "--sitemaps", "4", "--sitemap-urls", "8",
            "--corpora", corpora.toString(), "--report", report.toString()}, new PrintStream(out, true, StandardCharsets.UTF_8), System.err);
        String printed = out.toString(StandardCharsets.UTF_8);
        assertThat(status).as(printed).isZero();
        JsonNode json = Json.mapper().readTree(report.toFile());
        assertThat(json.path("ok").asBoolean()).isTrue();
        JsonNode round = json.path("rounds").get(0);
        assertThat(round.path("push").path("committed").asInt()).isEqualTo(4);
        assertThat(round.path("poll").path("committed").asInt()).isEqualTo(4);
        assertThat(round.path("sitemap").path("committed").asInt()).isEqualTo(8);
        assertThat(json.path("accounting").path("hubPushes").asLong()).isEqualTo(4);
        assertThat(json.path("accounting").path("missing").asLong()).isZero();
        assertThat(json.path("accounting").path("duplicates").asLong()).isZero();
        assertThat(json.path("accounting").path("writesFailed").asLong()).isZero();
        assertThat(printed).contains("WebSub push", "poll every 2.0 s", "8 URLs / 4 sitemaps");
    }

    @Test
    void aBadFlagIsRefusedWithStatus2() throws Exception {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = new IngestBench().run(new String[] {"--sitemaps", "3", "--sitemap-urls", "10"}, System.out,
                new PrintStream(err, true, StandardCharsets.UTF_8));
        assertThat(status).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("--sitemap-urls (10) must be a multiple of --sitemaps (3)");
    }
}
