package dev.wirewatch.core.model;

import java.time.Instant;
import java.util.Locale;
import java.util.Objects;

/**
 * A console API key as stored: never the key itself, only its salted hash; the value of {@code wirewatch.api-keys},
 * keyed by {@link #id}.
 *
 * @param role read, write or admin
 * @param hash the salted hash of the secret key (algorithm named in the value, e.g. {@code sha256:<salt>:<hex>})
 */
public record ApiKey(int schemaVersion, String id, String name, String role, String hash, Instant createdAt, boolean revoked) {

    public static final int SCHEMA_VERSION = 1;

    public ApiKey {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(hash, "hash");
        role = role.toLowerCase(Locale.ROOT);
        if (schemaVersion == 0) {
            schemaVersion = SCHEMA_VERSION;
        }
    }
}
