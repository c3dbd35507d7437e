package dev.wirewatch.alerter.delivery;

import dev.wirewatch.core.model.Alert;
import dev.wirewatch.core.model.Subscription;

/** Sends an alert over one kind of channel (webhook, Slack, e-mail); implementations are thread-safe. */
interface ChannelSender {

    /** One attempt; never throws for a failure of the endpoint, which it reports in the result. */
    SendResult send(Alert alert, Subscription subscription);

    /** One attempt, with the alert's JSON at hand (null when there is none) for channels that send it as it is. */
    default SendResult send(Alert alert, byte[] alertJson, Subscription subscription) {
        return send(alert, subscription);
    }

    /**
     * The endpoint that this subscription's alerts go to, for per-endpoint concurrency and {@code Retry-After}: the
     * URL for HTTP channels, the SMTP server for e-mail.
     */
    String endpoint(Subscription subscription);
}
