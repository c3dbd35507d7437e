package dev.wirewatch.core.kafka.streams;

import dev.wirewatch.core.kafka.CoreMeters;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Metrics;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.streams.StreamsConfig;

/**
 * Configures a Kafka Streams application of a stage to send records it cannot read or process to the stage's
 * dead-letter topic, counting them, instead of stopping.
 *
 * <p>Kafka Streams creates exception handlers by class name; the stage's meter registry, its name and the name of its
 * error counter reach them through the Streams settings that {@link #configure} puts.
 */
public final class DeadLetterHandlers {

    /** A Streams setting whose value is the {@code MeterRegistry} the handlers count in. */
    public static final String METER_REGISTRY_CONFIG = "wirewatch.handlers.meter-registry";
    /** A Streams setting: the stage name, the {@code stage} tag of {@code wirewatch.dead.letters}. */
    public static final String STAGE_CONFIG = "wirewatch.handlers.stage";
    /** A Streams setting: the name of the stage's error counter, tagged by kind (deserialization, processing). */
    public static final String ERRORS_METER_CONFIG = "wirewatch.handlers.errors-meter";

    private DeadLetterHandlers() {
    }

    /**
     * Sets the dead-letter topic and both handlers on a stage's Streams settings.
     *
     * @param errorsMeter the stage's error counter, for example {@code wirewatch.tagger.errors}
     */
    public static void configure(Properties props, String deadLetterTopic, String stage, String errorsMeter,
            MeterRegistry meters) {
        props.put(StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG, deadLetterTopic);
        props.put(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetterDeserializationHandler.class);
        props.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetterProcessingHandler.class);
        props.put(METER_REGISTRY_CONFIG, meters);
        props.put(STAGE_CONFIG, stage);
        props.put(ERRORS_METER_CONFIG, errorsMeter);
    }

    static Counter errors(Map<String, ?> configs, String kind) {
        String stage = String.valueOf(configs.get(STAGE_CONFIG));
        Object name = configs.get(ERRORS_METER_CONFIG);
        return Counter.builder(name == null ? CoreMeters.stageErrors(stage) : name.toString()).tag("kind", kind)
                .description("records the stage could not read or process, sent to its dead-letter topic")
                .register(registry(configs));
    }

    /** The same name and tags as {@link dev.wirewatch.core.kafka.DeadLetterRouter} uses. */
    static Counter deadLetters(Map<String, ?> configs) {
        return Counter.builder(CoreMeters.DEAD_LETTERS).tag("stage", String.valueOf(configs.get(STAGE_CONFIG)))
                .description("records sent to the stage's dead-letter topic").register(registry(configs));
    }

    private static MeterRegistry registry(Map<String, ?> configs) {
        return configs.get(METER_REGISTRY_CONFIG) instanceof MeterRegistry m ? m : Metrics.globalRegistry;
    }
}
