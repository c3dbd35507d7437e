package dev.wirewatch.alerter;

import dev.wirewatch.core.config.ConfigException;
import dev.wirewatch.core.config.CoreSettings;
import dev.wirewatch.core.config.WirewatchConfig;
import dev.wirewatch.core.spi.Tool;
import dev.wirewatch.core.spi.ToolCommandLine;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code wirewatch alerts replay --from WHEN [--to WHEN] [--subscription ID] [--config FILE]
 * [--bootstrap-servers HOST:PORT] [--set KEY=VALUE]...}: sends the alerts of a time range again (see
 * {@link AlertReplay}). A time is an ISO-8601 instant ({@code 2026-11-27T08:00:00Z}) or an age such as {@code 90m} or
 * {@code 2h} (that long ago); {@code --to} defaults to now.
 */
public final class AlertsReplayTool implements Tool {

    @Override
    public String name() {
        return "alerts replay";
    }

    @Override
    public String description() {
        return "Send the alerts of a time range again: --from WHEN [--to WHEN] [--subscription ID]";
    }

    /** The command line of {@code wirewatch alerts replay}. */
    @Command(name = "wirewatch alerts replay", customSynopsis = "wirewatch alerts replay --from WHEN [--to WHEN] "
            + "[--subscription ID] [--config FILE] [--bootstrap-servers HOST:PORT] [--set KEY=VALUE]...",
            description = "Sends the alerts created in a time range again. WHEN is an ISO-8601 instant "
                    + "(2026-11-27T08:00:00Z) or an age (90m, 2h, 1d).")
    static final class Options {
        @Option(names = "--from", required = true, paramLabel = "WHEN", description = "the start of the range")
        String from;

        @Option(names = "--to", paramLabel = "WHEN", description = "the end of the range (default: now)")
        String to;

        @Option(names = "--subscription", paramLabel = "ID", description = "only this subscription's alerts")
        String subscription;

        @Option(names = "--config", paramLabel = "FILE", description = "YAML configuration file")
        Path configFile;

        @Option(names = "--bootstrap-servers", paramLabel = "HOST:PORT", description = "Kafka bootstrap servers")
        String bootstrapServers;

        @Option(names = "--set", paramLabel = "KEY=VALUE", description = "any setting")
        Map<String, String> settings = new LinkedHashMap<>();

        @Option(names = {"-h", "--help"}, usageHelp = true, description = "print this help")
        boolean help;
    }

    @Override
    public int run(String[] args, PrintStream out, PrintStream err) throws Exception {
        Options options = new Options();
        return ToolCommandLine.execute(options, args, out, err, () -> replay(options, out, err));
    }

    private static int replay(Options options, PrintStream out, PrintStream err) {
        Instant now = Instant.now();
        Instant from;
        Instant to;
        try {
            from = when(options.from, now);
            to = options.to == null ? now : when(options.to, now);
        } catch (IllegalArgumentException e) {
            err.println("wirewatch alerts replay: " + e.getMessage());
            return ToolCommandLine.USAGE;
        }
        Map<String, String> flags = new LinkedHashMap<>(options.settings);
        if (options.bootstrapServers != null) {
            flags.put(CoreSettings.BOOTSTRAP_SERVERS.key(), options.bootstrapServers);
        }
        WirewatchConfig config;
        try {
            config = WirewatchConfig.load(options.configFile, System.getenv(), flags);
            config.require(CoreSettings.BOOTSTRAP_SERVERS);
        } catch (ConfigException e) {
            err.println("wirewatch alerts replay: " + e.getMessage());
            return ToolCommandLine.USAGE;
        }
        String subscription = options.subscription;
        AlertReplay.Result result = AlertReplay.replay(config, from, to, subscription);
        out.println("Replayed " + result.replayed() + " alerts created from " + result.from() + " to " + result.to()
                + (subscription == null ? "" : " for " + subscription) + " (" + result.scanned() + " read)");
        return 0;
    }

    static Instant when(String text, Instant now) {
        String t = text.strip();
        try {
            return Instant.parse(t.toUpperCase(Locale.ROOT));
        } catch (DateTimeParseException e) {
            try {
                Duration age = AlerterSettings.parseSchedule(t).get(0);
                return now.minus(age);
            } catch (IllegalArgumentException notAnAge) {
                throw new IllegalArgumentException("'" + text + "' is neither an instant such as 2026-11-27T08:00:00Z "
                        + "nor an age such as 2h");
            }
        }
    }
}
