package dev.wirewatch.launcher;

import dev.wirewatch.core.config.CoreSettings;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code wirewatch run}: every stage on real feeds, on an embedded broker under ./data unless bootstrap servers are given. */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Run every stage in one process (embedded broker with data under ./data unless --bootstrap-servers).")
final class RunCommand implements Callable<Integer> {

    @Mixin
    ConfigOptions options;

    @Override
    public Integer call() {
        Pipeline pipeline = Pipeline.start(options.load(Map.of()), Pipeline.ALL, true, false);
        System.out.println("Wirewatch running: stages " + pipeline.started() + ", Kafka at "
                + pipeline.config().kafkaProperties().getProperty("bootstrap.servers")
                + ", health and metrics at http://localhost:" + pipeline.endpointsPort() + "/health. Ctrl-C stops.");
        Shutdown.awaitAndClose(pipeline, pipeline.config().get(CoreSettings.SHUTDOWN_TIMEOUT));
        return 0;
    }
}
