package dev.wirewatch.alerter.delivery;

import static dev.wirewatch.alerter.testing.Fixtures.mention;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.wirewatch.alerter.testing.Fixtures;
import dev.wirewatch.alerter.testing.Receiver;
import dev.wirewatch.alerter.testing.Receiver.Reply;
import dev.wirewatch.alerter.testing.SpecVerifier;
import dev.wirewatch.alerter.webhook.WebhookSignature;
import dev.wirewatch.alerter.webhook.WebhookVerifier;
import dev.wirewatch.core.kafka.Json;
import dev.wirewatch.core.model.Alert;
import dev.wirewatch.core.model.Channel;
import dev.wirewatch.core.model.Subscription;
import dev.wirewatch.core.net.AddressPolicy;
import dev.wirewatch.core.net.Cidr;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Webhook deliveries against a real HTTP endpoint on a free port. */
class WebhookSenderTest {

    private static final String SECRET = WebhookSignature.newSecret();

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final HttpPoster poster = new HttpPoster(AddressPolicy.allowing(List.of(Cidr.parse("127.0.0.0/8"))),
            Duration.ofMillis(800), meters);
    private final WebhookSender sender = new WebhookSender(poster, Clock.systemUTC(), Fixtures.SECRETS);
    private Receiver receiver;

    @AfterEach
    void close() {
        poster.close();
        if (receiver != null) {
            receiver.close();
        }
    }

    private Subscription to(String url, String secret, List<String> previous) {
        return Fixtures.subscription("latam-desk", List.of("cecot"), Fixtures.realtime("fold"),
                new Channel(Channel.WEBHOOK, url, secret, previous, List.of()));
    }

    private static Alert alert() {
        return Fixtures.alert("al_0123456789abcdef", "latam-desk", mention("cecot", "a1", "s1", "es", "elfaro.net"));
    }

    @Test
    void aDeliveryCarriesTheStandardWebhooksHeadersABodyOfTypeTimestampDataAndAValidSignature() throws Exception {
        receiver = Receiver.accepting();
        Alert alert = alert();
        SendResult result = sender.send(alert, to(receiver.url() + "/hooks/ww", SECRET, List.of()));

        assertThat(result.kind()).isEqualTo(SendResult.Kind.DELIVERED);
        Receiver.Request request = receiver.requests().get(0);
        assertThat(request.path()).isEqualTo("/hooks/ww");
        assertThat(request.header("webhook-id")).isEqualTo(alert.id());
        assertThat(request.header("content-type")).isEqualTo("application/json");
        long timestamp = Long.parseLong(request.header("webhook-timestamp"));
        assertThat(Instant.ofEpochSecond(timestamp)).isBetween(Instant.now().minusSeconds(10), Instant.now().plusSeconds(1));
        assertThat(SpecVerifier.verifies(SECRET, request.header("webhook-id"), request.header("webhook-timestamp"),
                request.header("webhook-signature"), request.body())).isTrue();

        JsonNode body = Json.mapper().readTree(request.body());
        assertThat(body.get("type").asText()).isEqualTo("alert.realtime");
        assertThat(Instant.parse(body.get("timestamp").asText())).isEqualTo(alert.createdAt());
        assertThat(body.get("data").get("id").asText()).isEqualTo(alert.id());
        assertThat(body.get("data").get("mentions").get(0).get("url").asText())
                .isEqualTo("https://www.elfaro.net/2026/11/a1");
    }

    @Test
    void aSealedSecretSignsAndAReplayedDeliveryIsRefusedByTheShippedVerifier() throws Exception {
        WebhookVerifier verifier = WebhookVerifier.of(SECRET);
        receiver = Receiver.start(request -> {
            try {
                verifier.verify(request.headers(), request.body());
                return Reply.ok();
            } catch (WebhookSignature.VerificationException e) {
                return new Reply(e.getMessage().startsWith("replayed") ? 409 : 401, java.util.Map.of(), e.getMessage(),
                        Duration.ZERO);
            }
        });
        Subscription sealed = Fixtures.subscription("latam-desk", List.of("cecot"), Fixtures.realtime("fold"),
                Fixtures.SECRETS.seal("latam-desk", new Channel(Channel.WEBHOOK, receiver.url() + "/hooks/ww", SECRET,
                        List.of(), List.of())));
        assertThat(sealed.channel().secret()).startsWith("wwsec:v1:").doesNotContain(SECRET.substring(6));

        assertThat(sender.send(alert(), sealed).kind()).isEqualTo(SendResult.Kind.DELIVERED);

        // the captured delivery, sent again byte for byte by someone else
        Receiver.Request captured = receiver.requests().get(0);
        java.net.http.HttpRequest.Builder replay = java.net.http.HttpRequest.newBuilder(
                java.net.URI.create(receiver.url() + "/hooks/ww"))
                .POST(java.net.http.HttpRequest.BodyPublishers.ofByteArray(captured.body()));
        for (String name : List.of("webhook-id", "webhook-timestamp", "webhook-signature", "content-type")) {
            replay.header(name, captured.header(name));
        }
        try (java.net.http.HttpClient client = java.net.http.HttpClient.newHttpClient()) {
            java.net.http.HttpResponse<String> answer = client.send(replay.build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            assertThat(answer.statusCode()).isEqualTo(409);
            assertThat(answer.body()).startsWith("replayed");
        }
        // a sealed secret moved into another subscription does not sign
        Subscription moved = Fixtures.subscription("attacker", List.of("cecot"), Fixtures.realtime("fold"),
                sealed.channel());
        SendResult refused = sender.send(alert(), moved);
        assertThat(refused.kind()).isEqualTo(SendResult.Kind.REFUSED);
        assertThat(refused.error()).contains("cannot be opened");
        assertThat(receiver.requests()).hasSize(2);
    }

    @Test
    void duringASecretRotationTheReceiverCanVerifyWithTheOldOrTheNewSecret() throws Exception {
        receiver = Receiver.accepting();
        String next = WebhookSignature.newSecret();
        sender.send(alert(), to(receiver.url(), next, List.of(SECRET)));
        Receiver.Request r = receiver.requests().get(0);
        assertThat(r.header("webhook-signature").split(" ")).hasSize(2);
        assertThat(SpecVerifier.verifies(SECRET, r.header("webhook-id"), r.header("webhook-timestamp"),
                r.header("webhook-signature"), r.body())).isTrue();
        assertThat(SpecVerifier.verifies(next, r.header("webhook-id"), r.header("webhook-timestamp"),
                r.header("webhook-signature"), r.body())).isTrue();
    }

    @Test
    void statusesMapToDeliveredRetryAndGone() throws Exception {
        receiver = Receiver.start(r -> switch (r.path()) {
            case "/ok" -> Reply.status(200);
            case "/accepted" -> Reply.status(202);
            case "/error" -> Reply.status(500);
            case "/bad" -> Reply.status(400);
            case "/gone" -> Reply.status(410);
            case "/busy" -> Reply.retryAfter(429, "7");
            case "/down" -> Reply.retryAfter(503, "Fri, 27 Nov 2099 10:02:00 GMT");
            default -> Reply.status(404);
        });
        assertThat(sender.send(alert(), to(receiver.url() + "/ok", SECRET, List.of())).kind())
                .isEqualTo(SendResult.Kind.DELIVERED);
        assertThat(sender.send(alert(), to(receiver.url() + "/accepted", SECRET, List.of())).kind())
                .isEqualTo(SendResult.Kind.DELIVERED);
        SendResult error = sender.send(alert(), to(receiver.url() + "/error", SECRET, List.of()));
        assertThat(error.kind()).isEqualTo(SendResult.Kind.RETRY);
        assertThat(error.status()).isEqualTo(500);
        assertThat(sender.send(alert(), to(receiver.url() + "/bad", SECRET, List.of())).kind())
                .isEqualTo(SendResult.Kind.RETRY);
        assertThat(sender.send(alert(), to(receiver.url() + "/gone", SECRET, List.of())).kind())
                .isEqualTo(SendResult.Kind.GONE);
        SendResult busy = sender.send(alert(), to(receiver.url() + "/busy", SECRET, List.of()));
        assertThat(busy.kind()).isEqualTo(SendResult.Kind.RETRY);
        assertThat(busy.retryAfter()).isEqualTo(Duration.ofSeconds(7));
        assertThat(busy.error()).contains("429").contains("slow down");
        SendResult down = sender.send(alert(), to(receiver.url() + "/down", SECRET, List.of()));
        assertThat(down.retryAfter()).isGreaterThan(Duration.ofDays(300));
    }

    @Test
    void redirectsAreFailuresAndAreNeverFollowed() throws Exception {
        try (Receiver target = Receiver.accepting()) {
            receiver = Receiver.start(r -> Reply.redirect(target.url() + "/internal"));
            SendResult result = sender.send(alert(), to(receiver.url() + "/hook", SECRET, List.of()));
            assertThat(result.kind()).isEqualTo(SendResult.Kind.RETRY);
            assertThat(result.status()).isEqualTo(302);
            assertThat(result.error()).contains("not followed");
            assertThat(target.requests()).isEmpty();
        }
    }

    @Test
    void anEndpointThatDoesNotAnswerInTimeIsAFailure() throws Exception {
        receiver = Receiver.start(r -> Reply.hang(Duration.ofSeconds(30)));
        long start = System.nanoTime();
        SendResult result = sender.send(alert(), to(receiver.url(), SECRET, List.of()));
        assertThat(result.kind()).isEqualTo(SendResult.Kind.RETRY);
        assertThat(result.error()).contains("within");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
    }

    @Test
    void privateTargetsAreRefusedWithoutTheAllowListAndNothingIsSent() throws Exception {
        receiver = Receiver.accepting();
        try (HttpPoster strict = new HttpPoster(AddressPolicy.strict(), Duration.ofSeconds(2), meters)) {
            SendResult result = new WebhookSender(strict, Clock.systemUTC(), Fixtures.SECRETS)
                    .send(alert(), to(receiver.url(), SECRET, List.of()));
            assertThat(result.kind()).isEqualTo(SendResult.Kind.REFUSED);
            assertThat(result.error()).contains("127.0.0.1");
        }
        assertThat(receiver.requests()).isEmpty();
        assertThat(meters.counter("wirewatch.alerter.egress.refused").count()).isEqualTo(1.0);
    }

    @Test
    void aWebhookWithoutAValidSecretIsRefused() throws Exception {
        receiver = Receiver.accepting();
        assertThat(sender.send(alert(), to(receiver.url(), null, List.of())).kind()).isEqualTo(SendResult.Kind.REFUSED);
        assertThat(sender.send(alert(), to(receiver.url(), "whsec_***", List.of())).kind())
                .isEqualTo(SendResult.Kind.REFUSED);
        assertThat(receiver.requests()).isEmpty();
    }
}
