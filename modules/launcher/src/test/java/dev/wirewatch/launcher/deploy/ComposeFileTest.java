package dev.wirewatch.launcher.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.wirewatch.core.config.ConfigKey;
import dev.wirewatch.console.ConsoleSettings;
import dev.wirewatch.core.config.CoreSettings;
import dev.wirewatch.core.secrets.SecretSettings;
import dev.wirewatch.core.http.HealthChecks;
import dev.wirewatch.core.http.ServiceEndpoints;
import dev.wirewatch.launcher.Main;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import kafka.server.KafkaConfig;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;

/**
 * docker-compose.yml agrees with the launcher: each service runs a launcher command from the image the images profile
 * builds, sets only real settings, is health-checked on the port it serves /health on, and is scraped by Prometheus.
 */
class ComposeFileTest {

    private static final Logger LOG = LoggerFactory.getLogger(ComposeFileTest.class);
    private static final List<String> STAGES = KnownSettings.STAGES;

    private final Map<String, Object> compose = DeployFiles.composeYaml(DeployFiles.file("docker-compose.yml"));
    private final KnownSettings settings = new KnownSettings();

    @Test
    void kafkaIsASingleKraftNodeWhoseInternalTopicsAllowExactlyOnce() {
        Map<String, Object> kafka = service("kafka");
        assertThat(string(kafka.get("image"))).matches("apache/kafka:4\\.\\d+\\.\\d+");
        Map<String, String> env = environment(kafka);
        assertThat(env.get("KAFKA_PROCESS_ROLES")).contains("broker", "controller");
        assertThat(env).containsEntry("KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR", "1")
                .containsEntry("KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR", "1")
                .containsEntry("KAFKA_TRANSACTION_STATE_LOG_MIN_ISR", "1");
        assertThat(map(kafka.get("healthcheck"))).containsKey("test");
    }

    @Test
    void everyKafkaVariableIsABrokerSetting() {
        Set<String> brokerSettings = KafkaConfig.configDef().names();
        Map<String, String> env = environment(service("kafka"));
        List<String> unknown = env.keySet().stream().filter(k -> k.startsWith("KAFKA_"))
                // the apache/kafka image: KAFKA_ prefix dropped, lower case, _ as . (the settings used here have no _ or -)
                .map(k -> k.substring("KAFKA_".length()).toLowerCase(Locale.ROOT).replace('_', '.'))
                .filter(k -> !brokerSettings.contains(k)).toList();
        assertThat(unknown).isEmpty();
    }

    @Test
    void everyStageIsAServiceRunningItsLauncherCommandFromTheImage() {
        Map<String, CommandLine> commands = new CommandLine(new Main()).getSubcommands();
        String image = DeployFiles.imageProfile().image();
        for (String stage : STAGES) {
            Map<String, Object> service = service(stage);
            assertThat(string(service.get("image"))).as(stage).isEqualTo(image);
            List<String> command = strings(service.get("command"));
            assertThat(command).as(stage).first().isEqualTo(stage);
            assertThat(commands).as(stage).containsKey(command.getFirst());
            assertThat(map(map(service.get("depends_on")).get("kafka"))).as(stage)
                    .containsEntry("condition", "service_healthy");
        }
    }

    @Test
    void noSecretHasADefaultAndComposeRefusesToStartWithoutThem() throws Exception {
        Map<String, String> console = rawEnvironment(service("console"));
        Map<String, String> alerter = rawEnvironment(service("alerter"));
        Map<String, String> grafana = rawEnvironment(service("grafana"));
        assertThat(DeployFiles.composeRequired(console.get(ConsoleSettings.API_KEY.envName()))).containsExactly("WIREWATCH_API_KEY");
        assertThat(DeployFiles.composeRequired(console.get(SecretSettings.KEY.envName()))).containsExactly("WIREWATCH_SECRETS_KEY");
        assertThat(DeployFiles.composeRequired(alerter.get(SecretSettings.KEY.envName()))).containsExactly("WIREWATCH_SECRETS_KEY");
        assertThat(DeployFiles.composeRequired(grafana.get("GF_SECURITY_ADMIN_PASSWORD"))).containsExactly("GRAFANA_ADMIN_PASSWORD");
        for (String service : services().keySet()) {
            rawEnvironment(service(service)).forEach((name, value) -> {
                if (name.matches(".*(KEY|PASSWORD|SECRET|TOKEN).*") && value != null) {
                    assertThat(DeployFiles.composeHasDefault(value)).as(service + " " + name + " has a default").isFalse();
                }
            });
        }
        assertThat(grafana).containsEntry("GF_AUTH_ANONYMOUS_ENABLED", "false").doesNotContainKey("GF_AUTH_ANONYMOUS_ORG_ROLE");
        assertThat(console).containsEntry(ConsoleSettings.ENDPOINTS.envName(), "key");
        assertThat(java.nio.file.Files.readAllLines(DeployFiles.file(".gitignore"))).contains(".env");
    }

    @Test
    void everyWirewatchVariableIsARealSettingWithAValidValue() {
        List<String> problems = new ArrayList<>();
        List<String> unchecked = new ArrayList<>();
        for (String stage : STAGES) {
            Map<String, String> env = environment(service(stage));
            assertThat(env).as(stage).containsKey(CoreSettings.BOOTSTRAP_SERVERS.envName());
            assertThat(env.keySet()).as(stage + ": only WIREWATCH_* settings and JVM options")
                    .allMatch(k -> k.startsWith("WIREWATCH_") || k.equals("JAVA_TOOL_OPTIONS"));
            KnownSettings.Check check = settings.check(stage, env);
            problems.addAll(check.problems());
            unchecked.addAll(check.unchecked());
        }
        assertThat(problems).isEmpty();
        unchecked.forEach(u -> LOG.warn("Not checked in this build: {}", u));
    }

    @Test
    void theServicesReachKafkaOnAnAdvertisedListener() {
        String advertised = environment(service("kafka")).get("KAFKA_ADVERTISED_LISTENERS");
        for (String stage : STAGES) {
            String servers = environment(service(stage)).get(CoreSettings.BOOTSTRAP_SERVERS.envName());
            for (String server : servers.split(",")) {
                assertThat(advertised).as(stage).contains("://" + server.strip());
            }
        }
    }

    @Test
    void everyStageRunsReadOnlyWithWritableTmpAndData() {
        for (String stage : STAGES) {
            Map<String, Object> service = service(stage);
            assertThat(service.get("read_only")).as(stage).isEqualTo(true);
            String dataDir = setting(stage, CoreSettings.DATA_DIR);
            assertThat(strings(service.get("tmpfs"))).as(stage).contains("/tmp", dataDir);
        }
    }

    @Test
    void theHealthCheckAsksHealthOnTheServicesHttpPort() {
        for (String stage : STAGES) {
            String script = healthScript(stage);
            assertThat(script).as(stage).contains("/dev/tcp/127.0.0.1/" + setting(stage, CoreSettings.HTTP_PORT))
                    .contains("GET /health ");
        }
    }

    @Test
    void theHealthCheckPassesOnA200AndFailsOnA503FromTheRealEndpoint() throws Exception {
        assertThat(Files.isExecutable(Path.of("/bin/bash")) || Files.isExecutable(Path.of("/usr/bin/bash")))
                .as("the health check runs bash, as the image does").isTrue();
        String port = setting("tagger", CoreSettings.HTTP_PORT);
        HealthChecks health = new HealthChecks();
        PrometheusMeterRegistry registry = ServiceEndpoints.newRegistry();
        try (ServiceEndpoints endpoints = ServiceEndpoints.start("127.0.0.1", 0, registry, health)) {
            String script = healthScript("tagger").replace("/dev/tcp/127.0.0.1/" + port,
                    "/dev/tcp/127.0.0.1/" + endpoints.port());
            health.register("streams", () -> HealthChecks.Status.up("RUNNING"));
            assertThat(runHealthCheck(script)).as("healthy").isZero();
            health.register("streams", () -> HealthChecks.Status.down("ERROR"));
            assertThat(runHealthCheck(script)).as("unhealthy").isNotZero();
        } finally {
            registry.close();
        }
    }

    @Test
    void theConsolePublishesItsApiPortOnLoopbackOnly() {
        String consolePort = settings.setting("console.port").map(k -> setting("console", k)).orElse("8080");
        List<String> ports = strings(service("console").get("ports"));
        assertThat(ports).contains("127.0.0.1:" + consolePort + ":" + consolePort);
        for (Map.Entry<String, Object> e : services().entrySet()) {
            for (String published : strings(map(e.getValue()).getOrDefault("ports", List.of()))) {
                assertThat(published).as(e.getKey() + " publishes on loopback only").startsWith("127.0.0.1:");
            }
        }
    }

    @Test
    void prometheusScrapesEveryStagesMetricsWithItsStageLabel() {
        Map<String, Object> prometheus = service("prometheus");
        Path configDir = hostPath(prometheus, "/etc/prometheus");
        JsonNode config = DeployFiles.yaml(configDir.resolve("prometheus.yml"));
        for (JsonNode ruleFile : config.path("rule_files")) {
            assertThat(configDir.resolve(ruleFile.asText())).as("rule file").isRegularFile();
        }
        Map<String, String> targets = new LinkedHashMap<>();
        for (JsonNode job : config.path("scrape_configs")) {
            if (!job.path("job_name").asText().equals("wirewatch")) {
                continue;
            }
            assertThat(job.path("metrics_path").asText("/metrics")).isEqualTo("/metrics");
            for (JsonNode sc : job.path("static_configs")) {
                for (JsonNode target : sc.path("targets")) {
                    targets.put(target.asText(), sc.path("labels").path("stage").asText());
                }
            }
        }
        Map<String, String> expected = STAGES.stream().collect(Collectors.toMap(
                s -> s + ":" + setting(s, CoreSettings.HTTP_PORT), s -> s, (a, b) -> a, LinkedHashMap::new));
        assertThat(targets).isEqualTo(expected);
    }

    @Test
    void grafanaIsProvisionedWithThePrometheusDataSourceAndTheDashboard() {
        Map<String, Object> grafana = service("grafana");
        Path provisioning = hostPath(grafana, "/etc/grafana/provisioning");
        JsonNode datasource = DeployFiles.yaml(provisioning.resolve("datasources/prometheus.yml")).path("datasources").get(0);
        assertThat(datasource.path("url").asText()).isEqualTo("http://prometheus:9090");
        assertThat(strings(service("prometheus").get("ports"))).anyMatch(p -> p.endsWith(":9090"));

        JsonNode provider = DeployFiles.yaml(provisioning.resolve("dashboards/wirewatch.yml")).path("providers").get(0);
        String containerPath = provider.path("options").path("path").asText();
        Path dashboards = hostPath(grafana, containerPath);
        String home = environment(grafana).get("GF_DASHBOARDS_DEFAULT_HOME_DASHBOARD_PATH");
        assertThat(home).startsWith(containerPath + "/");
        Path dashboard = dashboards.resolve(home.substring(containerPath.length() + 1));
        assertThat(dashboard).isRegularFile();
        assertThat(DeployFiles.json(dashboard).path("panels")).isNotEmpty();
        assertThat(DeployFiles.json(dashboard).findValuesAsText("uid")).contains(datasource.path("uid").asText());
    }

    private int runHealthCheck(String script) throws IOException, InterruptedException {
        Process process = new ProcessBuilder("bash", "-c", script).redirectErrorStream(true).start();
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("the health check did not finish in 20s: " + script);
        }
        return process.exitValue();
    }

    private String healthScript(String stage) {
        List<String> test = strings(map(service(stage).get("healthcheck")).get("test"));
        assertThat(test).as(stage).hasSize(4);
        assertThat(test.subList(0, 3)).as(stage).containsExactly("CMD", "bash", "-c");
        return test.get(3);
    }

    /** A setting of a service: its environment variable, or the setting's default. */
    private String setting(String stage, ConfigKey<?> key) {
        String value = environment(service(stage)).get(key.envName());
        return value != null ? value : key.defaultValue();
    }

    /** The host folder a service mounts at a container path (read-only bind mounts of this repository). */
    private Path hostPath(Map<String, Object> service, String containerPath) {
        for (String volume : strings(service.get("volumes"))) {
            String[] parts = volume.split(":");
            if (parts.length >= 2 && parts[1].equals(containerPath) && parts[0].startsWith("./")) {
                Path host = DeployFiles.root().resolve(parts[0].substring(2));
                assertThat(host).as(volume).isDirectory();
                return host;
            }
        }
        throw new AssertionError("no bind mount of " + containerPath + " in " + service.get("volumes"));
    }

    private Map<String, Object> services() {
        return map(compose.get("services"));
    }

    private Map<String, Object> service(String name) {
        Map<String, Object> service = map(services().get(name));
        assertThat(service).as("service " + name).isNotEmpty();
        return service;
    }

    /** A service's environment as written, variables unexpanded. */
    private static Map<String, String> rawEnvironment(Map<String, Object> service) {
        Map<String, String> env = new LinkedHashMap<>();
        if (service.get("environment") instanceof Map<?, ?> m) {
            m.forEach((k, v) -> env.put(String.valueOf(k), v == null ? null : String.valueOf(v)));
        }
        return env;
    }

    private static Map<String, String> environment(Map<String, Object> service) {
        Map<String, String> env = new LinkedHashMap<>();
        Object raw = service.get("environment");
        if (raw instanceof Map<?, ?> m) {
            m.forEach((k, v) -> env.put(String.valueOf(k), v == null ? null : DeployFiles.composeDefault(String.valueOf(v))));
        } else if (raw instanceof List<?> list) {
            for (Object item : list) {
                String[] kv = String.valueOf(item).split("=", 2);
                env.put(kv[0], kv.length > 1 ? DeployFiles.composeDefault(kv[1]) : null);
            }
        }
        return env;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object o) {
        return o instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    }

    private static List<String> strings(Object o) {
        if (o instanceof List<?> list) {
            return list.stream().map(String::valueOf).toList();
        }
        return o == null ? List.of() : List.of(String.valueOf(o));
    }

    private static String string(Object o) {
        return o == null ? null : String.valueOf(o);
    }
}
