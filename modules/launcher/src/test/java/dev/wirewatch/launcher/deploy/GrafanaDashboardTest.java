package dev.wirewatch.launcher.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.wirewatch.core.http.HealthChecks;
import dev.wirewatch.core.http.ServiceEndpoints;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The Grafana dashboard and the Prometheus alert rules ask for metrics that exist: Wirewatch meters declared in the
 * stages' code, JVM meters that a service's real {@code /metrics} serves, and the Kafka clients' lag.
 */
class GrafanaDashboardTest {

    /**
     * Kafka client metrics as Micrometer's KafkaClientMetrics and KafkaStreamsMetrics name them (Kafka's
     * consumer-fetch-manager-metrics records-lag, per partition); present once a stage binds those to its registry.
     */
    private static final Set<String> KAFKA_CLIENT_METRICS = Set.of("kafka_consumer_fetch_manager_records_lag");

    private static final Pattern METRIC = Pattern.compile("\\b((?:wirewatch|jvm|process|system|kafka)_[a-z0-9_]+)\\b");
    /** A meter name in a module's meter class ({@code CollectorMeters}, ...) or built where it is used. */
    private static final Pattern DECLARED = Pattern.compile(
            "(?:(?:builder|counter|timer|gauge|summary)\\(\\s*|static final String [A-Z_]+ = )\"(wirewatch\\.[a-z0-9.\\-]+)\"");
    private static final List<String> MICROMETER_SUFFIXES = List.of("", "_total", "_seconds", "_seconds_count",
            "_seconds_sum", "_seconds_max", "_seconds_bucket", "_count", "_sum", "_max", "_bucket");

    private final JsonNode dashboard = DeployFiles.json(DeployFiles.file("deploy/grafana/dashboards/wirewatch.json"));
    private final JsonNode alerts = DeployFiles.yaml(DeployFiles.file("deploy/prometheus/alerts.yml"));

    @Test
    void theDashboardShowsThePipelineLagAndTheJvm() {
        String all = String.join("\n", dashboardExpressions());
        assertThat(all).as("articles collected").contains("wirewatch_collector_articles_published_total");
        assertThat(all).as("mentions per topic").contains("sum by (topic) (rate(wirewatch_tagger_mentions_total");
        assertThat(all).as("alert deliveries and failures").contains("wirewatch_alerter_deliveries_total{outcome!~")
                .contains("wirewatch_alerter_deliveries_total{outcome=~\"failed");
        assertThat(all).as("consumer lag per stage").contains("sum by (stage) (kafka_consumer_fetch_manager_records_lag");
        assertThat(all).as("JVM").contains("jvm_memory_used_bytes", "jvm_gc_pause_seconds");
    }

    @Test
    void theDashboardShowsEveryHopOfAnAlertsDelay() {
        String all = String.join("\n", dashboardExpressions());
        for (String timer : List.of("wirewatch_collector_freshness_seconds", "wirewatch_tagger_freshness_seconds",
                "wirewatch_alerter_freshness_seconds", "wirewatch_alerter_delivery_since_tagged_seconds",
                "wirewatch_alerter_delivery_since_published_seconds")) {
            assertThat(all).as(timer).contains(timer + "{quantile=\"0.5\"}").contains(timer + "{quantile=\"0.9\"}");
        }
    }

    @Test
    void legendsUseGrafanasTemplateSyntax() {
        dashboard.path("panels").forEach(p -> p.path("targets").forEach(t ->
                assertThat(t.path("legendFormat").asText()).as(p.path("title").asText()).doesNotContain("{{{")));
    }

    @Test
    void everyPanelUsesTheProvisionedDataSource() {
        JsonNode datasource = DeployFiles.yaml(DeployFiles.file("deploy/grafana/provisioning/datasources/prometheus.yml"))
                .path("datasources").get(0);
        for (JsonNode panel : dashboard.path("panels")) {
            if (panel.path("type").asText().equals("row")) {
                continue;
            }
            assertThat(panel.path("datasource").path("uid").asText()).as(panel.path("title").asText())
                    .isEqualTo(datasource.path("uid").asText());
            assertThat(panel.path("targets")).as(panel.path("title").asText()).isNotEmpty();
        }
    }

    @Test
    void everyWirewatchMetricIsAMeterTheCodeDeclares() throws IOException {
        Set<String> declared = declaredMeters();
        assertThat(declared).as("meters found in modules/*/src/main/java").isNotEmpty();
        List<String> unknown = new ArrayList<>();
        for (String name : usedMetrics()) {
            if (name.startsWith("wirewatch_") && declared.stream().noneMatch(base -> MICROMETER_SUFFIXES.stream()
                    .anyMatch(suffix -> name.equals(base + suffix)))) {
                unknown.add(name);
            }
        }
        assertThat(unknown).as("metrics no code declares (declared: %s)", declared).isEmpty();
    }

    @Test
    void everyJvmMetricIsServedByARealMetricsEndpoint() throws Exception {
        Set<String> wanted = new TreeSet<>();
        usedMetrics().stream().filter(n -> n.startsWith("jvm_") || n.startsWith("process_") || n.startsWith("system_"))
                .forEach(wanted::add);
        PrometheusMeterRegistry registry = ServiceEndpoints.newRegistry();
        HttpClient http = HttpClient.newHttpClient();
        try (ServiceEndpoints endpoints = ServiceEndpoints.start("127.0.0.1", 0, registry, new HealthChecks())) {
            URI metrics = URI.create("http://127.0.0.1:" + endpoints.port() + "/metrics");
            System.gc(); // GC pause meters appear after the first collection
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
                HttpResponse<String> response = http.send(HttpRequest.newBuilder(metrics).build(),
                        HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
                assertThat(response.statusCode()).isEqualTo(200);
                assertThat(servedNames(response.body())).containsAll(wanted);
            });
        } finally {
            registry.close();
        }
    }

    @Test
    void kafkaMetricsAreTheClientsOwnLag() {
        assertThat(usedMetrics().stream().filter(n -> n.startsWith("kafka_"))).isNotEmpty()
                .allMatch(KAFKA_CLIENT_METRICS::contains);
    }

    @Test
    void everyAlertIsExplainedInTheOperationsNotes() throws IOException {
        String notes = Files.readString(DeployFiles.file("docs/operations.md"), StandardCharsets.UTF_8);
        List<String> names = new ArrayList<>();
        alerts.path("groups").forEach(g -> g.path("rules").forEach(r -> names.add(r.path("alert").asText())));
        assertThat(names).isNotEmpty().allMatch(notes::contains);
    }

    private List<String> dashboardExpressions() {
        List<String> exprs = new ArrayList<>();
        dashboard.path("panels").forEach(p -> p.path("targets").forEach(t -> exprs.add(t.path("expr").asText())));
        return exprs;
    }

    private Set<String> usedMetrics() {
        List<String> exprs = new ArrayList<>(dashboardExpressions());
        alerts.path("groups").forEach(g -> g.path("rules").forEach(r -> exprs.add(r.path("expr").asText())));
        Set<String> names = new TreeSet<>();
        for (String expr : exprs) {
            Matcher m = METRIC.matcher(expr);
            while (m.find()) {
                names.add(m.group(1));
            }
        }
        return names;
    }

    /** The Prometheus names of every Micrometer meter declared in the modules' main code. */
    private static Set<String> declaredMeters() throws IOException {
        Set<String> names = new TreeSet<>();
        try (Stream<Path> modules = Files.list(DeployFiles.root().resolve("modules"))) {
            for (Path module : modules.toList()) {
                Path sources = module.resolve("src/main/java");
                if (!Files.isDirectory(sources)) {
                    continue;
                }
                try (Stream<Path> files = Files.walk(sources)) {
                    files.filter(f -> f.toString().endsWith(".java")).forEach(f -> {
                        Matcher m = DECLARED.matcher(read(f));
                        while (m.find()) {
                            names.add(m.group(1).replace('.', '_').replace('-', '_'));
                        }
                    });
                }
            }
        }
        return names;
    }

    private static Set<String> servedNames(String scrape) {
        Set<String> names = new TreeSet<>();
        for (String line : scrape.split("\n")) {
            if (!line.isBlank() && !line.startsWith("#")) {
                int end = 0;
                while (end < line.length() && (Character.isLetterOrDigit(line.charAt(end)) || line.charAt(end) == '_'
                        || line.charAt(end) == ':')) {
                    end++;
                }
                String name = line.substring(0, end);
                names.add(name);
                for (String suffix : List.of("_count", "_sum", "_max", "_bucket", "_total")) {
                    if (name.endsWith(suffix)) {
                        names.add(name.substring(0, name.length() - suffix.length()));
                    }
                }
            }
        }
        return names;
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("Failed to read " + file, e);
        }
    }
}
