package dev.wirewatch.alerter.delivery;

import static dev.wirewatch.alerter.testing.Fixtures.mention;
import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import dev.wirewatch.alerter.testing.Fixtures;
import dev.wirewatch.core.config.WirewatchConfig;
import dev.wirewatch.core.model.Alert;
import dev.wirewatch.core.model.Channel;
import dev.wirewatch.core.model.Subscription;
import jakarta.mail.Multipart;
import jakarta.mail.internet.MimeMessage;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** E-mail alerts through a real SMTP server (GreenMail) on a free port. */
class EmailSenderTest {

    @RegisterExtension
    static final GreenMailExtension SMTP = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort());

    static Mailer mailer(int port) {
        return Mailer.fromConfig(WirewatchConfig.of(Map.of("alerter.smtp.host", "127.0.0.1",
                "alerter.smtp.port", Integer.toString(port), "alerter.smtp.starttls", "false",
                "alerter.smtp.from", "Wirewatch <alerts@wirewatch.example>")));
    }

    private static Subscription email(String... to) {
        return Fixtures.subscription("mail-desk", List.of("cecot"), Fixtures.realtime("fold"),
                new Channel(Channel.EMAIL, null, null, List.of(), List.of(to)));
    }

    @Test
    void anAlertArrivesAsPlainTextAndHtmlWithItsIdAsMessageId() throws Exception {
        Alert alert = Fixtures.alert("al_mail1", "mail-desk", mention("cecot", "a1", "s1", "es", "elfaro.net"));
        SendResult result = new EmailSender(mailer(SMTP.getSmtp().getPort())).send(alert, email("desk@example.org"));

        assertThat(result.kind()).isEqualTo(SendResult.Kind.DELIVERED);
        MimeMessage[] received = SMTP.getReceivedMessages();
        assertThat(received).hasSize(1);
        MimeMessage message = received[0];
        assertThat(message.getSubject()).isEqualTo("[Wirewatch] CECOT: Deportados al CECOT: a1");
        assertThat(message.getHeader("Message-ID")[0]).isEqualTo("<al_mail1@wirewatch>");
        assertThat(message.getFrom()[0].toString()).contains("alerts@wirewatch.example");
        assertThat(message.getContentType()).startsWith("multipart/alternative");
        Multipart parts = (Multipart) message.getContent();
        assertThat(parts.getCount()).isEqualTo(2);
        assertThat(parts.getBodyPart(0).getContentType()).startsWith("text/plain");
        assertThat((String) parts.getBodyPart(0).getContent()).contains("https://www.elfaro.net/2026/11/a1")
                .contains("Centro de Confinamiento");
        assertThat(parts.getBodyPart(1).getContentType()).startsWith("text/html");
        assertThat((String) parts.getBodyPart(1).getContent()).contains("<mark>CECOT</mark>")
                .contains("href=\"https://www.elfaro.net/2026/11/a1\"");
    }

    @Test
    void badAddressesAndAMissingServerAreReportedNotThrown() {
        Alert alert = Fixtures.alert("al_mail2", "mail-desk", mention("cecot", "a1", "s1", "es", "elfaro.net"));
        assertThat(new EmailSender(mailer(SMTP.getSmtp().getPort())).send(alert, email("not an address")).kind())
                .isEqualTo(SendResult.Kind.REFUSED);
        assertThat(new EmailSender(null).send(alert, email("desk@example.org")).error())
                .contains("alerter.smtp.host");
        assertThat(new EmailSender(mailer(1)).send(alert, email("desk@example.org")).kind())
                .isEqualTo(SendResult.Kind.RETRY);
    }
}
