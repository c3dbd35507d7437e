package dev.wirewatch.bench.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The bench reads remote stages' meters from what a real Prometheus registry scrapes. */
class RemoteStagesTest {

    @Test
    void sumsEverySampleOfACounterAndReadsAGauge() {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        Counter.builder(RemoteStages.TOPIC_DEFINITIONS).tag("result", "applied").register(registry).increment(998);
        Counter.builder(RemoteStages.TOPIC_DEFINITIONS).tag("result", "rejected").register(registry).increment(2);
        // a meter whose name starts with the same words must not count
        AtomicInteger subscriptions = new AtomicInteger(200);
        Gauge.builder(RemoteStages.SUBSCRIPTIONS, subscriptions, AtomicInteger::get).register(registry);
        Gauge.builder(RemoteStages.SUBSCRIPTIONS + ".pending", subscriptions, s -> 50).register(registry);
        String scrape = registry.scrape();

        assertThat(RemoteStages.value(scrape, RemoteStages.Probe.TAGGER.prometheusName())).isEqualTo(1000.0);
        assertThat(RemoteStages.value(scrape, RemoteStages.Probe.ALERTER.prometheusName())).isEqualTo(200.0);
        assertThat(RemoteStages.value(scrape, "wirewatch_nothing_total")).isZero();
        registry.close();
    }
}
