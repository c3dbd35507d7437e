package dev.wirewatch.alerter.delivery;

import dev.wirewatch.core.model.Alert;
import dev.wirewatch.core.model.Subscription;
import java.util.Map;

/** Delivers alerts to Slack incoming webhooks: fallback text plus blocks with the link and the highlighted snippet. */
final class SlackSender implements ChannelSender {

    private final HttpPoster poster;

    SlackSender(HttpPoster poster) {
        this.poster = poster;
    }

    @Override
    public SendResult send(Alert alert, Subscription subscription) {
        return poster.post(subscription.channel().url(), Map.of(), AlertRendering.slack(alert, subscription));
    }

    @Override
    public String endpoint(Subscription subscription) {
        return "slack " + subscription.channel().url();
    }
}
