package dev.wirewatch.alerter.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wirewatch.alerter.testing.SpecVerifier;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WebhookSignatureTest {

    // the test vector published with the Standard Webhooks reference implementations
    private static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    private static final String ID = "msg_p5jXN8AQM9LWM0D4loKWxJek";
    private static final long TIMESTAMP = 1614265330;
    private static final byte[] BODY = "{\"test\": 2432232314}".getBytes(StandardCharsets.UTF_8);
    private static final Instant THEN = Instant.ofEpochSecond(TIMESTAMP);

    @Test
    void signsTheSpecificationsTestVectorExactly() {
        assertThat(WebhookSignature.of(SECRET).sign(ID, TIMESTAMP, BODY))
                .isEqualTo("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
    }

    @Test
    void anIndependentImplementationOfTheSpecVerifiesWhatItSigns() {
        String secret = WebhookSignature.newSecret();
        byte[] body = "{\"type\":\"alert.realtime\",\"data\":{\"title\":\"Bukele y el CECOT\"}}".getBytes(StandardCharsets.UTF_8);
        String header = WebhookSignature.of(secret).sign("al_1", 1_800_000_000L, body);
        assertThat(SpecVerifier.verifies(secret, "al_1", "1800000000", header, body)).isTrue();
        assertThat(SpecVerifier.verifies(secret, "al_2", "1800000000", header, body)).isFalse();
        assertThat(SpecVerifier.verifies(WebhookSignature.newSecret(), "al_1", "1800000000", header, body)).isFalse();
    }

    @Test
    void duringRotationEverySecretSignsAndEitherVerifies() throws Exception {
        String next = WebhookSignature.newSecret();
        String header = WebhookSignature.of(next, List.of(SECRET)).sign(ID, TIMESTAMP, BODY);
        assertThat(header.split(" ")).hasSize(2);
        assertThat(SpecVerifier.verifies(next, ID, Long.toString(TIMESTAMP), header, BODY)).isTrue();
        assertThat(SpecVerifier.verifies(SECRET, ID, Long.toString(TIMESTAMP), header, BODY)).isTrue();
        WebhookSignature.of(SECRET).verify(ID, Long.toString(TIMESTAMP), header, BODY, THEN);
        WebhookSignature.of(next).verify(ID, Long.toString(TIMESTAMP), header, BODY, THEN);
    }

    @Test
    void verificationRejectsTamperingOldTimestampsAndMissingHeaders() throws Exception {
        WebhookSignature signature = WebhookSignature.of(SECRET);
        String header = signature.sign(ID, TIMESTAMP, BODY);
        signature.verify(Map.of("Webhook-Id", List.of(ID), "Webhook-Timestamp", List.of(Long.toString(TIMESTAMP)),
                "Webhook-Signature", List.of(header)), BODY, THEN.plusSeconds(60));
        byte[] tampered = "{\"test\": 2432232315}".getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> signature.verify(ID, Long.toString(TIMESTAMP), header, tampered, THEN))
                .isInstanceOf(WebhookSignature.VerificationException.class).hasMessageContaining("no valid v1 signature");
        assertThatThrownBy(() -> signature.verify(ID, Long.toString(TIMESTAMP), header, BODY,
                THEN.plus(Duration.ofMinutes(6)))).hasMessageContaining("more than");
        assertThatThrownBy(() -> signature.verify(ID, Long.toString(TIMESTAMP), "v2," + header.substring(3), BODY, THEN))
                .hasMessageContaining("no valid v1 signature");
        assertThatThrownBy(() -> signature.verify(null, Long.toString(TIMESTAMP), header, BODY, THEN))
                .hasMessageContaining("webhook-id");
    }

    @Test
    void aSecretThatIsNotBase64IsRefusedWithAReason() {
        assertThatThrownBy(() -> WebhookSignature.of("whsec_not base64!"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("base64");
        assertThat(WebhookSignature.newSecret()).startsWith("whsec_");
    }
}
