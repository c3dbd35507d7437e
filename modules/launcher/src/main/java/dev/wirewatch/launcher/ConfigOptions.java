package dev.wirewatch.launcher;

import dev.wirewatch.core.config.CoreSettings;
import dev.wirewatch.core.config.WirewatchConfig;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Option;

/** The configuration options that every service command shares: a YAML file, bootstrap servers and any setting. */
final class ConfigOptions {

    @Option(names = "--config", paramLabel = "FILE", description = "YAML configuration file (also WIREWATCH_CONFIG).")
    Path configFile;

    @Option(names = "--bootstrap-servers", paramLabel = "HOST:PORT", description = "Kafka bootstrap servers.")
    String bootstrapServers;

    @Option(names = "--set", paramLabel = "KEY=VALUE", description = "Any setting, e.g. --set collector.max-concurrency=64.")
    Map<String, String> settings = new LinkedHashMap<>();

    /** Builds the configuration: file, then environment, then these flags plus {@code extra}. */
    WirewatchConfig load(Map<String, String> extra) {
        Map<String, String> flags = new LinkedHashMap<>(extra);
        flags.putAll(settings);
        if (bootstrapServers != null) {
            flags.put(CoreSettings.BOOTSTRAP_SERVERS.key(), bootstrapServers);
        }
        Path file = configFile;
        String fromEnv = System.getenv("WIREWATCH_CONFIG");
        if (file == null && fromEnv != null && !fromEnv.isBlank()) {
            file = Path.of(fromEnv);
        }
        return WirewatchConfig.load(file, System.getenv(), flags);
    }
}
