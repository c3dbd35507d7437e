package dev.wirewatch.console;

import dev.wirewatch.core.config.WirewatchConfig;
import dev.wirewatch.core.spi.Stage;

/**
 * The console as a pipeline stage: the REST API, backtests, live streams and the dashboard on {@code console.port}.
 *
 * <p>Found by the launcher through {@code META-INF/services/dev.wirewatch.core.spi.Stage}; the returned handle must
 * be closed on shutdown.
 */
public final class ConsoleStage implements Stage {

    @Override
    public String name() {
        return "console";
    }

    @Override
    public int order() {
        return 40;
    }

    @Override
    public Running start(WirewatchConfig config, StageContext context) throws Exception {
        Console console = Console.start(config, context.meters(), context.health());
        return new Handle(console);
    }

    /** A started console; {@link #port()} is the bound port (useful with {@code console.port=0}). */
    public static final class Handle implements Running {
        private final Console console;

        private Handle(Console console) {
            this.console = console;
        }

        public int port() {
            return console.port();
        }

        @Override
        public void close() {
            console.close();
        }

        Console console() {
            return console;
        }
    }
}
