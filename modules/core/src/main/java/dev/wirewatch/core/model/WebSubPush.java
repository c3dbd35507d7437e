package dev.wirewatch.core.model;

import java.time.Instant;
import java.util.Objects;

/**
 * A WebSub content distribution that one collector received and verified for a feed that another collector polls:
 * the value of {@code wirewatch.websub-pushes}, keyed by feed id.
 *
 * @param body the pushed feed document as the hub sent it
 * @param contentType the push's Content-Type; null when it had none
 */
public record WebSubPush(int schemaVersion, String feedId, String contentType, byte[] body, Instant receivedAt) {

    public static final int SCHEMA_VERSION = 1;

    public WebSubPush {
        Objects.requireNonNull(feedId, "feedId");
        Objects.requireNonNull(body, "body");
        if (schemaVersion == 0) {
            schemaVersion = SCHEMA_VERSION;
        }
    }
}
