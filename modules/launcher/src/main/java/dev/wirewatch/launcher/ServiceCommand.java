package dev.wirewatch.launcher;

import dev.wirewatch.core.config.CoreSettings;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code wirewatch collector|tagger|alerter|console}: one stage against an external Kafka, for containers. */
abstract class ServiceCommand implements Callable<Integer> {

    @Mixin
    ConfigOptions options;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    abstract String stage();

    @Override
    public Integer call() {
        dev.wirewatch.core.config.WirewatchConfig config = options.load(Map.of());
        boolean known = Pipeline.availableStages().stream().anyMatch(s -> s.name().equals(stage()));
        if (!known) {
            spec.commandLine().getErr().println("wirewatch " + stage() + ": not available in this build (the " + stage() + " module is not part of it)");
            return 2;
        }
        Pipeline pipeline = Pipeline.start(config, List.of(stage()), false, false);
        System.out.println("Wirewatch " + stage() + " running; health and metrics on port " + pipeline.endpointsPort());
        Shutdown.awaitAndClose(pipeline, pipeline.config().get(CoreSettings.SHUTDOWN_TIMEOUT));
        return 0;
    }

    @Command(name = "collector", mixinStandardHelpOptions = true, description = "Run the collector only.")
    static final class Collector extends ServiceCommand {
        @Override
        String stage() {
            return "collector";
        }
    }

    @Command(name = "tagger", mixinStandardHelpOptions = true, description = "Run the tagger only.")
    static final class Tagger extends ServiceCommand {
        @Override
        String stage() {
            return "tagger";
        }
    }

    @Command(name = "alerter", mixinStandardHelpOptions = true, description = "Run the alerter only.")
    static final class Alerter extends ServiceCommand {
        @Override
        String stage() {
            return "alerter";
        }
    }

    @Command(name = "console", mixinStandardHelpOptions = true, description = "Run the console (API and dashboard) only.")
    static final class Console extends ServiceCommand {
        @Override
        String stage() {
            return "console";
        }
    }
}
