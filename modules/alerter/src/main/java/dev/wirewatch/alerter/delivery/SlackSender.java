package dev.wirewatch.alerter.delivery;

import dev.wirewatch.core.model.Alert;
import dev.wirewatch.core.model.Subscription;
import dev.wirewatch.core.secrets.ChannelSecrets;
import dev.wirewatch.core.secrets.SecretKeys;
import java.util.Map;

/**
 * Delivers alerts to Slack incoming webhooks: fallback text plus blocks with the link and the highlighted snippet.
 *
 * <p>A Slack webhook URL is a bearer secret: it is stored sealed, opened only to post, and never written to logs or
 * delivery records (they name the subscription).
 */
final class SlackSender implements ChannelSender {

    private final HttpPoster poster;
    private final ChannelSecrets secrets;

    SlackSender(HttpPoster poster, ChannelSecrets secrets) {
        this.poster = poster;
        this.secrets = secrets;
    }

    @Override
    public SendResult send(Alert alert, Subscription subscription) {
        String url;
        try {
            url = secrets.open(subscription.id(), subscription.channel()).url();
        } catch (SecretKeys.SecretException e) {
            return SendResult.refused("the Slack URL cannot be opened: " + e.getMessage());
        }
        return poster.post(url, Map.of(), AlertRendering.slack(alert, subscription), true);
    }

    @Override
    public String endpoint(Subscription subscription) {
        return "slack " + subscription.id();
    }
}
