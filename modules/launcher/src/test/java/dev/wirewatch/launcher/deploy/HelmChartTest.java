package dev.wirewatch.launcher.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import com.marcnuri.helm.TemplateCommand;
import dev.wirewatch.core.config.ConfigKey;
import dev.wirewatch.core.config.CoreSettings;
import dev.wirewatch.core.config.WirewatchConfig;
import dev.wirewatch.core.kafka.TopicNames;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Collectors;
import javax.security.auth.login.AppConfigurationEntry;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.common.config.SaslConfigs;
import org.apache.kafka.common.config.types.Password;
import org.apache.kafka.common.security.JaasContext;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Helm chart lints, and renders for its default values and for the KEDA values in {@code ci/keda-values.yaml} into
 * objects that agree with the code: one Deployment per stage with probes, resources and a non-root, read-only
 * container; real settings only; KEDA watching the groups the stages really use, never beyond their partitions.
 *
 * <p>helm-java runs Helm's own library in process (no helm binary), so these are Helm's real lint and template.
 */
class HelmChartTest {

    private static final Logger LOG = LoggerFactory.getLogger(HelmChartTest.class);
    private static final Path CHART = DeployFiles.root().resolve("helm/wirewatch");
    private static final Path KEDA_VALUES = CHART.resolve("ci/keda-values.yaml");
    private static final String KUBE_VERSION = "1.31.0";
    private static final List<String> STAGES = KnownSettings.STAGES;

    private static Rendered defaults;
    private static Rendered keda;

    /** The objects of one rendering and the values behind it. */
    record Rendered(String name, List<JsonNode> objects, int partitions, String prefix) {

        List<JsonNode> kind(String kind) {
            return objects.stream().filter(o -> o.path("kind").asText().equals(kind)).toList();
        }

        JsonNode ofStage(String kind, String stage) {
            return kind(kind).stream().filter(o -> stage.equals(component(o))).findFirst()
                    .orElseThrow(() -> new AssertionError(name + ": no " + kind + " for " + stage));
        }

        TopicNames topicNames() {
            return new TopicNames(prefix, (short) 1, partitions);
        }
    }

    @BeforeAll
    static void render() {
        defaults = render("default values", null);
        keda = render("ci/keda-values.yaml", KEDA_VALUES);
    }

    @Test
    void theChartLintsCleanly() {
        LintResult lint = new Helm(CHART).lint().strict().call();
        assertThat(lint.isFailed()).as(String.join("\n", lint.getMessages())).isFalse();
        assertThat(lint.getMessages()).noneMatch(m -> m.contains("[ERROR]") || m.contains("[WARNING]"));
    }

    @Test
    void everyStageIsADeploymentThatRunsItsCommandFromTheProfilesImage() {
        String image = "docker.io/" + DeployFiles.imageProfile().image();
        for (Rendered r : List.of(defaults, keda)) {
            assertThat(r.kind("Deployment")).extracting(HelmChartTest::component).as(r.name())
                    .containsExactlyInAnyOrderElementsOf(STAGES);
            for (String stage : STAGES) {
                JsonNode container = container(r.ofStage("Deployment", stage));
                assertThat(container.path("image").asText()).as(stage).isEqualTo(image);
                assertThat(container.path("args").get(0).asText()).as(stage).isEqualTo(stage);
            }
        }
    }

    @Test
    void theChartsAppVersionIsTheProjectVersion() {
        assertThat(DeployFiles.yaml(CHART.resolve("Chart.yaml")).path("appVersion").asText())
                .isEqualTo(DeployFiles.imageProfile().projectVersion());
    }

    @Test
    void everyDeploymentProbesHealthOnThePortItServesItOn() {
        for (Rendered r : List.of(defaults, keda)) {
            for (JsonNode deployment : r.kind("Deployment")) {
                String where = r.name() + " " + component(deployment);
                JsonNode container = container(deployment);
                String httpPort = env(container).get(CoreSettings.HTTP_PORT.envName());
                int metricsPort = port(container, "metrics");
                assertThat(String.valueOf(metricsPort)).as(where).isEqualTo(httpPort);
                for (String probe : List.of("startupProbe", "livenessProbe", "readinessProbe")) {
                    JsonNode get = container.path(probe).path("httpGet");
                    assertThat(get.path("path").asText()).as(where + " " + probe).isEqualTo("/health");
                    assertThat(get.path("port").asText()).as(where + " " + probe).isEqualTo("metrics");
                }
            }
        }
    }

    @Test
    void everyDeploymentHasResources() {
        for (Rendered r : List.of(defaults, keda)) {
            for (JsonNode deployment : r.kind("Deployment")) {
                JsonNode resources = container(deployment).path("resources");
                assertThat(resources.path("requests").path("cpu").asText()).as(component(deployment)).isNotEmpty();
                assertThat(resources.path("requests").path("memory").asText()).as(component(deployment)).isNotEmpty();
                assertThat(resources.path("limits").path("memory").asText()).as(component(deployment)).isNotEmpty();
            }
        }
    }

    @Test
    void everyDeploymentRunsAsTheImagesNonRootUserOnAReadOnlyRoot() {
        String uid = DeployFiles.imageProfile().text("container/user").split(":")[0];
        for (Rendered r : List.of(defaults, keda)) {
            for (JsonNode deployment : r.kind("Deployment")) {
                String where = r.name() + " " + component(deployment);
                JsonNode pod = deployment.path("spec").path("template").path("spec");
                JsonNode container = container(deployment);
                JsonNode security = container.path("securityContext");
                assertThat(security.path("runAsNonRoot").asBoolean()).as(where).isTrue();
                assertThat(security.path("runAsUser").asText()).as(where).isEqualTo(uid);
                assertThat(security.path("readOnlyRootFilesystem").asBoolean()).as(where).isTrue();
                assertThat(security.path("allowPrivilegeEscalation").asBoolean(true)).as(where).isFalse();
                assertThat(security.path("capabilities").path("drop").toString()).as(where).contains("ALL");
                assertThat(pod.path("securityContext").path("seccompProfile").path("type").asText()).as(where)
                        .isEqualTo("RuntimeDefault");
                assertThat(pod.path("automountServiceAccountToken").asBoolean(true)).as(where).isFalse();

                Map<String, String> mounts = new LinkedHashMap<>();
                container.path("volumeMounts").forEach(m -> mounts.put(m.path("mountPath").asText(), m.path("name").asText()));
                Set<String> emptyDirs = new HashSet<>();
                pod.path("volumes").forEach(v -> {
                    if (v.has("emptyDir")) {
                        emptyDirs.add(v.path("name").asText());
                    }
                });
                String dataDir = env(container).get(CoreSettings.DATA_DIR.envName());
                assertThat(mounts).as(where).containsKeys("/tmp", dataDir);
                assertThat(emptyDirs).as(where).contains(mounts.get("/tmp"), mounts.get(dataDir));
            }
        }
    }

    @Test
    void everyDeploymentSetsOnlyRealSettings() {
        KnownSettings settings = new KnownSettings();
        List<String> problems = new ArrayList<>();
        for (Rendered r : List.of(defaults, keda)) {
            for (JsonNode deployment : r.kind("Deployment")) {
                KnownSettings.Check check = settings.check(r.name() + " " + component(deployment), env(container(deployment)));
                problems.addAll(check.problems());
                check.unchecked().forEach(u -> LOG.warn("Not checked in this build: {}", u));
            }
        }
        assertThat(problems).isEmpty();
    }

    @Test
    void theConfigFileSetsOnlyRealSettings() {
        JsonNode configMap = keda.kind("ConfigMap").getFirst();
        JsonNode file = DeployFiles.yamlDocuments(configMap.path("data").path("config.yaml").asText()).getFirst();
        Map<String, String> asEnv = new LinkedHashMap<>();
        flatten("", file, asEnv);
        assertThat(asEnv).isNotEmpty();
        KnownSettings.Check check = new KnownSettings().check("config.yaml", asEnv);
        assertThat(check.problems()).isEmpty();
        for (JsonNode deployment : keda.kind("Deployment")) {
            assertThat(env(container(deployment)).get("WIREWATCH_CONFIG")).isEqualTo("/etc/wirewatch/config.yaml");
        }
    }

    @Test
    void theTlsAndSaslValuesMakeAValidKafkaClientConfiguration() {
        for (JsonNode deployment : keda.kind("Deployment")) {
            Map<String, String> env = env(container(deployment));
            Properties props = KnownSettings.kafkaProperties(env);
            assertThat(props).as(component(deployment)).containsEntry("security.protocol", "SASL_SSL")
                    .containsEntry("sasl.mechanism", "SCRAM-SHA-512").containsEntry("ssl.truststore.type", "PEM")
                    .containsEntry("client.dns.lookup", "use_all_dns_ips");
            props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
            props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
            ConsumerConfig config = new ConsumerConfig(props);
            assertThat(config.getString(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG)).isEqualTo("SASL_SSL");

            String jaas = env.get("WIREWATCH_KAFKA_SASL_JAAS_CONFIG").replace("$(KAFKA_SASL_PASSWORD)", "s3cret");
            JaasContext context = JaasContext.loadClientContext(Map.of(SaslConfigs.SASL_JAAS_CONFIG, new Password(jaas)));
            AppConfigurationEntry entry = context.configurationEntries().getFirst();
            assertThat(entry.getLoginModuleName()).isEqualTo("org.apache.kafka.common.security.scram.ScramLoginModule");
            assertThat(entry.getOptions().get("username")).isEqualTo("wirewatch");
            assertThat(entry.getOptions().get("password")).isEqualTo("s3cret");
        }
    }

    @Test
    void theSaslPasswordComesFromItsSecretBeforeTheJaasLineThatUsesIt() {
        for (JsonNode deployment : keda.kind("Deployment")) {
            List<String> names = new ArrayList<>();
            JsonNode password = null;
            for (JsonNode e : container(deployment).path("env")) {
                names.add(e.path("name").asText());
                if (e.path("name").asText().equals("KAFKA_SASL_PASSWORD")) {
                    password = e;
                }
            }
            assertThat(password).as(component(deployment)).isNotNull();
            assertThat(password.path("valueFrom").path("secretKeyRef").path("name").asText()).isEqualTo("wirewatch-kafka-user");
            // Kubernetes expands $(VAR) only from variables defined earlier in the list
            assertThat(names.indexOf("KAFKA_SASL_PASSWORD")).isLessThan(names.indexOf("WIREWATCH_KAFKA_SASL_JAAS_CONFIG"));
        }
    }

    @Test
    void everyStageHasAServiceAPodDisruptionBudgetAndANetworkPolicy() {
        for (String kind : List.of("Service", "PodDisruptionBudget", "NetworkPolicy")) {
            assertThat(defaults.kind(kind)).extracting(HelmChartTest::component).as(kind)
                    .containsExactlyInAnyOrderElementsOf(STAGES);
        }
        for (String stage : STAGES) {
            JsonNode selector = defaults.ofStage("PodDisruptionBudget", stage).path("spec").path("selector").path("matchLabels");
            JsonNode podLabels = defaults.ofStage("Deployment", stage).path("spec").path("template").path("metadata").path("labels");
            selector.properties().forEach(e -> assertThat(podLabels.path(e.getKey()).asText()).as(stage)
                    .isEqualTo(e.getValue().asText()));
        }
    }

    @Test
    void byDefaultEveryStageHasFixedReplicasAndNoAutoscaler() {
        assertThat(defaults.kind("HorizontalPodAutoscaler")).isEmpty();
        assertThat(defaults.kind("ScaledObject")).isEmpty();
        for (JsonNode deployment : defaults.kind("Deployment")) {
            assertThat(deployment.path("spec").path("replicas").asInt()).as(component(deployment)).isPositive();
        }
    }

    @Test
    void kedaScalesTheTaggerAndAlerterOnTheGroupsTheirCodeUses() {
        WirewatchConfig config = WirewatchConfig.of(Map.of(CoreSettings.TOPIC_PREFIX.key(), keda.prefix()));
        assertThat(keda.kind("ScaledObject")).extracting(HelmChartTest::component)
                .containsExactlyInAnyOrder("tagger", "alerter");
        for (JsonNode scaled : keda.kind("ScaledObject")) {
            String stage = component(scaled);
            List<StageGroups.Group> groups = StageGroups.of(config, stage);
            groups.stream().filter(g -> !g.fromCode()).forEach(g -> LOG.warn(
                    "The {} group id {} is checked against the naming convention only: its stage is not on this build's class path",
                    stage, g.groupId()));
            Map<String, String> expected = groups.stream().collect(Collectors.toMap(
                    StageGroups.Group::groupId, g -> keda.topicNames().of(g.topic())));
            Map<String, String> triggers = new LinkedHashMap<>();
            for (JsonNode trigger : scaled.path("spec").path("triggers")) {
                assertThat(trigger.path("type").asText()).isEqualTo("kafka");
                JsonNode meta = trigger.path("metadata");
                triggers.put(meta.path("consumerGroup").asText(), meta.path("topic").asText());
                assertThat(meta.path("bootstrapServers").asText()).isEqualTo(
                        env(container(keda.ofStage("Deployment", stage))).get(CoreSettings.BOOTSTRAP_SERVERS.envName()));
                assertThat(meta.path("allowIdleConsumers").asText()).isEqualTo("false");
                assertThat(Long.parseLong(meta.path("lagThreshold").asText())).isPositive();
                assertThat(trigger.path("authenticationRef").path("name").asText()).isNotEmpty();
            }
            assertThat(triggers).as(stage).isEqualTo(expected);

            int cap = groups.stream().mapToInt(g -> keda.topicNames().partitions(g.topic())).min().orElseThrow();
            int max = scaled.path("spec").path("maxReplicaCount").asInt();
            assertThat(max).as(stage + " maxReplicaCount").isPositive().isLessThanOrEqualTo(cap);
            assertThat(scaled.path("spec").path("minReplicaCount").asInt()).isBetween(1, max);
            assertThat(scaled.path("spec").path("scaleTargetRef").path("name").asText())
                    .isEqualTo(keda.ofStage("Deployment", stage).path("metadata").path("name").asText());
            assertThat(keda.ofStage("Deployment", stage).path("spec").has("replicas"))
                    .as(stage + ": the autoscaler owns the replica count").isFalse();
        }
    }

    @Test
    void kedaAuthenticatesWithTheStagesSecrets() {
        JsonNode auth = keda.kind("TriggerAuthentication").getFirst();
        Map<String, String> params = new LinkedHashMap<>();
        auth.path("spec").path("secretTargetRef").forEach(p -> params.put(p.path("parameter").asText(), p.path("name").asText()));
        assertThat(params).containsKeys("tls", "sasl", "username", "password", "ca")
                .containsEntry("password", "wirewatch-kafka-user").containsEntry("ca", "kafka-ca");
        JsonNode secret = keda.kind("Secret").stream()
                .filter(s -> s.path("metadata").path("name").asText().equals(params.get("sasl"))).findFirst().orElseThrow();
        assertThat(secret.path("stringData").path("sasl").asText()).isEqualTo("scram_sha512");
        assertThat(secret.path("stringData").path("tls").asText()).isEqualTo("enable");
    }

    @Test
    void cpuAutoscalersOfConsumingStagesStopAtTheirPartitions() {
        WirewatchConfig config = WirewatchConfig.of(Map.of(CoreSettings.TOPIC_PREFIX.key(), keda.prefix()));
        for (JsonNode hpa : keda.kind("HorizontalPodAutoscaler")) {
            String stage = component(hpa);
            int max = hpa.path("spec").path("maxReplicas").asInt();
            StageGroups.of(config, stage).forEach(g -> assertThat(max).as(stage)
                    .isLessThanOrEqualTo(keda.topicNames().partitions(g.topic())));
            assertThat(keda.ofStage("Deployment", stage).path("spec").has("replicas")).isFalse();
        }
        assertThat(keda.kind("HorizontalPodAutoscaler")).extracting(HelmChartTest::component)
                .containsExactlyInAnyOrder("collector", "console");
    }

    @Test
    void moreReplicasThanPartitionsIsRefused() {
        assertThatThrownBy(() -> template(KEDA_VALUES, Map.of("tagger.autoscaling.keda.maxReplicas", keda.partitions() + 1)))
                .hasMessageContaining("partitions");
        assertThatThrownBy(() -> template(null, Map.of("kafka.partitions", 2, "tagger.autoscaling.hpa.enabled", true,
                "tagger.autoscaling.hpa.maxReplicas", 3)))
                .hasMessageContaining("partitions");
    }

    @Test
    void aStageCannotHaveBothAnHpaAndKeda() {
        assertThatThrownBy(() -> template(KEDA_VALUES, Map.of("tagger.autoscaling.hpa.enabled", true)))
                .hasMessageContaining("not both");
    }

    @Test
    void theConsoleServiceAndIngressReachTheApiPort() {
        for (Rendered r : List.of(defaults, keda)) {
            JsonNode container = container(r.ofStage("Deployment", "console"));
            String consolePort = env(container).get("WIREWATCH_CONSOLE_PORT");
            assertThat(String.valueOf(port(container, "http"))).as(r.name()).isEqualTo(consolePort);
            JsonNode service = r.ofStage("Service", "console");
            assertThat(service.path("spec").path("ports").findValuesAsText("targetPort")).contains("http", "metrics");
        }
        JsonNode ingress = keda.ofStage("Ingress", "console");
        JsonNode backend = ingress.path("spec").path("rules").get(0).path("http").path("paths").get(0).path("backend");
        assertThat(backend.path("service").path("name").asText())
                .isEqualTo(keda.ofStage("Service", "console").path("metadata").path("name").asText());
        assertThat(backend.path("service").path("port").path("name").asText()).isEqualTo("http");
        assertThat(defaults.kind("Ingress")).isEmpty();
    }

    @Test
    void theServiceMonitorScrapesEveryStageWithTheDashboardsStageLabel() {
        assertThat(defaults.kind("ServiceMonitor")).isEmpty();
        JsonNode monitor = keda.kind("ServiceMonitor").getFirst();
        JsonNode endpoint = monitor.path("spec").path("endpoints").get(0);
        assertThat(endpoint.path("port").asText()).isEqualTo("metrics");
        assertThat(endpoint.path("path").asText()).isEqualTo("/metrics");
        assertThat(endpoint.path("relabelings").findValuesAsText("targetLabel")).contains("stage");
        for (String stage : STAGES) {
            assertThat(keda.ofStage("Service", stage).path("spec").path("ports").findValuesAsText("name")).contains("metrics");
        }
    }

    @Test
    void networkPoliciesLetInOnlyTheServedPorts() {
        JsonNode tagger = keda.ofStage("NetworkPolicy", "tagger");
        JsonNode first = tagger.path("spec").path("ingress").get(0);
        assertThat(first.path("ports").findValuesAsText("port")).containsExactly("8081");
        assertThat(first.path("from")).as("allowExternal=false restricts the sources").isNotEmpty();
        JsonNode console = keda.ofStage("NetworkPolicy", "console").path("spec").path("ingress").get(0);
        assertThat(console.path("ports").findValuesAsText("port")).containsExactlyInAnyOrder("8081", "8080");
    }

    @Test
    void networkPoliciesDenyPrivateAndLinkLocalEgressAndLetTheBrokerThroughByAValue() {
        for (JsonNode policy : defaults.kind("NetworkPolicy")) {
            JsonNode egress = policy.path("spec").path("egress");
            List<String> excepted = new ArrayList<>();
            for (JsonNode rule : egress) {
                assertThat(rule.isEmpty()).as(component(policy) + ": an allow-all egress rule").isFalse();
                for (JsonNode peer : rule.path("to")) {
                    if (peer.path("ipBlock").path("cidr").asText().equals("0.0.0.0/0")) {
                        peer.path("ipBlock").path("except").forEach(c -> excepted.add(c.asText()));
                    }
                }
            }
            assertThat(excepted).as(component(policy)).contains("169.254.0.0/16", "10.0.0.0/8", "172.16.0.0/12",
                    "192.168.0.0/16", "127.0.0.0/8");
            JsonNode kafka = egress.get(1);
            assertThat(kafka.path("ports").findValuesAsText("port")).contains("9092");
            assertThat(kafka.path("to")).as("the broker rule names its peers").isNotEmpty();
        }
        List<JsonNode> broker = template(null, Map.of("networkPolicy.kafkaEgressTo[0].ipBlock.cidr", "10.20.0.0/24"));
        JsonNode rule = broker.stream().filter(o -> o.path("kind").asText().equals("NetworkPolicy")).findFirst()
                .orElseThrow().path("spec").path("egress").get(1);
        assertThat(rule.path("to").get(0).path("ipBlock").path("cidr").asText()).isEqualTo("10.20.0.0/24");
    }

    @Test
    void theConsoleServesHealthAndMetricsOnlyOnTheMetricsPort() {
        Map<String, String> env = env(container(defaults.ofStage("Deployment", "console")));
        assertThat(env).containsEntry("WIREWATCH_CONSOLE_ENDPOINTS", "off");
        JsonNode probe = container(defaults.ofStage("Deployment", "console")).path("livenessProbe").path("httpGet");
        assertThat(probe.path("port").asText()).isIn("metrics", "8081");
    }

    @Test
    void theSealingKeyComesFromASecretTheChartMakesOnceAndKeeps() throws Exception {
        // a pre-install hook (helm-java's template leaves hooks out of the manifest, so the template is read as text):
        // made once at install, never re-made by an upgrade, kept on uninstall
        String template = java.nio.file.Files.readString(CHART.resolve("templates/secrets-key.yaml"));
        assertThat(template).contains("helm.sh/hook: pre-install").contains("helm.sh/resource-policy: keep")
                .contains("printf \"k1:%s\" (randBytes 32)").doesNotContain("lookup");
        String name = "ww-wirewatch-secrets-key";
        for (String stage : List.of("console", "alerter")) {
            JsonNode variable = null;
            for (JsonNode e : container(defaults.ofStage("Deployment", stage)).path("env")) {
                if (e.path("name").asText().equals("WIREWATCH_SECRETS_KEY")) {
                    variable = e;
                }
            }
            assertThat(variable).as(stage).isNotNull();
            assertThat(variable.path("valueFrom").path("secretKeyRef").path("name").asText()).isEqualTo(name);
        }
        assertThat(env(container(defaults.ofStage("Deployment", "tagger")))).doesNotContainKey("WIREWATCH_SECRETS_KEY");
        List<JsonNode> own = template(null, Map.of("secrets.existingSecret", "my-key"));
        JsonNode console = own.stream().filter(o -> o.path("kind").asText().equals("Deployment")
                && "console".equals(component(o))).findFirst().orElseThrow();
        assertThat(container(console).path("env").findValuesAsText("name")).contains("my-key");
    }

    @Test
    void eachStageCanHaveItsOwnKafkaPrincipalWithOnlyItsAcls() {
        List<JsonNode> objects = template(KEDA_VALUES, Map.of("kafka.sasl.stages.tagger.username", "ww-tagger",
                "kafka.sasl.stages.tagger.existingSecret", "ww-tagger", "kafka.strimziUsers.enabled", true,
                "kafka.strimziUsers.cluster", "news-kafka"));
        for (JsonNode deployment : objects.stream().filter(o -> o.path("kind").asText().equals("Deployment")).toList()) {
            Map<String, String> env = env(container(deployment));
            String jaas = env.get("WIREWATCH_KAFKA_SASL_JAAS_CONFIG");
            String password = null;
            for (JsonNode e : container(deployment).path("env")) {
                if (e.path("name").asText().equals("KAFKA_SASL_PASSWORD")) {
                    password = e.path("valueFrom").path("secretKeyRef").path("name").asText();
                }
            }
            if (component(deployment).equals("tagger")) {
                assertThat(jaas).contains("username=\"ww-tagger\"");
                assertThat(password).isEqualTo("ww-tagger");
            } else {
                assertThat(jaas).contains("username=\"wirewatch\"");
                assertThat(password).isEqualTo("wirewatch-kafka-user");
            }
        }
        Map<String, List<String>> writers = new LinkedHashMap<>();
        for (JsonNode user : objects.stream().filter(o -> o.path("kind").asText().equals("KafkaUser")).toList()) {
            assertThat(user.path("metadata").path("labels").path("strimzi.io/cluster").asText()).isEqualTo("news-kafka");
            for (JsonNode acl : user.path("spec").path("authorization").path("acls")) {
                JsonNode resource = acl.path("resource");
                for (JsonNode op : acl.path("operations")) {
                    if (resource.path("type").asText().equals("topic") && (op.asText().equals("Write") || op.asText().equals("All"))) {
                        writers.computeIfAbsent(resource.path("name").asText(), k -> new ArrayList<>()).add(component(user));
                    }
                }
            }
        }
        TopicNames names = keda.topicNames();
        assertThat(writers.get(names.of(dev.wirewatch.core.kafka.Topics.API_KEYS))).containsExactly("console");
        assertThat(writers.get(names.of(dev.wirewatch.core.kafka.Topics.SUBSCRIPTIONS))).containsExactlyInAnyOrder("console", "alerter");
        assertThat(writers.get(names.of(dev.wirewatch.core.kafka.Topics.MENTIONS))).containsExactly("tagger");
        assertThat(writers.get(names.of(dev.wirewatch.core.kafka.Topics.ALERTS))).containsExactly("alerter");
        assertThat(writers.get(names.of(dev.wirewatch.core.kafka.Topics.ARTICLES))).containsExactlyInAnyOrder("collector", "console");
    }

    private static Rendered render(String name, Path values) {
        JsonNode merged = DeployFiles.yaml(CHART.resolve("values.yaml")).deepCopy();
        int partitions = merged.path("kafka").path("partitions").asInt();
        String prefix = merged.path("kafka").path("topicPrefix").asText();
        if (values != null) {
            JsonNode kafka = DeployFiles.yaml(values).path("kafka");
            partitions = kafka.path("partitions").asInt(partitions);
            prefix = kafka.path("topicPrefix").asText(prefix);
        }
        return new Rendered(name, template(values, Map.of()), partitions, prefix);
    }

    private static List<JsonNode> template(Path values, Map<String, Object> sets) {
        TemplateCommand template = new Helm(CHART).template().withName("ww").withNamespace("news")
                .withKubeVersion(KUBE_VERSION);
        if (values != null) {
            template = template.withValuesFile(values);
        }
        for (Map.Entry<String, Object> set : sets.entrySet()) {
            template = template.set(set.getKey(), set.getValue());
        }
        return DeployFiles.yamlDocuments(template.call());
    }

    /** A YAML settings file as the environment variables that would set the same keys. */
    private static void flatten(String prefix, JsonNode node, Map<String, String> out) {
        if (node.isObject()) {
            node.properties().forEach(e -> flatten(prefix.isEmpty() ? e.getKey() : prefix + "." + e.getKey(), e.getValue(), out));
        } else {
            out.put(ConfigKey.envName(prefix), node.asText());
        }
    }

    private static String component(JsonNode object) {
        return object.path("metadata").path("labels").path("app.kubernetes.io/component").asText(null);
    }

    private static JsonNode container(JsonNode deployment) {
        JsonNode containers = deployment.path("spec").path("template").path("spec").path("containers");
        assertThat(containers.size()).as(component(deployment)).isEqualTo(1);
        return containers.get(0);
    }

    /** A container's environment in order; variables Kubernetes fills in (valueFrom) map to null. */
    private static Map<String, String> env(JsonNode container) {
        Map<String, String> env = new LinkedHashMap<>();
        for (JsonNode e : container.path("env")) {
            env.put(e.path("name").asText(), e.has("value") ? e.path("value").asText() : null);
        }
        return env;
    }

    private static int port(JsonNode container, String name) {
        for (JsonNode p : container.path("ports")) {
            if (p.path("name").asText().equals(name)) {
                return p.path("containerPort").asInt();
            }
        }
        throw new AssertionError("no port named " + name + " in " + container.path("ports"));
    }
}
