package dev.wirewatch.alerter;

import dev.wirewatch.core.config.ConfigKey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * The settings of the alerter stage, read with {@link dev.wirewatch.core.config.WirewatchConfig#get(ConfigKey)}.
 *
 * <p>Durations take {@code 500ms}, {@code 30s}, {@code 5m}, {@code 2h}, {@code 1d}; tests shrink the retry schedule to
 * milliseconds. E-mail is off until {@link #SMTP_HOST} is set.
 */
public final class AlerterSettings {

    public static final ConfigKey<Boolean> FANOUT_ENABLED = ConfigKey.bool("alerter.fanout.enabled", true,
            "run the fan-out (mentions to alerts) in this process");
    public static final ConfigKey<Boolean> DELIVERY_ENABLED = ConfigKey.bool("alerter.delivery.enabled", true,
            "run the delivery (alerts to webhooks, Slack and e-mail) in this process");
    public static final ConfigKey<Integer> STREAM_THREADS = ConfigKey.integer("alerter.stream-threads", 1, 1, 64,
            "Kafka Streams threads of the fan-out");
    public static final ConfigKey<Duration> COMMIT_INTERVAL = ConfigKey.duration("alerter.commit-interval", "20ms",
            "how often the fan-out commits its exactly-once transaction (alert latency vs. throughput)");
    public static final ConfigKey<Integer> FANOUT_PARTITIONS = ConfigKey.integer("alerter.fanout.partitions", 0, 0, 10_000,
            "partitions between the fan-out's two halves (0: as many as the alerts topic); fixed once running");
    public static final ConfigKey<Duration> DEDUP_HORIZON = ConfigKey.duration("alerter.dedup-horizon", "7d",
            "how long a subscriber is remembered to have seen an article or story");
    public static final ConfigKey<Duration> DIGEST_CHECK_INTERVAL = ConfigKey.duration("alerter.digest-check-interval",
            "5s", "how often the fan-out looks for digests that are due");
    public static final ConfigKey<Duration> FOLD_DIGEST_EVERY = ConfigKey.duration("alerter.fold-digest-every", "60m",
            "for real-time subscribers who fold syndicated copies: how often the further coverage is sent as a digest");
    public static final ConfigKey<Integer> DIGEST_MAX_MENTIONS = ConfigKey.integer("alerter.digest-max-mentions", 200, 1,
            10_000, "mentions listed in one digest; more are counted in its note");

    public static final ConfigKey<Integer> MAX_CONCURRENCY_PER_ENDPOINT = ConfigKey.integer(
            "alerter.max-concurrency-per-endpoint", 4, 1, 1_000, "requests in flight to one endpoint (URL or SMTP server)");
    public static final ConfigKey<Integer> MAX_CONCURRENCY = ConfigKey.integer("alerter.max-concurrency", 256, 1, 100_000,
            "requests in flight across all endpoints (bounds sockets and memory)");
    public static final ConfigKey<Integer> MAX_QUEUED_PER_ENDPOINT = ConfigKey.integer("alerter.max-queued-per-endpoint",
            500, 1, 1_000_000, "alerts waiting for one endpoint before further ones are parked in the retry topic");
    public static final ConfigKey<Integer> MAX_IN_FLIGHT = ConfigKey.integer("alerter.max-in-flight", 20_000, 1, 10_000_000,
            "alerts read but not yet settled, across endpoints, before reading pauses");
    public static final ConfigKey<Duration> REQUEST_TIMEOUT = ConfigKey.duration("alerter.request-timeout", "15s",
            "time allowed for one webhook or Slack request, connection included");
    public static final ConfigKey<List<Duration>> RETRY_SCHEDULE = new ConfigKey<>("alerter.retry-schedule",
            "5s,5m,30m,2h,5h,10h,10h,24h,24h",
            "delays before each retry (Standard Webhooks' schedule, stretched to about three days); jittered by 20%",
            AlerterSettings::parseSchedule);
    public static final ConfigKey<Duration> MAX_RETRY_AFTER = ConfigKey.duration("alerter.max-retry-after", "1h",
            "the longest Retry-After from a 429 or 503 that is honoured as given");
    public static final ConfigKey<Duration> DISABLE_AFTER = ConfigKey.duration("alerter.disable-after", "3d",
            "an endpoint that fails without one success for this long is disabled and its owner told");
    public static final ConfigKey<Duration> COMMIT_EVERY = ConfigKey.duration("alerter.delivery.commit-every", "1s",
            "how often the delivery consumer commits the offsets of settled alerts");

    public static final ConfigKey<String> SMTP_HOST = ConfigKey.string("alerter.smtp.host", null,
            "SMTP server for e-mail alerts and owner notices (unset: e-mail is off)");
    public static final ConfigKey<Integer> SMTP_PORT = ConfigKey.integer("alerter.smtp.port", 587, 1, 65_535,
            "SMTP port");
    public static final ConfigKey<String> SMTP_FROM = ConfigKey.string("alerter.smtp.from", "wirewatch@localhost",
            "sender address of e-mail alerts");
    public static final ConfigKey<String> SMTP_USERNAME = ConfigKey.string("alerter.smtp.username", null,
            "SMTP user (unset: no authentication)");
    public static final ConfigKey<String> SMTP_PASSWORD = ConfigKey.string("alerter.smtp.password", null,
            "SMTP password");
    public static final ConfigKey<Boolean> SMTP_STARTTLS = ConfigKey.bool("alerter.smtp.starttls", true,
            "require STARTTLS (turn off only for a local test server)");
    public static final ConfigKey<String> CONSOLE_URL = ConfigKey.string("alerter.console-url", null,
            "the console's address, for links in owner notices (optional)");

    private AlerterSettings() {
    }

    /** Every alerter setting, for validation and documentation. */
    public static List<ConfigKey<?>> all() {
        return List.of(FANOUT_ENABLED, DELIVERY_ENABLED, STREAM_THREADS, COMMIT_INTERVAL, FANOUT_PARTITIONS, DEDUP_HORIZON,
                DIGEST_CHECK_INTERVAL, FOLD_DIGEST_EVERY, DIGEST_MAX_MENTIONS, MAX_CONCURRENCY, MAX_CONCURRENCY_PER_ENDPOINT,
                MAX_QUEUED_PER_ENDPOINT, MAX_IN_FLIGHT, REQUEST_TIMEOUT, RETRY_SCHEDULE, MAX_RETRY_AFTER, DISABLE_AFTER,
                COMMIT_EVERY, SMTP_HOST, SMTP_PORT, SMTP_FROM, SMTP_USERNAME, SMTP_PASSWORD, SMTP_STARTTLS, CONSOLE_URL);
    }

    /** Parses a comma-separated list of delays: at least one, none negative. */
    static List<Duration> parseSchedule(String text) {
        Function<String, Duration> parser = ConfigKey.duration("alerter.retry-schedule", "0s", "").parser();
        List<Duration> out = new ArrayList<>();
        for (String part : text.split(",")) {
            if (part.isBlank()) {
                continue;
            }
            Duration delay = parser.apply(part);
            if (delay.isNegative()) {
                throw new IllegalArgumentException("retry delays cannot be negative, got '" + part.strip() + "'");
            }
            out.add(delay);
        }
        if (out.isEmpty()) {
            throw new IllegalArgumentException("the retry schedule needs at least one delay");
        }
        return List.copyOf(out);
    }
}
