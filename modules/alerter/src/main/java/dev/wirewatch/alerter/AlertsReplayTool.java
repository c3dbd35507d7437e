package dev.wirewatch.alerter;

import dev.wirewatch.core.config.ConfigException;
import dev.wirewatch.core.config.CoreSettings;
import dev.wirewatch.core.config.WirewatchConfig;
import dev.wirewatch.core.spi.Tool;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

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

    @Override
    public int run(String[] args, PrintStream out, PrintStream err) {
        Instant now = Instant.now();
        Instant from = null;
        Instant to = now;
        String subscription = null;
        Path configFile = null;
        Map<String, String> flags = new LinkedHashMap<>();
        try {
            for (int i = 0; i < args.length; i++) {
                String arg = args[i];
                switch (arg) {
                    case "--from" -> from = when(value(args, ++i, arg), now);
                    case "--to" -> to = when(value(args, ++i, arg), now);
                    case "--subscription" -> subscription = value(args, ++i, arg);
                    case "--config" -> configFile = Path.of(value(args, ++i, arg));
                    case "--bootstrap-servers" -> flags.put(CoreSettings.BOOTSTRAP_SERVERS.key(), value(args, ++i, arg));
                    case "--set" -> {
                        String setting = value(args, ++i, arg);
                        int eq = setting.indexOf('=');
                        if (eq <= 0) {
                            throw new IllegalArgumentException("--set takes KEY=VALUE, got '" + setting + "'");
                        }
                        flags.put(setting.substring(0, eq), setting.substring(eq + 1));
                    }
                    case "-h", "--help" -> {
                        out.println(usage());
                        return 0;
                    }
                    default -> throw new IllegalArgumentException("unknown option " + arg);
                }
            }
            if (from == null) {
                throw new IllegalArgumentException("--from is required");
            }
        } catch (IllegalArgumentException e) {
            err.println("wirewatch alerts replay: " + e.getMessage());
            err.println(usage());
            return 2;
        }
        WirewatchConfig config;
        try {
            config = WirewatchConfig.load(configFile, System.getenv(), flags);
            config.require(CoreSettings.BOOTSTRAP_SERVERS);
        } catch (ConfigException e) {
            err.println("wirewatch alerts replay: " + e.getMessage());
            return 2;
        }
        AlertReplay.Result result = AlertReplay.replay(config, from, to, subscription);
        out.println("Replayed " + result.replayed() + " alerts created from " + result.from() + " to " + result.to()
                + (subscription == null ? "" : " for " + subscription) + " (" + result.scanned() + " read)");
        return 0;
    }

    private static String usage() {
        return "usage: wirewatch alerts replay --from WHEN [--to WHEN] [--subscription ID] [--config FILE] "
                + "[--bootstrap-servers HOST:PORT] [--set KEY=VALUE]\n"
                + "  WHEN is an ISO-8601 instant (2026-11-27T08:00:00Z) or an age (90m, 2h, 1d)";
    }

    private static String value(String[] args, int i, String option) {
        if (i >= args.length) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args[i];
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
