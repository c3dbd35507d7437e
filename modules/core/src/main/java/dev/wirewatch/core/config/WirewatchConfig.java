package dev.wirewatch.core.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.wirewatch.core.kafka.TopicNames;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The configuration of one Wirewatch process, built once at start-up from a YAML file, then environment variables
 * ({@code WIREWATCH_...}), then command-line settings, each overriding the one before.
 *
 * <p>Values are kept as text by dotted key and parsed by {@link ConfigKey}s, so a stage reads its own typed settings
 * and a wrong value is reported with its key. Keys under {@code kafka.} that are not Wirewatch settings pass through to
 * every Kafka client ({@code kafka.security.protocol: SSL} becomes {@code security.protocol=SSL}).
 *
 * @param values every resolved setting, by dotted key
 */
public record WirewatchConfig(Map<String, String> values) {

    private static final String KAFKA_PASSTHROUGH = "kafka.";
    private static final Set<String> OWN_KAFKA_KEYS = CoreSettings.all().stream()
            .map(k -> normalize(k.key())).filter(k -> k.startsWith(KAFKA_PASSTHROUGH)).collect(Collectors.toSet());

    public WirewatchConfig {
        Map<String, String> normalized = new LinkedHashMap<>();
        values.forEach((k, v) -> normalized.put(normalize(k), v));
        values = Map.copyOf(normalized);
    }

    /** A configuration of only defaults plus these settings, for tests and tools. */
    public static WirewatchConfig of(Map<String, String> settings) {
        return new WirewatchConfig(settings);
    }

    /**
     * Builds the configuration from a YAML file (may be null), the process environment and command-line settings,
     * and validates the core settings.
     *
     * @throws ConfigException naming the setting that is wrong
     */
    public static WirewatchConfig load(Path file, Map<String, String> env, Map<String, String> flags) {
        Map<String, String> values = new LinkedHashMap<>();
        if (file != null) {
            readYaml(file).forEach((k, v) -> values.put(normalize(k), v));
        }
        values.putAll(fromEnvironment(env));
        flags.forEach((k, v) -> values.put(normalize(k), v));
        WirewatchConfig config = new WirewatchConfig(values);
        config.validate(CoreSettings.all());
        return config;
    }

    /** Reads a YAML file into dotted keys: nested maps join with dots, lists join with commas. */
    static Map<String, String> readYaml(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new ConfigException("config", "file " + file + " does not exist");
        }
        JsonNode root;
        try {
            root = new ObjectMapper(new YAMLFactory()).readTree(file.toFile());
        } catch (IOException e) {
            throw new ConfigException("config", "cannot read YAML file " + file + ": " + e.getMessage());
        }
        Map<String, String> out = new TreeMap<>();
        if (root != null && !root.isNull() && !root.isMissingNode()) {
            if (!root.isObject()) {
                throw new ConfigException("config", "file " + file + " must hold a YAML mapping of settings");
            }
            flatten("", root, out);
        }
        return out;
    }

    private static void flatten(String prefix, JsonNode node, Map<String, String> out) {
        if (node.isObject()) {
            for (Map.Entry<String, JsonNode> field : node.properties()) {
                flatten(prefix.isEmpty() ? field.getKey() : prefix + "." + field.getKey(), field.getValue(), out);
            }
        } else if (node.isArray()) {
            StringBuilder joined = new StringBuilder();
            for (JsonNode item : node) {
                if (!joined.isEmpty()) {
                    joined.append(',');
                }
                joined.append(item.asText());
            }
            out.put(prefix, joined.toString());
        } else if (!node.isNull()) {
            out.put(prefix, node.asText());
        }
    }

    /**
     * Maps {@code WIREWATCH_*} variables to dotted keys by lower-casing and turning underscores into dots
     * ({@code WIREWATCH_KAFKA_SECURITY_PROTOCOL} to {@code kafka.security.protocol}); see {@link #normalize}.
     */
    static Map<String, String> fromEnvironment(Map<String, String> env) {
        Map<String, String> out = new TreeMap<>();
        for (Map.Entry<String, String> e : env.entrySet()) {
            String name = e.getKey();
            if (!name.startsWith("WIREWATCH_") || name.equals("WIREWATCH_CONFIG") || name.equals("WIREWATCH_JAVA_OPTS")) {
                continue;
            }
            out.put(name.substring("WIREWATCH_".length()).toLowerCase(Locale.ROOT).replace('_', '.'), e.getValue());
        }
        return out;
    }

    /**
     * The form under which a key is stored: dashes become dots, so that {@code kafka.bootstrap-servers} from a file
     * and {@code WIREWATCH_KAFKA_BOOTSTRAP_SERVERS} from the environment are the same setting.
     */
    static String normalize(String key) {
        return key.strip().toLowerCase(Locale.ROOT).replace('-', '.');
    }

    /** The parsed value of a setting, or its default; null when it is unset and has no default. */
    public <T> T get(ConfigKey<T> key) {
        String text = values.get(normalize(key.key()));
        if (text == null || text.isBlank()) {
            text = key.defaultValue();
        }
        if (text == null) {
            return null;
        }
        try {
            return key.parser().apply(text);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(key.key(), e.getMessage() + " (set in the config file, " + key.envName() + " or --set " + key.key() + "=...)");
        }
    }

    /** Whether a setting was given (in the file, the environment or a flag), rather than left to its default. */
    public boolean isSet(ConfigKey<?> key) {
        String text = values.get(normalize(key.key()));
        return text != null && !text.isBlank();
    }

    /** The parsed value of a setting that must be present. */
    public <T> T require(ConfigKey<T> key) {
        T value = get(key);
        if (value == null) {
            throw new ConfigException(key.key(), "is required: " + key.description() + " (set " + key.envName() + ")");
        }
        return value;
    }

    /** Parses every given setting, so that a wrong value fails at start-up rather than later. */
    public void validate(Collection<ConfigKey<?>> keys) {
        for (ConfigKey<?> key : keys) {
            get(key);
        }
    }

    /** A copy with more settings, which win over these. */
    public WirewatchConfig with(Map<String, String> overrides) {
        Map<String, String> merged = new LinkedHashMap<>(values);
        merged.putAll(overrides);
        return new WirewatchConfig(merged);
    }

    /** A copy with one more setting. */
    public WirewatchConfig with(String key, String value) {
        return with(Map.of(key, Objects.requireNonNull(value, key)));
    }

    /**
     * The topic registry under the configured prefix, replication and partitions; a replication factor or min ISR of 0
     * is decided from the cluster's size when topics are created ({@code KafkaTopicsAdmin.resolve}).
     */
    public TopicNames topicNames() {
        int replicas = get(CoreSettings.REPLICATION_FACTOR);
        int minInsync = get(CoreSettings.MIN_INSYNC_REPLICAS);
        if (replicas > 0 && minInsync > replicas) {
            throw new ConfigException(CoreSettings.MIN_INSYNC_REPLICAS.key(), "is " + minInsync
                    + ", more than kafka.replication-factor (" + replicas + "): no write could ever be acknowledged");
        }
        return new TopicNames(get(CoreSettings.TOPIC_PREFIX), (short) replicas, minInsync, get(CoreSettings.PARTITIONS));
    }

    /**
     * Kafka client properties: {@code bootstrap.servers} plus every {@code kafka.*} setting that is not a Wirewatch
     * setting, with the {@code kafka.} prefix removed.
     */
    public Properties kafkaProperties() {
        Properties props = new Properties();
        for (Map.Entry<String, String> e : values.entrySet()) {
            if (e.getKey().startsWith(KAFKA_PASSTHROUGH) && !OWN_KAFKA_KEYS.contains(e.getKey())) {
                props.put(e.getKey().substring(KAFKA_PASSTHROUGH.length()), e.getValue());
            }
        }
        props.put("bootstrap.servers", require(CoreSettings.BOOTSTRAP_SERVERS));
        return props;
    }
}
