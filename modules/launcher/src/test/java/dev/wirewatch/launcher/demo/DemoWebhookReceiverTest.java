package dev.wirewatch.launcher.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class DemoWebhookReceiverTest {

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
