package dev.wirewatch.core.spi;

import java.nio.file.Path;

/**
 * An in-process Kafka broker that the launcher starts for {@code demo} and {@code run} when no bootstrap servers are
 * set, found with {@link java.util.ServiceLoader}.
 *
 * <p>The one implementation lives in the broker module ({@code META-INF/services/dev.wirewatch.core.spi.EmbeddedBroker}),
 * which the stage image leaves out: a build without it runs stages only against an external Kafka.
 */
public interface EmbeddedBroker {

    /**
     * Starts a single-node broker that keeps its log under {@code dataDir} across restarts.
     *
     * @param port the client port; 0 picks a free one
     * @return the running broker, which must be closed on shutdown
     */
    Running start(Path dataDir, int port);

    /** A started broker. */
    interface Running extends AutoCloseable {

        /** The {@code bootstrap.servers} value for clients. */
        String bootstrapServers();

        @Override
        void close();
    }
}
