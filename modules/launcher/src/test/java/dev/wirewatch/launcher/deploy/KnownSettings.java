package dev.wirewatch.launcher.deploy;

import dev.wirewatch.core.config.ConfigException;
import dev.wirewatch.core.config.ConfigKey;
import dev.wirewatch.core.config.CoreSettings;
import dev.wirewatch.core.secrets.SecretSettings;
import dev.wirewatch.core.config.WirewatchConfig;
import java.lang.reflect.InvocationTargetException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.StreamsConfig;

/**
 * Every setting this build knows (core settings, each stage's settings class on the class path, Kafka client
 * settings), so that a deployment file cannot set a {@code WIREWATCH_*} variable that nothing reads.
 *
 * <p>Stage settings classes ({@code dev.wirewatch.<stage>.<Stage>Settings}) are found by name, so that this check
 * covers each stage as soon as the launcher depends on it. A variable under a stage whose class is not on the class
 * path is reported as unchecked rather than wrong.
 */
final class KnownSettings {

    static final List<String> STAGES = List.of("collector", "tagger", "alerter", "console");

    /** Variables the launcher reads itself rather than as settings (see WirewatchConfig.fromEnvironment). */
    private static final Set<String> LAUNCHER_VARIABLES = Set.of("WIREWATCH_CONFIG", "WIREWATCH_JAVA_OPTS");

    private final Map<String, ConfigKey<?>> byKey = new LinkedHashMap<>();
    private final Set<String> stagesWithoutSettings = new TreeSet<>();
    private final Set<String> kafkaClientSettings = new HashSet<>();

    /** The outcome of checking a set of variables: what is wrong, and what could not be checked in this build. */
    record Check(List<String> problems, List<String> unchecked) {
    }

    KnownSettings() {
        CoreSettings.all().forEach(k -> byKey.put(normalize(k.key()), k));
        SecretSettings.all().forEach(k -> byKey.put(normalize(k.key()), k));
        for (String stage : STAGES) {
            String className = "dev.wirewatch." + stage + "." + Character.toUpperCase(stage.charAt(0))
                    + stage.substring(1) + "Settings";
            Optional<List<ConfigKey<?>>> keys = stageSettings(className);
            if (keys.isPresent()) {
                keys.get().forEach(k -> byKey.put(normalize(k.key()), k));
            } else {
                stagesWithoutSettings.add(stage);
            }
        }
        kafkaClientSettings.addAll(ProducerConfig.configNames());
        kafkaClientSettings.addAll(ConsumerConfig.configNames());
        kafkaClientSettings.addAll(AdminClientConfig.configNames());
        kafkaClientSettings.addAll(StreamsConfig.configDef().names());
    }

    /** The stages whose settings class is not on this build's class path. */
    Set<String> stagesWithoutSettings() {
        return stagesWithoutSettings;
    }

    /** The setting a dotted key names, if this build knows it. */
    Optional<ConfigKey<?>> setting(String key) {
        return Optional.ofNullable(byKey.get(normalize(key)));
    }

    /**
     * Checks environment variables as a Wirewatch process would read them: every {@code WIREWATCH_*} variable must be
     * a known setting with a value that parses, or a {@code kafka.*} pass-through that is a real Kafka client setting.
     * Values that Kubernetes fills in ({@code valueFrom}) are given as null and only their names are checked.
     */
    Check check(String where, Map<String, String> env) {
        List<String> problems = new ArrayList<>();
        List<String> unchecked = new ArrayList<>();
        Map<String, String> values = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : env.entrySet()) {
            String name = e.getKey();
            if (!name.startsWith("WIREWATCH_") || LAUNCHER_VARIABLES.contains(name)) {
                continue;
            }
            values.put(name, e.getValue() == null ? "" : e.getValue());
        }
        WirewatchConfig config;
        try {
            config = WirewatchConfig.load(null, values, Map.of());
        } catch (ConfigException ex) {
            problems.add(where + ": " + ex.getMessage());
            return new Check(problems, unchecked);
        }
        for (Map.Entry<String, String> e : values.entrySet()) {
            String name = e.getKey();
            String key = name.substring("WIREWATCH_".length()).toLowerCase(Locale.ROOT).replace('_', '.');
            Optional<ConfigKey<?>> setting = setting(key);
            if (setting.isPresent()) {
                if (!e.getValue().isEmpty() && !e.getValue().contains("$(")) {
                    try {
                        config.get(setting.get());
                    } catch (ConfigException ex) {
                        problems.add(where + ": " + name + ": " + ex.getMessage());
                    }
                }
                continue;
            }
            if (key.startsWith("kafka.")) {
                String property = key.substring("kafka.".length());
                if (!kafkaClientSettings.contains(property)) {
                    problems.add(where + ": " + name + " passes '" + property + "' to the Kafka clients, which is no "
                            + "Kafka client setting");
                }
                continue;
            }
            String stage = key.substring(0, key.indexOf('.') < 0 ? key.length() : key.indexOf('.'));
            if (stagesWithoutSettings.contains(stage)) {
                unchecked.add(where + ": " + name + " (the " + stage + " settings class is not on this build's class path)");
            } else {
                problems.add(where + ": " + name + " sets '" + key + "', which is no Wirewatch setting");
            }
        }
        return new Check(problems, unchecked);
    }

    /**
     * The Kafka client properties a process with these variables would use, with {@code $(VAR)} references and
     * secret values replaced by placeholders.
     */
    static Properties kafkaProperties(Map<String, String> env) {
        Map<String, String> values = new LinkedHashMap<>();
        env.forEach((k, v) -> {
            if (k.startsWith("WIREWATCH_") && !LAUNCHER_VARIABLES.contains(k)) {
                values.put(k, v == null ? "secret-from-kubernetes" : v.replaceAll("\\$\\([A-Z_]+\\)", "secret"));
            }
        });
        return WirewatchConfig.load(null, values, Map.of()).kafkaProperties();
    }

    private static String normalize(String key) {
        return key.strip().toLowerCase(Locale.ROOT).replace('-', '.');
    }

    @SuppressWarnings("unchecked")
    private static Optional<List<ConfigKey<?>>> stageSettings(String className) {
        try {
            Class<?> type = Class.forName(className);
            return Optional.of((List<ConfigKey<?>>) type.getMethod("all").invoke(null));
        } catch (ClassNotFoundException e) {
            return Optional.empty();
        } catch (NoSuchMethodException | IllegalAccessException | InvocationTargetException e) {
            throw new IllegalStateException(className + " has no public static all() listing its settings", e);
        }
    }
}
