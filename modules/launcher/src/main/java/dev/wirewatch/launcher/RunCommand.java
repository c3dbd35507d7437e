package dev.wirewatch.launcher;

import dev.wirewatch.console.ConsoleSettings;
import dev.wirewatch.core.config.CoreSettings;
import dev.wirewatch.core.config.WirewatchConfig;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code wirewatch run}: every stage on real feeds, on an embedded broker under ./data unless bootstrap servers are given. */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Run every stage in one process (embedded broker with data under ./data unless --bootstrap-servers).")
final class RunCommand implements Callable<Integer> {

    @Mixin
    ConfigOptions options;

    @Option(names = "--host", paramLabel = "ADDRESS", description = "Address the console and the health endpoint "
            + "listen on (default: 127.0.0.1 unless console.host / http.host are set; 0.0.0.0 for every interface).")
    String host;

    @Override
    public Integer call() {
        WirewatchConfig config = LocalDefaults.bind(options.load(Map.of()), host);
        if (config.get(CoreSettings.BOOTSTRAP_SERVERS) == null) {
            // an embedded broker: its data directory keeps the key that seals secrets, unless one is configured; a
            // directory that cannot be written is said so first, with the setting to change
            Path data = Path.of(config.get(CoreSettings.DATA_DIR));
            new Preflight(Map.of()).dataDirWritable(data, CoreSettings.DATA_DIR.key());
            config = LocalDefaults.secretsKey(config, data);
        }
        Pipeline pipeline = Pipeline.start(config, Pipeline.ALL, true, false);
        System.out.println("Wirewatch running: stages " + pipeline.started() + ", Kafka at "
                + pipeline.config().kafkaProperties().getProperty("bootstrap.servers")
                + ", console at " + LocalDefaults.url(config.get(ConsoleSettings.HOST), config.get(ConsoleSettings.PORT), "/")
                + ", health and metrics at " + LocalDefaults.url(config.get(CoreSettings.HTTP_HOST), pipeline.endpointsPort(), "/health")
                + ". Ctrl-C stops.");
        Shutdown.awaitAndClose(pipeline, pipeline.config().get(CoreSettings.SHUTDOWN_TIMEOUT));
        return 0;
    }
}
