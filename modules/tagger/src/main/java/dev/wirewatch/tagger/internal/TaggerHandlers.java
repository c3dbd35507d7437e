package dev.wirewatch.tagger.internal;

/**
 * The configuration key under which the tagger hands its meter registry to its exception handlers.
 *
 * <p>This package is public only because Kafka Streams instantiates exception handlers by class name; it is not an
 * API.
 */
public final class TaggerHandlers {

    /** A Streams setting whose value is the {@code MeterRegistry} the handlers count in. */
    public static final String METER_REGISTRY_CONFIG = "wirewatch.tagger.meter-registry";

    private TaggerHandlers() {
    }
}
