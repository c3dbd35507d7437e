package dev.wirewatch.alerter;

import static dev.wirewatch.alerter.testing.Fixtures.mention;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.wirewatch.alerter.testing.Fixtures;
import dev.wirewatch.alerter.testing.KafkaIO;
import dev.wirewatch.alerter.testing.Receiver;
import dev.wirewatch.alerter.testing.SpecVerifier;
import dev.wirewatch.alerter.webhook.WebhookSignature;
import dev.wirewatch.broker.testing.KafkaBrokerExtension;
import dev.wirewatch.core.config.WirewatchConfig;
import dev.wirewatch.core.http.HealthChecks;
import dev.wirewatch.core.kafka.Topics;
import dev.wirewatch.core.model.Alert;
import dev.wirewatch.core.model.Channel;
import dev.wirewatch.core.model.DeliveryAttempt;
import dev.wirewatch.core.model.Mention;
import dev.wirewatch.core.spi.Stage;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The whole stage, found as the launcher finds it, from mentions to verified webhook deliveries, and replay. */
@ExtendWith(KafkaBrokerExtension.class)
class AlerterStageIT {

    private static final String SECRET = WebhookSignature.newSecret();

    @TempDir
    Path data;

    @Test
    void mentionsBecomeSignedDeliveriesOnePerStoryAndAlertsCanBeReplayed() throws Exception {
        Stage stage = ServiceLoader.load(Stage.class).stream().map(ServiceLoader.Provider::get)
                .filter(s -> s.name().equals("alerter")).findFirst().orElseThrow();
        assertThat(stage.order()).isEqualTo(30);
        try (KafkaIO io = KafkaIO.fresh(); Receiver receiver = Receiver.accepting()) {
            io.send(Topics.SUBSCRIPTIONS, "desk", Fixtures.subscription("desk", List.of("cecot"),
                    Fixtures.realtime("fold"), Fixtures.SECRETS.seal("desk", new Channel(Channel.WEBHOOK,
                            receiver.url() + "/ww", SECRET, List.of(), List.of()))));
            io.send(Topics.SUBSCRIPTIONS, "live", Fixtures.subscription("live", List.of("cecot"),
                    Fixtures.realtime("fold"), Channel.sse()));
            WirewatchConfig config = WirewatchConfig.of(Map.of(
                    "kafka.bootstrap-servers", KafkaBrokerExtension.bootstrapServers(),
                    "kafka.topic-prefix", io.prefix(),
                    "data.dir", data.toString(),
                    "webhooks.allow-private", "127.0.0.0/8",
                    "secrets.key", Fixtures.SECRETS_KEY,
                    "alerter.retry-schedule", "100ms,200ms",
                    "shutdown.timeout", "5s"));
            SimpleMeterRegistry meters = new SimpleMeterRegistry();
            HealthChecks health = new HealthChecks();
            Instant started = Instant.now();
            try (Stage.Running running = stage.start(config, new Stage.StageContext(meters, health, false))) {
                for (int i = 0; i < 3; i++) {
                    Mention m = mention("cecot", "story-" + i, "s" + i, "es", "elfaro.net");
                    io.send(Topics.MENTIONS, m.topicId(), m);
                }
                Mention copy = mention("cecot", "copy-of-0", "s0", "es", "laprensagrafica.com");
                io.send(Topics.MENTIONS, copy.topicId(), copy);
                io.sendRaw(io.names().of(Topics.MENTIONS), "cecot", "{\"topicId\": ".getBytes(StandardCharsets.UTF_8));

                await().atMost(Duration.ofSeconds(60)).until(() -> receiver.accepted().size() == 3);
                for (Receiver.Request r : receiver.requests()) {
                    assertThat(SpecVerifier.verifies(SECRET, r.header("webhook-id"), r.header("webhook-timestamp"),
                            r.header("webhook-signature"), r.body())).isTrue();
                }
                List<Alert> alerts = io.readUntil(Topics.ALERTS, read -> read.size() >= 6, Duration.ofSeconds(30));
                assertThat(alerts).hasSize(6);
                assertThat(alerts.stream().collect(Collectors.groupingBy(Alert::subscriptionId, Collectors.counting())))
                        .containsEntry("desk", 3L).containsEntry("live", 3L);
                assertThat(io.readUntil(Topics.DELIVERIES, read -> read.size() >= 3, Duration.ofSeconds(30)))
                        .extracting(DeliveryAttempt::outcome).containsOnly("delivered");
                assertThat(health.run()).containsKeys("alerter-fanout", "alerter-delivery");
                var dead = io.readRaw(io.names().deadLetters("alerter"), 1, Duration.ofSeconds(30));
                assertThat(new String(dead.get(0).value(), StandardCharsets.UTF_8)).isEqualTo("{\"topicId\": ");
                assertThat(meters.counter("wirewatch.dead.letters", "stage", "alerter").count()).isEqualTo(1.0);
                await().atMost(Duration.ofSeconds(10)).until(() -> health.run().values().stream()
                        .allMatch(HealthChecks.Status::healthy));

                Set<String> delivered = receiver.accepted();
                AlertReplay.Result replay = AlertReplay.replay(config, started, Instant.now().plusSeconds(1), "desk");
                assertThat(replay.replayed()).isEqualTo(3);
                await().atMost(Duration.ofSeconds(30)).until(() -> receiver.requests().size() == 6);
                assertThat(receiver.ids()).isEqualTo(delivered);

                ByteArrayOutputStream out = new ByteArrayOutputStream();
                int exit = new AlertsReplayTool().run(new String[] {"--from", "10m", "--subscription", "live",
                    "--bootstrap-servers", KafkaBrokerExtension.bootstrapServers(),
                    "--set", "kafka.topic-prefix=" + io.prefix()}, new PrintStream(out, true, StandardCharsets.UTF_8),
                        System.err);
                assertThat(exit).isZero();
                assertThat(out.toString(StandardCharsets.UTF_8)).contains("Replayed 3 alerts");
                assertThat(new AlertsReplayTool().run(new String[] {"--to", "1h"}, System.out, System.err)).isEqualTo(2);
            }
            assertThat(health.run()).doesNotContainKeys("alerter-fanout", "alerter-delivery");
        }
    }

    @Test
    void anArticleOfTwoTopicsReachesEachOfThreeSubscriptionsOnceWithItsTopicsOnTheRealBroker() throws Exception {
        Stage stage = ServiceLoader.load(Stage.class).stream().map(ServiceLoader.Provider::get)
                .filter(s -> s.name().equals("alerter")).findFirst().orElseThrow();
        try (KafkaIO io = KafkaIO.fresh(); Receiver receiver = Receiver.accepting()) {
            Map<String, List<String>> subscriptions = Map.of("both", List.of("bukele", "bukele-term-limits"),
                    "bukele-only", List.of("bukele"), "limits-only", List.of("bukele-term-limits"));
            subscriptions.forEach((id, topics) -> io.send(Topics.SUBSCRIPTIONS, id, Fixtures.subscription(id, topics,
                    Fixtures.realtime("fold"), Fixtures.SECRETS.seal(id, new Channel(Channel.WEBHOOK,
                            receiver.url() + "/" + id, SECRET, List.of(), List.of())))));
            WirewatchConfig config = WirewatchConfig.of(Map.of(
                    "kafka.bootstrap-servers", KafkaBrokerExtension.bootstrapServers(),
                    "kafka.topic-prefix", io.prefix(),
                    "data.dir", data.toString(),
                    "webhooks.allow-private", "127.0.0.0/8",
                    "secrets.key", Fixtures.SECRETS_KEY,
                    "shutdown.timeout", "5s"));
            try (Stage.Running running = stage.start(config,
                    new Stage.StageContext(new SimpleMeterRegistry(), new HealthChecks(), false))) {
                // keyed by topic id, as the tagger writes them: the two mentions land in different partitions
                for (Mention m : Fixtures.matchedTogether("reeleccion", "s1", List.of("bukele", "bukele-term-limits"))) {
                    io.send(Topics.MENTIONS, m.topicId(), m);
                }
                await().atMost(Duration.ofSeconds(60)).until(() -> receiver.accepted().size() == 3);
                List<Alert> alerts = io.readUntil(Topics.ALERTS, read -> read.size() >= 3, Duration.ofSeconds(30));
                assertThat(alerts).extracting(Alert::subscriptionId)
                        .containsExactlyInAnyOrder("both", "bukele-only", "limits-only");
                for (Alert alert : alerts) {
                    assertThat(alert.mentions()).singleElement().satisfies(m -> assertThat(m.topicIds())
                            .containsExactlyElementsOf(subscriptions.get(alert.subscriptionId())));
                }
                Receiver.Request both = receiver.requests().stream().filter(r -> r.path().endsWith("/both"))
                        .findFirst().orElseThrow();
                assertThat(both.bodyText()).contains("\"topicId\":\"bukele\"")
                        .contains("\"matchedTopics\":[{\"topicId\":\"bukele\"")
                        .contains("{\"topicId\":\"bukele-term-limits\"");
                // the payload carries publication, fetch, tag and alert times; the delivery records its time
                assertThat(both.bodyText()).contains("\"publishedAt\"").contains("\"fetchedAt\"")
                        .contains("\"taggedAt\"").contains("\"createdAt\"");
                List<DeliveryAttempt> attempts = io.readUntil(Topics.DELIVERIES, read -> read.size() >= 3,
                        Duration.ofSeconds(30));
                assertThat(attempts).allSatisfy(a -> {
                    assertThat(a.outcome()).isEqualTo(DeliveryAttempt.DELIVERED);
                    assertThat(a.deliveredAt()).isNotNull().isAfterOrEqualTo(a.alertCreatedAt());
                });
                // nothing more comes: one delivery per subscription, and still one two seconds later
                await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5))
                        .until(() -> receiver.requests().size() == 3);
                assertThat(receiver.requests()).hasSize(3);
            }
        }
    }
}
