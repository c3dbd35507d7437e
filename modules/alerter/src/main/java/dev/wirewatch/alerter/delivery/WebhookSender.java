package dev.wirewatch.alerter.delivery;

import dev.wirewatch.alerter.webhook.WebhookSignature;
import dev.wirewatch.core.model.Alert;
import dev.wirewatch.core.model.Channel;
import dev.wirewatch.core.model.Subscription;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Delivers alerts to webhooks as the Standard Webhooks specification says: a JSON body {@code {type, timestamp,
 * data}}, and the headers {@code webhook-id} (the alert id, the same on every retry), {@code webhook-timestamp} (this
 * attempt, in seconds) and {@code webhook-signature} (one {@code v1,} signature per active secret).
 */
final class WebhookSender implements ChannelSender {

    private final HttpPoster poster;
    private final Clock clock;

    WebhookSender(HttpPoster poster, Clock clock) {
        this.poster = poster;
        this.clock = clock;
    }

    @Override
    public SendResult send(Alert alert, Subscription subscription) {
        Channel channel = subscription.channel();
        byte[] body = AlertRendering.webhookBody(alert);
        long timestamp = clock.instant().getEpochSecond();
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put(WebhookSignature.HEADER_ID, alert.id());
        headers.put(WebhookSignature.HEADER_TIMESTAMP, Long.toString(timestamp));
        if (channel.secret() == null || channel.secret().isBlank()) {
            return SendResult.refused("the webhook has no signing secret (whsec_...)");
        }
        try {
            headers.put(WebhookSignature.HEADER_SIGNATURE,
                    WebhookSignature.of(channel.secret(), channel.previousSecrets()).sign(alert.id(), timestamp, body));
        } catch (IllegalArgumentException e) {
            return SendResult.refused(e.getMessage());
        }
        return poster.post(channel.url(), headers, body);
    }

    @Override
    public String endpoint(Subscription subscription) {
        return "webhook " + subscription.channel().url();
    }
}
