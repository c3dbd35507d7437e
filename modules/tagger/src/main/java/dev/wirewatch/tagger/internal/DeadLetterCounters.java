package dev.wirewatch.tagger.internal;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Metrics;
import java.util.Map;

/**
 * The counters that the tagger's exception handlers increment.
 *
 * <p>Kafka Streams creates handlers by class name and configures them with its settings; the tagger puts its
 * {@link MeterRegistry} there under {@link TaggerHandlers#METER_REGISTRY_CONFIG}. Without one, the global registry
 * counts.
 */
final class DeadLetterCounters {

    private DeadLetterCounters() {
    }

    /** The counter of records that failed in one way: deserialization or processing. */
    static Counter errors(Map<String, ?> configs, String kind) {
        return Counter.builder("wirewatch.tagger.errors").tag("kind", kind)
                .description("records the tagger could not read or process, sent to its dead-letter topic")
                .register(registry(configs));
    }

    /** The dead-letter counter of the tagger stage: same name and tags as core's DeadLetterRouter uses. */
    static Counter deadLetters(Map<String, ?> configs) {
        return Counter.builder("wirewatch.dead.letters").tag("stage", "tagger")
                .description("records sent to the stage's dead-letter topic").register(registry(configs));
    }

    private static MeterRegistry registry(Map<String, ?> configs) {
        return configs.get(TaggerHandlers.METER_REGISTRY_CONFIG) instanceof MeterRegistry m ? m : Metrics.globalRegistry;
    }
}
