package dev.wirewatch.console;

import dev.wirewatch.core.config.ConfigKey;
import java.time.Duration;
import java.util.List;

/** The console's settings: where it listens, the bootstrap API key, and the limits of backtests and live data. */
public final class ConsoleSettings {

    public static final ConfigKey<Integer> PORT = ConfigKey.integer("console.port", 8080, 0, 65_535,
            "port of the console's API and dashboard (0: any free port)");
    public static final ConfigKey<String> HOST = ConfigKey.string("console.host", "0.0.0.0",
            "address the console binds to");
    public static final ConfigKey<String> API_KEY = ConfigKey.string("console.api-key", null,
            "a bootstrap admin API key; only its salted hash is kept in memory (the demo generates one)");
    public static final ConfigKey<Integer> BACKTEST_MAX_ARTICLES = ConfigKey.integer("console.backtest.max-articles",
            50_000, 1, 10_000_000, "most articles one backtest reads");
    public static final ConfigKey<Duration> BACKTEST_TIMEOUT = ConfigKey.duration("console.backtest.timeout", "20s",
            "longest a backtest may read before it answers with what it has");
    public static final ConfigKey<Integer> BACKTEST_CONCURRENCY = ConfigKey.integer("console.backtest.concurrency", 2,
            1, 64, "backtests that may run at once; more are refused with 429");
    public static final ConfigKey<Integer> MENTIONS_BUFFER = ConfigKey.integer("console.mentions.buffer", 1000, 10,
            1_000_000, "recent mentions kept in memory for the live list");
    public static final ConfigKey<Duration> DELIVERIES_LOOKBACK = ConfigKey.duration("console.deliveries.lookback",
            "24h", "how far back delivery attempts are read for the delivery status of subscriptions");
    public static final ConfigKey<Duration> WRITE_TIMEOUT = ConfigKey.duration("console.write-timeout", "15s",
            "how long a write waits for Kafka's acknowledgement before the API answers 503");
    public static final ConfigKey<Duration> STARTUP_TIMEOUT = ConfigKey.duration("console.startup-timeout", "60s",
            "how long start-up waits to read the definitions (topics, subscriptions, feeds, keys)");
    public static final ConfigKey<Duration> FETCH_TIMEOUT = ConfigKey.duration("console.fetch.timeout", "10s",
            "timeout of fetching an article submitted by URL");
    public static final ConfigKey<Integer> FETCH_CONCURRENCY = ConfigKey.integer("console.fetch.concurrency", 4, 1, 256,
            "article fetches (POST /api/articles with a URL) that may run at once; more are refused with 429");
    public static final ConfigKey<Integer> OPML_MAX_FEEDS = ConfigKey.integer("console.opml.max-feeds", 500, 1, 100_000,
            "most feeds one OPML import may add; a longer list is refused with 413");
    public static final ConfigKey<Integer> MAX_BODY_BYTES = ConfigKey.integer("console.max-body-bytes", 5_000_000, 1024,
            1_000_000_000, "largest request body, however it is sent (chunked included); larger ones get 413");
    public static final ConfigKey<String> ENDPOINTS = new ConfigKey<>("console.endpoints", "key",
            "/health and /metrics on the console's port: key (a read API key is needed), open, or off (only on "
                    + "http.port, the separate port every service has)", ConsoleSettings::endpoints);
    public static final ConfigKey<Duration> ARTICLE_LOOKBACK = ConfigKey.duration("console.article-lookback", "3d",
            "how far back wirewatch.articles is read for an earlier version of a submitted article");

    public static final ConfigKey<Integer> AUTH_MAX_FAILURES = ConfigKey.integer("console.auth.max-failures", 20, 1,
            1_000_000, "wrong API keys one client address may send within console.auth.failure-window; then it gets "
                    + "429 (its keys unchecked) until the window ends");
    public static final ConfigKey<Duration> AUTH_FAILURE_WINDOW = ConfigKey.duration("console.auth.failure-window",
            "1m", "the window of console.auth.max-failures, counted from an address's first wrong key");
    public static final ConfigKey<Integer> AUTH_TRACKED_ADDRESSES = ConfigKey.integer("console.auth.tracked-addresses",
            10_000, 1, 10_000_000, "client addresses whose wrong keys are counted at once; the one tracked longest "
                    + "is forgotten to make room");

    private ConsoleSettings() {
    }

    /** Every console setting, for validation at start-up. */
    public static List<ConfigKey<?>> all() {
        return List.of(PORT, HOST, API_KEY, BACKTEST_MAX_ARTICLES, BACKTEST_TIMEOUT, BACKTEST_CONCURRENCY,
                MENTIONS_BUFFER, DELIVERIES_LOOKBACK, WRITE_TIMEOUT, STARTUP_TIMEOUT, FETCH_TIMEOUT, ARTICLE_LOOKBACK,
                FETCH_CONCURRENCY, OPML_MAX_FEEDS, MAX_BODY_BYTES, ENDPOINTS, AUTH_MAX_FAILURES, AUTH_FAILURE_WINDOW,
                AUTH_TRACKED_ADDRESSES);
    }

    private static String endpoints(String text) {
        String value = text.strip().toLowerCase(java.util.Locale.ROOT);
        if (!value.equals("key") && !value.equals("open") && !value.equals("off")) {
            throw new IllegalArgumentException("must be key, open or off, got '" + text + "'");
        }
        return value;
    }
}
