package dev.wirewatch.alerter.fanout.internal;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Metrics;
import java.util.Map;

/**
 * Where the fan-out's exception handlers count: the stage puts its {@link MeterRegistry} in the Streams settings under
 * {@link #METER_REGISTRY_CONFIG}; without one, the global registry counts.
 */
public final class FanoutHandlers {

    /** A Streams setting whose value is the {@code MeterRegistry} the handlers count in. */
    public static final String METER_REGISTRY_CONFIG = "wirewatch.alerter.meter-registry";

    private FanoutHandlers() {
    }

    /** Records the fan-out could not read or process, by kind: deserialization or processing. */
    static Counter errors(Map<String, ?> configs, String kind) {
        return Counter.builder("wirewatch.alerter.fanout.errors").tag("kind", kind)
                .description("records the fan-out could not read or process, sent to its dead-letter topic")
                .register(registry(configs));
    }

    /** Records sent to the dead-letter topic: the name and tags core's DeadLetterRouter uses. */
    static Counter deadLetters(Map<String, ?> configs) {
        return Counter.builder("wirewatch.dead.letters").tag("stage", "alerter")
                .description("records sent to the stage's dead-letter topic").register(registry(configs));
    }

    private static MeterRegistry registry(Map<String, ?> configs) {
        return configs.get(METER_REGISTRY_CONFIG) instanceof MeterRegistry m ? m : Metrics.globalRegistry;
    }
}
