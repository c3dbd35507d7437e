package dev.wirewatch.core.model;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * Who is told about which tracked topics, and how; the value of {@code wirewatch.subscriptions}, keyed by {@link #id}.
 *
 * @param languages only articles in these languages (empty: all)
 * @param sources only articles from these hosts or their parent domains (empty: all)
 * @param ownerEmail who is told when the channel is disabled after failing
 */
public record Subscription(
        int schemaVersion,
        String id,
        String name,
        String desk,
        List<String> topics,
        List<String> languages,
        List<String> sources,
        DeliveryMode mode,
        Channel channel,
        Boolean enabled,
        String ownerEmail,
        Instant updatedAt) {

    public static final int SCHEMA_VERSION = 1;

    public Subscription {
        // a definition without "enabled" is enabled
        enabled = enabled == null ? Boolean.TRUE : enabled;
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(channel, "channel");
        if (schemaVersion == 0) {
            schemaVersion = SCHEMA_VERSION;
        }
        name = name == null ? id : name;
        topics = topics == null ? List.of() : List.copyOf(topics);
        languages = languages == null ? List.of() : List.copyOf(languages);
        sources = sources == null ? List.of() : List.copyOf(sources);
        mode = mode == null ? DeliveryMode.realtime() : mode;
    }
}
