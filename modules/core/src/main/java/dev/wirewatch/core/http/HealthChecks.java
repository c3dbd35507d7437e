package dev.wirewatch.core.http;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The named health checks of one process, shown by {@code GET /health}. A process is healthy when every check is.
 *
 * <p>Stages register a check for each thing that must work (the Kafka Streams state, the consumer loop). Checks are
 * called on every request and must be cheap.
 */
public final class HealthChecks {

    /** The outcome of one check. */
    public record Status(boolean healthy, String detail) {
        public static Status up(String detail) {
            return new Status(true, detail);
        }

        public static Status down(String detail) {
            return new Status(false, detail);
        }
    }

    private final Map<String, Supplier<Status>> checks = new ConcurrentHashMap<>();

    /** Adds or replaces a check. */
    public void register(String name, Supplier<Status> check) {
        checks.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(check, "check"));
    }

    public void unregister(String name) {
        checks.remove(name);
    }

    /** Runs every check; a check that throws counts as down. */
    public Map<String, Status> run() {
        Map<String, Status> out = new LinkedHashMap<>();
        checks.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> {
            Status status;
            try {
                status = e.getValue().get();
            } catch (RuntimeException ex) {
                status = Status.down("check failed: " + ex);
            }
            out.put(e.getKey(), status);
        });
        return out;
    }
}
