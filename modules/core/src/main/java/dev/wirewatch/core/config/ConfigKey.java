package dev.wirewatch.core.config;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Function;

/**
 * One typed setting: its dotted key, the environment variable that sets it, its default and how it is parsed.
 *
 * <p>Modules declare their settings as constants and read them with {@link WirewatchConfig#get(ConfigKey)}; a
 * value that does not parse is reported with the key and the reason.
 *
 * @param key a dotted, lower-case key such as {@code collector.max-concurrency}
 * @param defaultValue the default, as text; {@code null} when the setting is optional and unset
 * @param description one line for documentation and {@code --help}
 */
public record ConfigKey<T>(String key, String defaultValue, String description, Function<String, T> parser) {

    public ConfigKey {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(parser, "parser");
        if (!key.equals(key.toLowerCase(Locale.ROOT)) || key.contains("_")) {
            throw new IllegalArgumentException("config keys are lower-case with dots and dashes: " + key);
        }
    }

    /** The environment variable for this key: {@code WIREWATCH_} + upper-case key with dots and dashes as underscores. */
    public String envName() {
        return envName(key);
    }

    /** The environment variable for a dotted key. */
    public static String envName(String key) {
        return "WIREWATCH_" + key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }

    public static ConfigKey<String> string(String key, String defaultValue, String description) {
        return new ConfigKey<>(key, defaultValue, description, Function.identity());
    }

    public static ConfigKey<Integer> integer(String key, int defaultValue, int min, int max, String description) {
        return new ConfigKey<>(key, Integer.toString(defaultValue), description, text -> {
            int value;
            try {
                value = Integer.parseInt(text.strip());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("expected a whole number, got '" + text + "'");
            }
            if (value < min || value > max) {
                throw new IllegalArgumentException("must be between " + min + " and " + max + ", got " + value);
            }
            return value;
        });
    }

    public static ConfigKey<Boolean> bool(String key, boolean defaultValue, String description) {
        return new ConfigKey<>(key, Boolean.toString(defaultValue), description, text -> {
            String t = text.strip().toLowerCase(Locale.ROOT);
            return switch (t) {
                case "true", "yes", "on", "1" -> true;
                case "false", "no", "off", "0" -> false;
                default -> throw new IllegalArgumentException("expected true or false, got '" + text + "'");
            };
        });
    }

    /** A duration such as {@code 500ms}, {@code 30s}, {@code 5m}, {@code 2h}, {@code 1d} or ISO-8601 {@code PT5M}. */
    public static ConfigKey<Duration> duration(String key, String defaultValue, String description) {
        return new ConfigKey<>(key, defaultValue, description, ConfigKey::parseDuration);
    }

    /** A comma-separated list; blank entries are dropped. */
    public static ConfigKey<List<String>> list(String key, String defaultValue, String description) {
        return new ConfigKey<>(key, defaultValue, description, text -> Arrays.stream(text.split(","))
                .map(String::strip).filter(s -> !s.isEmpty()).toList());
    }

    /** A comma-separated list of values, each read by {@code element}; blank entries are dropped. */
    public static <E> ConfigKey<List<E>> list(String key, String defaultValue, String description,
            Function<String, E> element) {
        return new ConfigKey<>(key, defaultValue, description, text -> Arrays.stream(text.split(","))
                .map(String::strip).filter(s -> !s.isEmpty()).map(element).toList());
    }

    static Duration parseDuration(String text) {
        String t = text.strip().toLowerCase(Locale.ROOT);
        if (t.startsWith("p")) {
            try {
                return Duration.parse(t.toUpperCase(Locale.ROOT));
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("expected a duration such as 30s or PT30S, got '" + text + "'");
            }
        }
        int split = 0;
        while (split < t.length() && Character.isDigit(t.charAt(split))) {
            split++;
        }
        if (split == 0) {
            throw new IllegalArgumentException("expected a duration such as 500ms, 30s, 5m, 2h or 1d, got '" + text + "'");
        }
        long amount = Long.parseLong(t.substring(0, split));
        return switch (t.substring(split).strip()) {
            case "ms" -> Duration.ofMillis(amount);
            case "s", "" -> Duration.ofSeconds(amount);
            case "m", "min" -> Duration.ofMinutes(amount);
            case "h" -> Duration.ofHours(amount);
            case "d" -> Duration.ofDays(amount);
            default -> throw new IllegalArgumentException("unknown duration unit in '" + text + "' (use ms, s, m, h or d)");
        };
    }
}
