package dev.wirewatch.alerter.delivery;

import static dev.wirewatch.alerter.testing.Fixtures.mention;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import dev.wirewatch.alerter.testing.Fixtures;
import dev.wirewatch.alerter.testing.KafkaIO;
import dev.wirewatch.alerter.testing.Receiver;
import dev.wirewatch.alerter.testing.Receiver.Reply;
import dev.wirewatch.alerter.testing.SpecVerifier;
import dev.wirewatch.alerter.webhook.WebhookSignature;
import dev.wirewatch.broker.testing.KafkaBrokerExtension;
import dev.wirewatch.core.config.WirewatchConfig;
import dev.wirewatch.core.http.HealthChecks;
import dev.wirewatch.core.kafka.Json;
import dev.wirewatch.core.kafka.Topics;
import dev.wirewatch.core.model.Alert;
import dev.wirewatch.core.model.Channel;
import dev.wirewatch.core.model.DeliveryAttempt;
import dev.wirewatch.core.model.Subscription;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import jakarta.mail.internet.MimeMessage;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The delivery side on a real broker, against real HTTP and SMTP servers on free ports. */
@ExtendWith(KafkaBrokerExtension.class)
class DeliveryIT {

    @RegisterExtension
    static final GreenMailExtension SMTP = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort());

    private static final String SECRET = WebhookSignature.newSecret();

    @TempDir
    Path data;

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final HealthChecks health = new HealthChecks();
    private final List<AutoCloseable> open = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        for (int i = open.size() - 1; i >= 0; i--) {
            open.get(i).close();
        }
    }

    private <T extends AutoCloseable> T opened(T resource) {
        open.add(resource);
        return resource;
    }

    private WirewatchConfig config(KafkaIO io, Map<String, String> extra) {
        Map<String, String> settings = new HashMap<>(Map.of(
                "kafka.bootstrap-servers", KafkaBrokerExtension.bootstrapServers(),
                "kafka.topic-prefix", io.prefix(),
                "data.dir", data.toString(),
                "webhooks.allow-private", "127.0.0.0/8",
                "alerter.retry-schedule", "50ms,100ms,150ms,200ms",
                "alerter.request-timeout", "500ms",
                "alerter.delivery.commit-every", "100ms",
                "shutdown.timeout", "5s",
                "alerter.smtp.host", "127.0.0.1",
                "alerter.smtp.port", Integer.toString(SMTP.getSmtp().getPort())));
        settings.put("alerter.smtp.starttls", "false");
        settings.put("secrets.key", Fixtures.SECRETS_KEY);
        settings.putAll(extra);
        return WirewatchConfig.of(settings);
    }

    private static Subscription webhook(String id, String url) {
        return Fixtures.subscription(id, List.of("cecot"), Fixtures.realtime("fold"),
                new Channel(Channel.WEBHOOK, url, SECRET, List.of(), List.of()));
    }

    private static List<Alert> alerts(String subscriptionId, int count) {
        List<Alert> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            out.add(Fixtures.alert("al_" + subscriptionId + "_" + i, subscriptionId,
                    mention("cecot", "a" + i, "s" + i, "es", "elfaro.net")));
        }
        return out;
    }

    private static void assertSignedBySpec(Receiver receiver) throws Exception {
        for (Receiver.Request r : receiver.requests()) {
            assertThat(SpecVerifier.verifies(SECRET, r.header("webhook-id"), r.header("webhook-timestamp"),
                    r.header("webhook-signature"), r.body())).as("signature of %s", r.header("webhook-id")).isTrue();
            assertThat(Json.mapper().readTree(r.bodyText()).get("data").get("id").asText())
                    .isEqualTo(r.header("webhook-id"));
        }
    }

    @Test
    void aReceiverThatFailsTimesOutAnswers429AndThenRecoversGetsEveryAlertUnderTheSameId() throws Exception {
        KafkaIO io = opened(KafkaIO.fresh());
        Receiver receiver = opened(Receiver.start(r -> switch (r.attemptOfId()) {
            case 1 -> Reply.status(500);
            case 2 -> Reply.hang(Duration.ofSeconds(2));
            case 3 -> Reply.retryAfter(429, "1");
            default -> Reply.ok();
        }));
        io.send(Topics.SUBSCRIPTIONS, "flaky", webhook("flaky", receiver.url() + "/flaky"));
        List<Alert> alerts = alerts("flaky", 12);
        for (Alert a : alerts) {
            io.send(Topics.ALERTS, a.subscriptionId(), a);
        }
        opened(DeliveryService.start(config(io, Map.of()), meters, health));

        Set<String> ids = alerts.stream().map(Alert::id).collect(Collectors.toCollection(TreeSet::new));
        await().atMost(Duration.ofSeconds(60)).until(() -> receiver.accepted().containsAll(ids));
        assertSignedBySpec(receiver);
        Map<String, Long> requestsPerId = receiver.requests().stream()
                .collect(Collectors.groupingBy(r -> r.header("webhook-id"), Collectors.counting()));
        assertThat(requestsPerId.keySet()).isEqualTo(ids);
        assertThat(requestsPerId.values()).allMatch(n -> n >= 4);

        List<DeliveryAttempt> attempts = io.readUntil(Topics.DELIVERIES,
                read -> read.stream().filter(d -> d.outcome().equals(DeliveryAttempt.DELIVERED)).count() == ids.size(),
                Duration.ofSeconds(30));
        Map<String, List<DeliveryAttempt>> byAlert = attempts.stream()
                .collect(Collectors.groupingBy(DeliveryAttempt::alertId));
        for (String id : ids) {
            List<DeliveryAttempt> trail = byAlert.get(id);
            assertThat(trail).extracting(DeliveryAttempt::outcome).startsWith("failed", "failed", "failed")
                    .endsWith("delivered");
            assertThat(trail.get(0).httpStatus()).isEqualTo(500);
            assertThat(trail.get(1).error()).contains("within");
            assertThat(trail.get(2).httpStatus()).isEqualTo(429);
            assertThat(trail.get(0).nextAttemptAt()).isNotNull();
            assertThat(trail).extracting(DeliveryAttempt::attempt).isSorted();
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> meters.get("wirewatch.alerter.retries.pending").gauge().value() == 0);
        assertThat(meters.counter("wirewatch.alerter.deliveries", "channel", "webhook", "outcome", "delivered").count())
                .isEqualTo(ids.size());
        assertThat(health.run().get("alerter-delivery").healthy()).isTrue();
    }

    @Test
    void retriesSurviveARestartOfTheDeliveryService() throws Exception {
        KafkaIO io = opened(KafkaIO.fresh());
        Receiver receiver = opened(Receiver.start(r -> Reply.status(503)));
        io.send(Topics.SUBSCRIPTIONS, "restart", webhook("restart", receiver.url()));
        List<Alert> alerts = alerts("restart", 5);
        for (Alert a : alerts) {
            io.send(Topics.ALERTS, a.subscriptionId(), a);
        }
        WirewatchConfig config = config(io, Map.of("alerter.retry-schedule", "1s,1s,1s,1s,1s"));
        DeliveryService first = DeliveryService.start(config, meters, health);
        await().atMost(Duration.ofSeconds(30)).until(() -> receiver.ids().size() == alerts.size());
        first.close();

        // the alerts topic is committed past every alert: only the retry topic can bring them back
        receiver.script(r -> Reply.ok());
        opened(DeliveryService.start(config, new SimpleMeterRegistry(), health));
        Set<String> ids = alerts.stream().map(Alert::id).collect(Collectors.toSet());
        await().atMost(Duration.ofSeconds(30)).until(() -> receiver.accepted().containsAll(ids));
        io.readUntil(Topics.DELIVERIES, read -> read.stream().filter(d -> d.outcome().equals("delivered")).count() == 5,
                Duration.ofSeconds(20));
    }

    @Test
    void a410DisablesTheSubscriptionAndTellsItsOwnerByEmail() throws Exception {
        KafkaIO io = opened(KafkaIO.fresh());
        Receiver receiver = opened(Receiver.start(r -> Reply.status(410)));
        io.send(Topics.SUBSCRIPTIONS, "gone", webhook("gone", receiver.url()));
        List<Alert> alerts = alerts("gone", 2);
        io.send(Topics.ALERTS, "gone", alerts.get(0));
        opened(DeliveryService.start(config(io, Map.of()), meters, health));

        List<Subscription> written = io.readUntil(Topics.SUBSCRIPTIONS,
                read -> read.stream().anyMatch(s -> !s.enabled()), Duration.ofSeconds(30));
        assertThat(written.get(written.size() - 1).enabled()).isFalse();
        await().atMost(Duration.ofSeconds(20)).until(() -> SMTP.getReceivedMessages().length >= 1);
        MimeMessage notice = SMTP.getReceivedMessages()[0];
        assertThat(notice.getAllRecipients()[0].toString()).isEqualTo("owner-gone@example.org");
        assertThat(notice.getSubject()).contains("paused");
        assertThat(meters.counter("wirewatch.alerter.endpoints.disabled", "reason", "gone").count()).isEqualTo(1.0);

        io.send(Topics.ALERTS, "gone", alerts.get(1));
        List<DeliveryAttempt> attempts = io.readUntil(Topics.DELIVERIES, read -> read.size() >= 2, Duration.ofSeconds(30));
        assertThat(attempts).extracting(DeliveryAttempt::outcome).containsExactly("disabled", "skipped");
        assertThat(attempts.get(0).httpStatus()).isEqualTo(410);
        assertThat(receiver.requests()).hasSize(1);
    }

    @Test
    void anEndpointFailingForLongerThanDisableAfterIsDisabled() throws Exception {
        KafkaIO io = opened(KafkaIO.fresh());
        Receiver receiver = opened(Receiver.start(r -> Reply.status(502)));
        io.send(Topics.SUBSCRIPTIONS, "broken", webhook("broken", receiver.url()));
        io.send(Topics.ALERTS, "broken", alerts("broken", 1).get(0));
        opened(DeliveryService.start(config(io, Map.of("alerter.retry-schedule", "100ms,100ms,100ms,100ms,100ms,100ms,"
                + "100ms,100ms,100ms,100ms,100ms,100ms", "alerter.disable-after", "500ms")), meters, health));
        List<DeliveryAttempt> attempts = io.readUntil(Topics.DELIVERIES,
                read -> read.stream().anyMatch(d -> d.outcome().equals("disabled")), Duration.ofSeconds(30));
        assertThat(attempts).extracting(DeliveryAttempt::outcome).last().isEqualTo("disabled");
        assertThat(attempts.size()).isBetween(3, 12);
        assertThat(meters.counter("wirewatch.alerter.endpoints.disabled", "reason", "failing").count()).isEqualTo(1.0);
    }

    @Test
    void oneSlowEndpointNeverHoldsUpTheOthersOnTheSamePartition() throws Exception {
        KafkaIO io = opened(KafkaIO.fresh());
        Receiver slow = opened(Receiver.start(r -> Reply.slowOk(Duration.ofSeconds(3))));
        Receiver fast = opened(Receiver.accepting());
        io.send(Topics.SUBSCRIPTIONS, "slow", webhook("slow", slow.url()));
        io.send(Topics.SUBSCRIPTIONS, "fast", webhook("fast", fast.url()));
        List<Alert> slowAlerts = alerts("slow", 30);
        List<Alert> fastAlerts = alerts("fast", 30);
        for (Alert a : slowAlerts) {
            io.send(Topics.ALERTS, a.subscriptionId(), a, 0);
        }
        for (Alert a : fastAlerts) {
            io.send(Topics.ALERTS, a.subscriptionId(), a, 0);
        }
        opened(DeliveryService.start(config(io, Map.of("alerter.request-timeout", "10s",
                "alerter.max-concurrency-per-endpoint", "2", "alerter.max-queued-per-endpoint", "3")), meters, health));
        Set<String> fastIds = fastAlerts.stream().map(Alert::id).collect(Collectors.toSet());
        await().atMost(Duration.ofSeconds(6)).until(() -> fast.accepted().containsAll(fastIds));
        assertThat(slow.accepted().size()).as("the slow endpoint is still busy").isLessThan(slowAlerts.size());
        assertThat(meters.counter("wirewatch.alerter.deferred", "reason", "endpoint-busy").count()).isPositive();
    }

    @Test
    void unsafeTargetsAreRefusedAtDeliveryAndEmailAndStreamChannelsWork() throws Exception {
        KafkaIO io = opened(KafkaIO.fresh());
        Receiver receiver = opened(Receiver.accepting());
        io.send(Topics.SUBSCRIPTIONS, "private", webhook("private", receiver.url()));
        io.send(Topics.SUBSCRIPTIONS, "mail", Fixtures.subscription("mail", List.of("cecot"), Fixtures.realtime("fold"),
                new Channel(Channel.EMAIL, null, null, List.of(), List.of("desk@example.org"))));
        io.send(Topics.SUBSCRIPTIONS, "live", Fixtures.subscription("live", List.of("cecot"), Fixtures.realtime("fold"),
                Channel.sse()));
        io.send(Topics.ALERTS, "private", alerts("private", 1).get(0));
        io.send(Topics.ALERTS, "mail", alerts("mail", 1).get(0));
        io.send(Topics.ALERTS, "live", alerts("live", 1).get(0));
        opened(DeliveryService.start(config(io, Map.of("webhooks.allow-private", "")), meters, health));

        List<DeliveryAttempt> attempts = io.readUntil(Topics.DELIVERIES, read -> read.size() >= 2, Duration.ofSeconds(30));
        Map<String, DeliveryAttempt> bySubscription = attempts.stream()
                .collect(Collectors.toMap(DeliveryAttempt::subscriptionId, a -> a));
        assertThat(bySubscription.get("private").outcome()).isEqualTo("gave-up");
        assertThat(bySubscription.get("private").error()).contains("refused").contains("127.0.0.1");
        assertThat(bySubscription.get("mail").outcome()).isEqualTo("delivered");
        assertThat(receiver.requests()).isEmpty();
        await().atMost(Duration.ofSeconds(10)).until(() -> SMTP.getReceivedMessages().length == 1);
        assertThat(SMTP.getReceivedMessages()[0].getHeader("Message-ID")[0]).isEqualTo("<al_mail_0@wirewatch>");
        await().atMost(Duration.ofSeconds(10)).until(() ->
                meters.counter("wirewatch.alerter.deliveries", "channel", "sse", "outcome", "streamed").count() == 1.0);
        assertThat(bySubscription).doesNotContainKey("live");
    }
}
