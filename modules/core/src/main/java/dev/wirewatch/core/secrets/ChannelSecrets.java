package dev.wirewatch.core.secrets;

import dev.wirewatch.core.model.Channel;
import java.util.List;
import java.util.Objects;

/**
 * Seals and opens the secrets of a subscription's channel: a webhook's signing secrets (bound to the subscription
 * and its URL, so they cannot be moved to another endpoint by editing the topic) and a Slack webhook URL (which is a
 * bearer secret). Other fields stay readable, so the fan-out and the console can route and list without the key.
 */
public final class ChannelSecrets {

    private final SecretKeys keys;

    public ChannelSecrets(SecretKeys keys) {
        this.keys = Objects.requireNonNull(keys, "keys");
    }

    /** The keys behind this. */
    public SecretKeys keys() {
        return keys;
    }

    /** The channel as stored: secrets sealed under the current key. */
    public Channel seal(String subscriptionId, Channel plain) {
        return switch (plain.type()) {
            case Channel.WEBHOOK -> new Channel(plain.type(), plain.url(),
                    plain.secret() == null ? null : keys.seal(plain.secret(), webhookContext(subscriptionId, plain.url())),
                    plain.previousSecrets().stream().map(p -> keys.seal(p, webhookContext(subscriptionId, plain.url()))).toList(),
                    plain.to());
            case Channel.SLACK -> new Channel(plain.type(),
                    plain.url() == null ? null : keys.seal(plain.url(), slackContext(subscriptionId)), null, List.of(),
                    plain.to());
            default -> plain;
        };
    }

    /**
     * The channel with its secrets opened; values kept in clear by older versions pass through.
     *
     * @throws SecretKeys.SecretException when a secret was sealed under an unknown key, altered or moved
     */
    public Channel open(String subscriptionId, Channel stored) {
        return switch (stored.type()) {
            case Channel.WEBHOOK -> new Channel(stored.type(), stored.url(),
                    keys.open(stored.secret(), webhookContext(subscriptionId, stored.url())),
                    stored.previousSecrets().stream().map(p -> keys.open(p, webhookContext(subscriptionId, stored.url()))).toList(),
                    stored.to());
            case Channel.SLACK -> new Channel(stored.type(), keys.open(stored.url(), slackContext(subscriptionId)),
                    stored.secret(), stored.previousSecrets(), stored.to());
            default -> stored;
        };
    }

    /** Whether a stored channel holds a secret in clear (written before sealing, or by a tool). */
    public static boolean holdsClearSecret(Channel stored) {
        return switch (stored.type()) {
            case Channel.WEBHOOK -> (stored.secret() != null && !SecretKeys.sealed(stored.secret()))
                    || stored.previousSecrets().stream().anyMatch(p -> !SecretKeys.sealed(p));
            case Channel.SLACK -> stored.url() != null && !SecretKeys.sealed(stored.url());
            default -> false;
        };
    }

    private static String webhookContext(String subscriptionId, String url) {
        return "subscription/" + subscriptionId + "/webhook-secret/" + url;
    }

    private static String slackContext(String subscriptionId) {
        return "subscription/" + subscriptionId + "/slack-url";
    }
}
