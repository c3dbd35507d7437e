package dev.wirewatch.core.model;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A news feed to poll (RSS, Atom, RDF or JSON Feed), the value of {@code wirewatch.feeds}, keyed by {@link #id}.
 *
 * @param pollIntervalSeconds a fixed poll interval, or {@code null} for the adaptive interval
 */
public record Feed(
        int schemaVersion,
        String id,
        String url,
        String title,
        String language,
        List<String> tags,
        Integer pollIntervalSeconds,
        Boolean enabled,
        Instant updatedAt) {

    public static final int SCHEMA_VERSION = 1;

    public Feed {
        // a definition without "enabled" is enabled
        enabled = enabled == null ? Boolean.TRUE : enabled;
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(url, "url");
        tags = tags == null ? List.of() : List.copyOf(tags);
        if (schemaVersion == 0) {
            schemaVersion = SCHEMA_VERSION;
        }
    }

    /** A feed with only an id and a URL, enabled, adaptive interval. */
    public static Feed of(String id, String url) {
        return new Feed(SCHEMA_VERSION, id, url, null, null, List.of(), null, true, Instant.now());
    }
}
