package dev.wirewatch.alerter.delivery;

import dev.wirewatch.core.kafka.CompactedTopicView;
import dev.wirewatch.core.model.Channel;
import dev.wirewatch.core.model.Subscription;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns off a subscription whose endpoint is gone (410) or keeps failing, and tells its owner.
 *
 * <p>The subscription is written back to the subscriptions topic with {@code enabled: false}, so the fan-out stops
 * making alerts for it and the console shows it; the owner re-enables it there. The owner is told by e-mail when an
 * SMTP server is configured and the subscription names an owner; in every case a warning is logged and
 * {@code wirewatch.alerter.endpoints.disabled} counts it.
 */
final class Disabler {

    private static final Logger LOG = LoggerFactory.getLogger(Disabler.class);

    private final CompactedTopicView<Subscription> view;
    private final Outbox outbox;
    private final Mailer mailer;
    private final DeliveryMetrics metrics;
    private final Clock clock;
    private final String consoleUrl;

    /** @param mailer null when e-mail is not configured; @param consoleUrl for the notice's link, or null */
    Disabler(CompactedTopicView<Subscription> view, Outbox outbox, Mailer mailer, DeliveryMetrics metrics, Clock clock, String consoleUrl) {
        this.view = view;
        this.outbox = outbox;
        this.mailer = mailer;
        this.metrics = metrics;
        this.clock = clock;
        this.consoleUrl = consoleUrl;
    }

    /**
     * Disables a subscription, once.
     *
     * @param reason for the log and the owner, e.g. "the endpoint answered 410 Gone"
     * @param kind for the metric: gone or failing
     */
    void disable(Subscription subscription, String reason, String kind) {
        Instant now = clock.instant();
        Subscription off = disableHere(subscription.id(), now);
        if (off == null) {
            return;
        }
        outbox.subscription(off);
        metrics.disabled(kind);
        LOG.warn("Disabled subscription {} ({} to {}): {}", off.id(), off.channel().type(), where(off.channel()), reason);
        if (mailer == null || off.ownerEmail() == null || off.ownerEmail().isBlank()) {
            metrics.notice("skipped");
            LOG.warn("The owner of subscription {} is not told by e-mail: {}", off.id(),
                    mailer == null ? "no SMTP server is configured (alerter.smtp.host)" : "it names no owner e-mail");
            return;
        }
        Thread.ofVirtual().name("alerter-owner-notice").start(() -> tell(off, reason));
    }

    /**
     * Disables a subscription in the view at once, before the change comes back from the topic.
     *
     * @return the disabled copy, or null when it was already disabled or is unknown (so only one caller disables it)
     */
    private Subscription disableHere(String id, Instant now) {
        while (true) {
            Subscription s = view.get(id);
            if (s == null || !s.enabled()) {
                return null;
            }
            Subscription off = new Subscription(s.schemaVersion(), s.id(), s.name(), s.desk(), s.topics(),
                    s.languages(), s.sources(), s.mode(), s.channel(), false, s.ownerEmail(), now);
            if (view.replace(id, s, off)) {
                return off;
            }
        }
    }

    private void tell(Subscription off, String reason) {
        String subject = "[Wirewatch] Alerts for \"" + off.name() + "\" are paused";
        String where = where(off.channel());
        String enable = consoleUrl == null
                ? "Re-enable the subscription in the Wirewatch console once the endpoint works again."
                : "Re-enable it at " + consoleUrl + " once the endpoint works again.";
        String text = "Wirewatch stopped sending alerts for the subscription \"" + off.name() + "\" (" + off.id()
                + ") to " + where + ", because " + reason + ".\n\n" + enable + "\n";
        String html = "<p>Wirewatch stopped sending alerts for the subscription <b>" + AlertRendering.escape(off.name())
                + "</b> (" + AlertRendering.escape(off.id()) + ") to " + AlertRendering.escape(where) + ", because "
                + AlertRendering.escape(reason) + ".</p><p>" + AlertRendering.escape(enable) + "</p>";
        SendResult result = mailer.send(List.of(off.ownerEmail()), subject, text, html,
                "disabled-" + off.id() + "-" + clock.millis());
        if (result.kind() == SendResult.Kind.DELIVERED) {
            metrics.notice("sent");
            LOG.info("Told {} that subscription {} is disabled", off.ownerEmail(), off.id());
        } else {
            metrics.notice("failed");
            LOG.error("Failed to tell {} that subscription {} is disabled: {}", off.ownerEmail(), off.id(), result.error());
        }
    }

    /** Where a channel points, without secrets. */
    private static String where(Channel channel) {
        if (Channel.EMAIL.equals(channel.type())) {
            return String.join(", ", channel.to());
        }
        return channel.url() == null ? channel.type() : channel.url().replaceAll("\\?.*$", "");
    }
}
