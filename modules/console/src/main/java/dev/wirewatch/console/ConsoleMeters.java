package dev.wirewatch.console;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * The names of the console's meters, {@code wirewatch.console.<what>}; dashboards, alerts and the Helm chart read
 * them, so change them only by adding.
 *
 * <p>The article path ({@code ArticlesApi}) still names its errors counter where it is built.
 */
final class ConsoleMeters {

    /** Tagged {@code kind}; see {@link #errors}. */
    static final String ERRORS = "wirewatch.console.errors";
    /** Tagged {@code status}: 401 or 403. */
    static final String AUTH_FAILURES = "wirewatch.console.auth.failures";
    /** API calls refused with 429 from an address that sent too many wrong keys; see {@link FailedAuthLimiter}. */
    static final String AUTH_THROTTLED = "wirewatch.console.auth.throttled";
    static final String HTTP = "wirewatch.console.http";
    static final String BACKTEST = "wirewatch.console.backtest";
    /** Tagged {@code topic}. */
    static final String WRITES = "wirewatch.console.writes";
    /** Tagged {@code stream}. */
    static final String STREAM_DROPPED = "wirewatch.console.stream.dropped";
    /** Tagged {@code stream}. */
    static final String STREAM_LISTENERS = "wirewatch.console.stream.listeners";

    private ConsoleMeters() {
    }

    /** The errors counter for one kind of failure, registered in {@code meters} on first use. */
    static Counter errors(MeterRegistry meters, String kind) {
        return Counter.builder(ERRORS).tag("kind", kind).description("failures of the console, by kind").register(meters);
    }
}
