package dev.wirewatch.core.model;

import java.time.Instant;
import java.util.Objects;

/**
 * A topic that desks track, the value of {@code wirewatch.tracked-topics}, keyed by {@link #id}.
 *
 * <p>Definitions are versioned: every change publishes the topic again with a higher {@link #version}, and each
 * mention records the version that matched it.
 *
 * @param query a query in the language of DESIGN.md, for example {@code CECOT OR "Terrorist Confinement Center"}
 */
public record TrackedTopic(
        int schemaVersion,
        String id,
        String name,
        String query,
        long version,
        String description,
        Boolean enabled,
        Instant updatedAt) {

    public static final int SCHEMA_VERSION = 1;

    public TrackedTopic {
        // a definition without "enabled" is enabled
        enabled = enabled == null ? Boolean.TRUE : enabled;
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(query, "query");
        if (schemaVersion == 0) {
            schemaVersion = SCHEMA_VERSION;
        }
        name = name == null ? id : name;
    }

    /** A first version of an enabled topic. */
    public static TrackedTopic of(String id, String name, String query) {
        return new TrackedTopic(SCHEMA_VERSION, id, name, query, 1, null, true, Instant.now());
    }
}
