package dev.wirewatch.bench.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ReportTest {

    private static Options options(Options.Source source) {
        return new Options(Duration.ofSeconds(10), Duration.ofSeconds(2), 20, 3, 2, 1, 5, source, Duration.ofSeconds(1),
                2, null, null, Path.of("."), Map.of(), false, Options.Deployment.inProcess(source));
    }

    private static Accounting.Result accounting(List<String> failures) {
        return new Accounting.Result(100, 100, 100, 300, 300, 0, 0, 50, 50, 0, 0, 4, 0, 50, 0, 0, 0, 0, 0, 0, 0, failures);
    }

    private static Report report(Options.Source source, List<String> failures) {
        List<Hops> hops = List.of(new Hops(1_000, 1_500, 1_550, 1_600, 1_700, 1_800, 1_820),
                new Hops(2_000, 2_100, 2_150, 2_200, 2_400, 2_500, 2_560));
        Map<String, Double> cpu = new LinkedHashMap<>();
        cpu.put("tagger", 2.0);
        cpu.put("broker", 1.0);
        return new Report(options(source), WorkloadTest.corpus(), hops, 200, 40, accounting(failures), cpu,
                Map.of("collector.min-interval", "1000ms"), Map.of("feedRequests", 10L),
                new LogTally.Counts(3, 1, Map.of("NOT_LEADER_OR_FOLLOWER", 2L)),
                new Backlogs(List.of(Backlogs.of("tagger", 40, 20), Backlogs.of("alerterDelivery", 3, 4))));
    }

    @Test
    void theStableFieldsComeFirst() {
        JsonNode json = report(Options.Source.FEEDS, List.of()).json();
        assertThat(json.fieldNames().next()).isEqualTo("articlesPerSecond");
        assertThat(json.get("articlesPerSecond").asDouble()).isEqualTo(20.0);
        JsonNode latency = json.get("alertLatencyMs");
        assertThat(latency.get("p50").asLong()).isEqualTo(320);
        assertThat(latency.get("p99").asLong()).isEqualTo(460);
        assertThat(latency.get("max").asLong()).isEqualTo(460);
        assertThat(latency.has("p90")).isTrue();
        assertThat(json.get("ok").asBoolean()).isTrue();
        assertThat(json.get("mentionsPerArticle").asDouble()).isEqualTo(3.0);
        assertThat(json.get("alertsPerArticle").asDouble()).isEqualTo(0.5);
        assertThat(json.get("deliveriesPerSecond").asDouble()).isEqualTo(4.0);
        assertThat(json.get("hops").fieldNames()).toIterable().containsExactly("pollWait", "fetch", "articleCommitted",
                "mentionCommitted", "alertCommitted", "delivered");
        assertThat(json.get("hops").get("pollWait").get("p50").asLong()).isEqualTo(100);
        assertThat(json.get("cpuSecondsPer1000Articles").get("tagger").asDouble()).isEqualTo(10.0);
        assertThat(json.get("accounting").get("mentionsExpected").asLong()).isEqualTo(300);
        assertThat(json.get("pollIntervalMs").asLong()).isEqualTo(1000);
        assertThat(json.has("latencyFromPublishedMs")).isTrue();
        assertThat(json.get("log").get("kafkaErrors").get("NOT_LEADER_OR_FOLLOWER").asLong()).isEqualTo(2);
        assertThat(json.get("backlogAtLoadEnd").get("tagger").get("seconds").asDouble()).isEqualTo(2.0);
        assertThat(json.get("limitingStage").asText()).isEqualTo("tagger");
    }

    @Test
    void kafkaReportsHaveNoFeedFields() {
        JsonNode json = report(Options.Source.KAFKA, List.of("mentions: 1 missing")).json();
        assertThat(json.has("pollIntervalMs")).isFalse();
        assertThat(json.has("latencyFromPublishedMs")).isFalse();
        assertThat(json.get("ok").asBoolean()).isFalse();
        assertThat(json.get("failures").get(0).asText()).contains("missing");
    }

    @Test
    void theTableNamesEveryHopAndTheFailures() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        report(Options.Source.FEEDS, List.of("alerts: 2 missing")).print(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        String table = bytes.toString(StandardCharsets.UTF_8);
        assertThat(table).contains("hop pollWait").contains("hop delivered").contains("FAILED").contains("alerts: 2 missing");
    }

    @Test
    void aBacklogUnderASecondLimitsNothing() {
        assertThat(new Backlogs(List.of(Backlogs.of("tagger", 10, 20), Backlogs.of("alerterFanOut", 0, 0)))
                .limitingStage()).isNull();
        assertThat(new Backlogs(List.of(Backlogs.of("tagger", 10, 20), Backlogs.of("alerterDelivery", 500, 100)))
                .limitingStage()).isEqualTo("alerterDelivery");
    }

    @Test
    void theChartIsAnSvgWithBothPanels() {
        Chart chart = new Chart(3, 1, 2, new long[] {-1, 300, 320}, new long[] {-1, 400, 460},
                Map.of("articles tagged", new long[] {0, 20, 20}));
        String svg = chart.svg();
        assertThat(svg).startsWith("<svg").endsWith("</svg>\n").contains("Alert latency").contains("Throughput")
                .contains("articles tagged").contains("<polyline");
    }
}
