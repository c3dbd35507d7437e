package dev.wirewatch.alerter.delivery;

import dev.wirewatch.alerter.webhook.WebhookSignature;
import dev.wirewatch.core.model.Alert;
import dev.wirewatch.core.model.Channel;
import dev.wirewatch.core.model.Subscription;
import dev.wirewatch.core.secrets.ChannelSecrets;
import dev.wirewatch.core.secrets.SecretKeys;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Delivers alerts to webhooks as the Standard Webhooks specification says: a JSON body {@code {type, timestamp,
 * data}}, and the headers {@code webhook-id} (the alert id, the same on every retry), {@code webhook-timestamp} (this
 * attempt, in seconds) and {@code webhook-signature} (one {@code v1,} signature per active secret). The secrets are
 * stored sealed ({@link ChannelSecrets}) and opened here, for signing only.
 */
final class WebhookSender implements ChannelSender {

    private static final int MAX_SIGNERS = 100_000;

    private final HttpPoster poster;
    private final Clock clock;
    private final ChannelSecrets secrets;
    private final Map<List<String>, WebhookSignature> signers = new ConcurrentHashMap<>();

    WebhookSender(HttpPoster poster, Clock clock, ChannelSecrets secrets) {
        this.poster = poster;
        this.clock = clock;
        this.secrets = secrets;
    }

    @Override
    public SendResult send(Alert alert, Subscription subscription) {
        return send(alert, null, subscription);
    }

    @Override
    public SendResult send(Alert alert, byte[] alertJson, Subscription subscription) {
        Channel channel = subscription.channel();
        byte[] body = AlertRendering.webhookBody(alert, alertJson);
        long timestamp = clock.instant().getEpochSecond();
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put(WebhookSignature.HEADER_ID, alert.id());
        headers.put(WebhookSignature.HEADER_TIMESTAMP, Long.toString(timestamp));
        if (channel.secret() == null || channel.secret().isBlank()) {
            return SendResult.refused("the webhook has no signing secret (whsec_...)");
        }
        try {
            headers.put(WebhookSignature.HEADER_SIGNATURE, signer(subscription.id(), channel).sign(alert.id(), timestamp, body));
        } catch (SecretKeys.SecretException e) {
            return SendResult.refused("the webhook secret cannot be opened: " + e.getMessage());
        } catch (IllegalArgumentException e) {
            return SendResult.refused(e.getMessage());
        }
        return poster.post(channel.url(), headers, body, false);
    }

    /** The signer of a channel's secrets, kept (by their sealed form) so that the secrets are opened once. */
    private WebhookSignature signer(String subscriptionId, Channel stored) {
        List<String> key = new ArrayList<>();
        key.add(subscriptionId);
        key.add(stored.url());
        key.add(stored.secret());
        key.addAll(stored.previousSecrets());
        WebhookSignature signer = signers.get(key);
        if (signer == null) {
            if (signers.size() >= MAX_SIGNERS) {
                signers.clear();
            }
            Channel opened = secrets.open(subscriptionId, stored);
            signer = WebhookSignature.of(opened.secret(), opened.previousSecrets());
            signers.put(List.copyOf(key), signer);
        }
        return signer;
    }

    @Override
    public String endpoint(Subscription subscription) {
        return "webhook " + subscription.channel().url();
    }
}
