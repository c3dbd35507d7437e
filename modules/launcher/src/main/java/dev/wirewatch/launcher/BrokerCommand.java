package dev.wirewatch.launcher;

import dev.wirewatch.core.config.CoreSettings;
import dev.wirewatch.core.spi.EmbeddedBroker;
import java.nio.file.Path;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code wirewatch broker}: the embedded single-node KRaft broker on its own, until stopped, for stages that run as
 * separate processes on one machine (the scale-out script, a laptop).
 */
@Command(name = "broker", mixinStandardHelpOptions = true,
        description = "Run the embedded single-node Kafka broker on its own until Ctrl-C or SIGTERM.")
final class BrokerCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--port", paramLabel = "PORT", description = "client port (default 9092; 0 picks a free one)")
    int port = 9092;

    @Option(names = "--data-dir", paramLabel = "DIR", description = "where the broker keeps its log (default ./data/kafka)")
    Path dataDir = Path.of("data", "kafka");

    @Override
    public Integer call() {
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("--port must be between 0 and 65535, got " + port);
        }
        Optional<EmbeddedBroker> broker = ServiceLoader.load(EmbeddedBroker.class).findFirst();
        if (broker.isEmpty()) {
            spec.commandLine().getErr().println("wirewatch broker: not available in this build (the broker module is"
                    + " left out of the stage image)");
            return 2;
        }
        EmbeddedBroker.Running running = broker.get().start(dataDir, port);
        System.out.println("Kafka broker at " + running.bootstrapServers() + ", log in " + dataDir.toAbsolutePath()
                + ". Ctrl-C stops.");
        Shutdown.awaitAndClose(running, CoreSettings.SHUTDOWN_TIMEOUT.parser().apply(CoreSettings.SHUTDOWN_TIMEOUT.defaultValue()));
        return 0;
    }
}
