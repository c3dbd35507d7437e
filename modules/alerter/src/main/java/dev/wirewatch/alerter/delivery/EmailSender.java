package dev.wirewatch.alerter.delivery;

import dev.wirewatch.core.model.Alert;
import dev.wirewatch.core.model.Subscription;

/** Delivers alerts by e-mail (plain text and HTML) through the configured SMTP server. */
final class EmailSender implements ChannelSender {

    private final Mailer mailer;

    /** @param mailer the SMTP mailer, or null when e-mail is not configured */
    EmailSender(Mailer mailer) {
        this.mailer = mailer;
    }

    @Override
    public SendResult send(Alert alert, Subscription subscription) {
        if (mailer == null) {
            return SendResult.refused("e-mail is not configured (set alerter.smtp.host)");
        }
        return mailer.send(subscription.channel().to(), AlertRendering.subject(alert, subscription),
                AlertRendering.text(alert, subscription), AlertRendering.html(alert, subscription), alert.id());
    }

    @Override
    public String endpoint(Subscription subscription) {
        return "smtp";
    }
}
