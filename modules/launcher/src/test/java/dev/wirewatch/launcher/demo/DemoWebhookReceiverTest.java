package dev.wirewatch.launcher.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

class DemoWebhookReceiverTest {

    @Test
    void aSignedDeliveryIsAcceptedOnceAndItsReplayIsRefused() throws Exception {
        String secret = DemoWebhookReceiver.newSecret();
        DemoWebhookReceiver receiver = new DemoWebhookReceiver(secret);
        byte[] body = "{\"type\":\"alert.realtime\",\"data\":{\"id\":\"al_1\"}}".getBytes(StandardCharsets.UTF_8);
        String timestamp = Long.toString(Instant.now().getEpochSecond());
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(Base64.getDecoder().decode(secret.substring(6)), "HmacSHA256"));
        mac.update(("al_1." + timestamp + ".").getBytes(StandardCharsets.UTF_8));
        String signature = "v1," + Base64.getEncoder().encodeToString(mac.doFinal(body));
        try (DemoNewsSite site = DemoNewsSite.start(0, Duration.ofHours(1));
                HttpClient http = HttpClient.newHttpClient()) {
            site.addWebhookReceiver(receiver);
            HttpRequest delivery = HttpRequest.newBuilder(URI.create(site.baseUrl() + "/webhook/demo"))
                    .header("webhook-id", "al_1").header("webhook-timestamp", timestamp)
                    .header("webhook-signature", signature).header("content-type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
            assertThat(http.send(delivery, HttpResponse.BodyHandlers.discarding()).statusCode()).isEqualTo(204);
            assertThat(http.send(delivery, HttpResponse.BodyHandlers.discarding()).statusCode()).isEqualTo(409);
        }
        assertThat(receiver.verified()).isEqualTo(1);
        assertThat(receiver.rejected()).isEqualTo(1);
    }

    @Test
    void theLatencyRunsFromTheLatestTaggingOfTheDeliverysMentions() {
        String body = """
                {"type":"alert.created","timestamp":"2026-12-04T12:00:01Z","data":{"id":"a1","mentions":[
                  {"topicId":"cecot","taggedAt":"2026-12-04T12:00:00.120Z"},
                  {"topicId":"bukele","taggedAt":"2026-12-04T12:00:00.250Z"}]}}""";
        assertThat(DemoWebhookReceiver.latestTaggedAt(body.getBytes(StandardCharsets.UTF_8)))
                .isEqualTo(Instant.parse("2026-12-04T12:00:00.250Z"));
        assertThat(DemoWebhookReceiver.latestTaggedAt("{\"data\":{}}".getBytes(StandardCharsets.UTF_8))).isNull();
        assertThat(DemoWebhookReceiver.latestTaggedAt("not json".getBytes(StandardCharsets.UTF_8))).isNull();
        assertThat(DemoWebhookReceiver.latestTaggedAt("{\"taggedAt\":\"yesterday\"}".getBytes(StandardCharsets.UTF_8)))
                .isNull();
    }

    @Test
    void percentilesAreNearestRank() {
        long[] sorted = new long[100];
        for (int i = 0; i < sorted.length; i++) {
            sorted[i] = i + 1;
        }
        assertThat(DemoWebhookReceiver.percentile(sorted, 0.50)).isEqualTo(50);
        assertThat(DemoWebhookReceiver.percentile(sorted, 0.99)).isEqualTo(99);
        assertThat(DemoWebhookReceiver.percentile(new long[] {7}, 0.99)).isEqualTo(7);
    }
}
