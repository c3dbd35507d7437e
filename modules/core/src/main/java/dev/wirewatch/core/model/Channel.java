package dev.wirewatch.core.model;

import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Where a subscription's alerts go.
 *
 * @param type webhook, slack, email or sse
 * @param url the webhook or Slack incoming-webhook URL
 * @param secret the {@code whsec_...} signing secret of a webhook
 * @param previousSecrets secrets still signed with during a rotation
 * @param to e-mail recipients
 */
public record Channel(String type, String url, String secret, List<String> previousSecrets, List<String> to) {

    public static final String WEBHOOK = "webhook";
    public static final String SLACK = "slack";
    public static final String EMAIL = "email";
    public static final String SSE = "sse";

    public Channel {
        Objects.requireNonNull(type, "type");
        type = type.toLowerCase(Locale.ROOT);
        previousSecrets = previousSecrets == null ? List.of() : List.copyOf(previousSecrets);
        to = to == null ? List.of() : List.copyOf(to);
    }

    public static Channel sse() {
        return new Channel(SSE, null, null, List.of(), List.of());
    }

    public static Channel webhook(String url, String secret) {
        return new Channel(WEBHOOK, url, secret, List.of(), List.of());
    }
}
