package dev.wirewatch.alerter.delivery;

import dev.wirewatch.alerter.AlerterSettings;
import dev.wirewatch.core.config.WirewatchConfig;
import jakarta.mail.Address;
import jakarta.mail.Authenticator;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.PasswordAuthentication;
import jakarta.mail.SendFailedException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.time.Duration;
import java.util.Date;
import java.util.List;
import java.util.Properties;
import org.eclipse.angus.mail.smtp.SMTPAddressFailedException;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;

/**
 * Sends e-mail over SMTP with Angus Mail: alerts to {@code email} channels and notices to subscription owners.
 *
 * <p>Each message is {@code multipart/alternative} with a plain-text and an HTML part, and its {@code Message-ID} is
 * made from the alert id, so a resent alert carries the same id and mail clients can drop the duplicate. STARTTLS is
 * required unless {@code alerter.smtp.starttls} is off.
 */
final class Mailer {

    private final Session session;
    private final InternetAddress from;

    private Mailer(Session session, InternetAddress from) {
        this.session = session;
        this.from = from;
    }

    /** A mailer for the configured SMTP server, or null when {@code alerter.smtp.host} is unset. */
    static Mailer fromConfig(WirewatchConfig config) {
        String host = config.get(AlerterSettings.SMTP_HOST);
        if (host == null || host.isBlank()) {
            return null;
        }
        Duration timeout = config.get(AlerterSettings.REQUEST_TIMEOUT);
        Properties props = new Properties();
        props.put("mail.transport.protocol", "smtp");
        props.put("mail.smtp.host", host.strip());
        props.put("mail.smtp.port", Integer.toString(config.get(AlerterSettings.SMTP_PORT)));
        props.put("mail.smtp.connectiontimeout", Long.toString(timeout.toMillis()));
        props.put("mail.smtp.timeout", Long.toString(timeout.toMillis()));
        props.put("mail.smtp.writetimeout", Long.toString(timeout.toMillis()));
        boolean starttls = config.get(AlerterSettings.SMTP_STARTTLS);
        props.put("mail.smtp.starttls.enable", Boolean.toString(starttls));
        props.put("mail.smtp.starttls.required", Boolean.toString(starttls));
        String user = config.get(AlerterSettings.SMTP_USERNAME);
        String password = config.get(AlerterSettings.SMTP_PASSWORD);
        Authenticator auth = null;
        if (user != null && !user.isBlank()) {
            props.put("mail.smtp.auth", "true");
            auth = new Authenticator() {
                @Override
                protected PasswordAuthentication getPasswordAuthentication() {
                    return new PasswordAuthentication(user, password == null ? "" : password);
                }
            };
        }
        InternetAddress sender;
        try {
            sender = new InternetAddress(config.get(AlerterSettings.SMTP_FROM), true);
        } catch (AddressException e) {
            throw new dev.wirewatch.core.config.ConfigException(AlerterSettings.SMTP_FROM.key(),
                    "is not an e-mail address: " + e.getMessage());
        }
        return new Mailer(Session.getInstance(props, auth), sender);
    }

    /**
     * Sends one message and says how it went: 5xx answers and bad addresses are permanent, anything else (connection
     * refused, 4xx) is worth a retry.
     */
    SendResult send(List<String> to, String subject, String text, String html, String messageId) {
        if (to.isEmpty()) {
            return SendResult.refused("the e-mail channel has no recipients");
        }
        try {
            MimeMessage message = new IdentifiedMessage(session, messageId);
            message.setFrom(from);
            Address[] recipients = new Address[to.size()];
            for (int i = 0; i < to.size(); i++) {
                recipients[i] = new InternetAddress(to.get(i), true);
            }
            message.setRecipients(Message.RecipientType.TO, recipients);
            message.setSubject(subject, "UTF-8");
            message.setSentDate(new Date());
            MimeBodyPart plain = new MimeBodyPart();
            plain.setText(text, "UTF-8");
            MimeBodyPart rich = new MimeBodyPart();
            rich.setContent(html, "text/html; charset=UTF-8");
            MimeMultipart alternatives = new MimeMultipart("alternative");
            alternatives.addBodyPart(plain);
            alternatives.addBodyPart(rich);
            message.setContent(alternatives);
            Transport.send(message);
            return SendResult.delivered(null);
        } catch (AddressException e) {
            return SendResult.refused("bad e-mail address: " + e.getMessage());
        } catch (SMTPAddressFailedException e) {
            return e.getReturnCode() >= 500 ? SendResult.refused("SMTP " + e.getReturnCode() + ": " + e.getMessage())
                    : SendResult.retry(e.getReturnCode(), "SMTP " + e.getReturnCode() + ": " + e.getMessage(), null);
        } catch (SMTPSendFailedException e) {
            return e.getReturnCode() >= 500 ? SendResult.refused("SMTP " + e.getReturnCode() + ": " + e.getMessage())
                    : SendResult.retry(e.getReturnCode(), "SMTP " + e.getReturnCode() + ": " + e.getMessage(), null);
        } catch (SendFailedException e) {
            return SendResult.retry(null, "SMTP: " + e.getMessage(), null);
        } catch (MessagingException e) {
            return SendResult.retry(null, "SMTP: " + e.getMessage(), null);
        }
    }

    /** A message whose {@code Message-ID} is fixed by the caller rather than made up at send time. */
    private static final class IdentifiedMessage extends MimeMessage {

        private final String messageId;

        IdentifiedMessage(Session session, String messageId) {
            super(session);
            this.messageId = messageId;
        }

        @Override
        protected void updateMessageID() throws MessagingException {
            setHeader("Message-ID", "<" + messageId + "@wirewatch>");
        }
    }
}
