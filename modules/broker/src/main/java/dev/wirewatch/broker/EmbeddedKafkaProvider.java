package dev.wirewatch.broker;

import dev.wirewatch.core.spi.EmbeddedBroker;
import java.nio.file.Path;

/** Offers {@link EmbeddedKafka} to the launcher through {@link java.util.ServiceLoader}, which needs a public class. */
public final class EmbeddedKafkaProvider implements EmbeddedBroker {

    @Override
    public Running start(Path dataDir, int port) {
        return EmbeddedKafka.builder().dataDir(dataDir).port(port).start();
    }
}
