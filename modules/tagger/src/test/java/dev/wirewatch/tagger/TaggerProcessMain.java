package dev.wirewatch.tagger;

import dev.wirewatch.core.config.WirewatchConfig;
import dev.wirewatch.core.http.HealthChecks;
import dev.wirewatch.core.spi.Stage;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * Runs one tagger in a JVM of its own, so that {@link TaggerKillRestartIT} can kill it with SIGKILL mid-stream.
 *
 * <p>Arguments: bootstrap servers, topic prefix, state directory. It runs until it is killed.
 */
public final class TaggerProcessMain {

    private TaggerProcessMain() {
    }

    public static void main(String[] args) throws Exception {
        WirewatchConfig config = WirewatchConfig.of(Map.of(
                "kafka.bootstrap-servers", args[0],
                "kafka.topic-prefix", args[1],
                "tagger.state-dir", args[2],
                "tagger.num-stream-threads", "2",
                // a killed instance leaves the group after 6 s rather than the default 45 s
                "kafka.session.timeout.ms", "6000",
                "kafka.heartbeat.interval.ms", "1000"));
        Stage.Running tagger = new TaggerStage().start(config,
                new Stage.StageContext(new SimpleMeterRegistry(), new HealthChecks(), false));
        Runtime.getRuntime().addShutdownHook(new Thread(tagger::close));
        new CountDownLatch(1).await();
    }
}
