package dev.wirewatch.core.spi;

import dev.wirewatch.core.config.WirewatchConfig;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * A pipeline stage (collector, tagger, alerter, console) that the launcher can start, found with
 * {@link java.util.ServiceLoader}.
 *
 * <p>Implementations are listed in {@code META-INF/services/dev.wirewatch.core.spi.Stage} of their module. The
 * launcher starts stages in {@link #order()} and closes them in reverse order.
 */
public interface Stage {

    /** The service name, as used by {@code wirewatch <name>}: collector, tagger, alerter or console. */
    String name();

    /** Start order: smaller first. Collector 10, tagger 20, alerter 30, console 40. */
    int order();

    /**
     * Starts the stage against the Kafka cluster named in the configuration and returns a handle that stops it.
     * The stage registers its meters in {@code context.meters()} and its health checks in {@code context.health()}.
     * The returned handle must be closed on shutdown.
     */
    Running start(WirewatchConfig config, StageContext context) throws Exception;

    /** A started stage. */
    interface Running extends AutoCloseable {
        @Override
        void close();
    }

    /**
     * What the launcher gives every stage.
     *
     * @param routes where a stage serves its own paths on the process's HTTP port (the collector's WebSub callback)
     */
    record StageContext(MeterRegistry meters, dev.wirewatch.core.http.HealthChecks health, boolean demo,
                        dev.wirewatch.core.http.Routes routes) {

        /** A context without an HTTP port to serve on. */
        public StageContext(MeterRegistry meters, dev.wirewatch.core.http.HealthChecks health, boolean demo) {
            this(meters, health, demo, dev.wirewatch.core.http.Routes.NONE);
        }
    }
}
