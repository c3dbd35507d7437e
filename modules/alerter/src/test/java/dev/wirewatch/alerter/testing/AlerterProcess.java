package dev.wirewatch.alerter.testing;

import dev.wirewatch.alerter.AlerterStage;
import dev.wirewatch.core.config.WirewatchConfig;
import dev.wirewatch.core.http.HealthChecks;
import dev.wirewatch.core.spi.Stage;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The alerter stage alone in a JVM of its own, so that a test can kill it with SIGKILL: its arguments are
 * {@code key=value} settings; it prints {@code READY} once started and runs until killed.
 */
public final class AlerterProcess {

    private AlerterProcess() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> settings = new LinkedHashMap<>();
        for (String arg : args) {
            int eq = arg.indexOf('=');
            settings.put(arg.substring(0, eq), arg.substring(eq + 1));
        }
        Stage.Running running = new AlerterStage().start(WirewatchConfig.of(settings),
                new Stage.StageContext(new SimpleMeterRegistry(), new HealthChecks(), false));
        Runtime.getRuntime().addShutdownHook(new Thread(running::close));
        System.out.println("READY");
        System.out.flush();
        Thread.currentThread().join();
    }
}
