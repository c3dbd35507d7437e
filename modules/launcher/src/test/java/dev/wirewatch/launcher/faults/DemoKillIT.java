package dev.wirewatch.launcher.faults;

import static dev.wirewatch.launcher.PackagedJar.freePort;
import static dev.wirewatch.launcher.PackagedJar.portIsFree;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.wirewatch.core.kafka.TopicNames;
import dev.wirewatch.core.kafka.Topics;
import dev.wirewatch.core.model.Alert;
import dev.wirewatch.core.model.Mention;
import dev.wirewatch.launcher.PackagedJar;
import dev.wirewatch.launcher.PackagedJar.Running;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 16's demo promise: {@code wirewatch demo --data DIR}, run from the packaged {@code wirewatch.jar}, killed with
 * SIGKILL twice mid-stream and restarted on the same data, keeps tagging, and no (article, topic) mention and no alert
 * id is ever committed twice in {@code wirewatch.mentions} and {@code wirewatch.alerts} (read {@code read_committed}).
 */
@Tag("long-faults")
class DemoKillIT {

    private static final Duration START = Duration.ofSeconds(120);
    private static final Duration FLOW = Duration.ofSeconds(180);
    private static final TopicNames NAMES = TopicNames.defaults();
    private final List<Process> processes = new ArrayList<>();

    @TempDir
    Path tmp;

    @AfterEach
    void killLeftovers() throws InterruptedException {
        for (Process p : processes) {
            p.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
    }

    /** What the two topics hold, committed, from the beginning. */
    private record Committed(List<Mention> mentions, List<Alert> alerts) {
        Set<String> mentionPairs() {
            return mentions.stream().map(m -> m.articleId() + "|" + m.topicId()).collect(Collectors.toSet());
        }
    }

    @Test
    void theDemoKilledTwiceWithSigkillKeepsTaggingAndWritesNothingTwice() throws Exception {
        Path data = Files.createDirectories(tmp.resolve("data"));
        int kafkaPort = freePort();
        String[] args = {"demo", "--data", data.toString(), "--port", Integer.toString(freePort()),
                "--kafka-port", Integer.toString(kafkaPort), "--site-port", Integer.toString(freePort()),
                "--publish-every", "1s"};
        Properties client = new Properties();
        client.put("bootstrap.servers", "localhost:" + kafkaPort);

        Running demo = startAndAwaitBanner(args);
        await().atMost(FLOW).pollInterval(Duration.ofSeconds(2))
                .until(() -> !read(client).mentions().isEmpty() && !read(client).alerts().isEmpty());
        for (int kill = 1; kill <= 2; kill++) {
            int before = read(client).mentions().size();
            // mid-stream: the site publishes every second, so articles are being fetched and tagged when the kill lands
            await().atMost(FLOW).pollInterval(Duration.ofSeconds(1)).until(() -> read(client).mentions().size() > before);
            assertThat(demo.process().isAlive()).as("demo output: %s", demo.lines()).isTrue();
            Committed atKill = read(client);
            System.out.printf(java.util.Locale.ROOT, "DemoKillIT: SIGKILL %d with %d mentions and %d alerts committed%n",
                    kill, atKill.mentions().size(), atKill.alerts().size());
            demo.process().destroyForcibly();
            assertThat(demo.process().waitFor(30, TimeUnit.SECONDS)).as("SIGKILL %d ends the demo", kill).isTrue();
            assertThat(demo.process().exitValue()).as("killed by SIGKILL").isEqualTo(128 + 9);
            await().atMost(Duration.ofSeconds(60)).until(() -> portIsFree(kafkaPort));
            demo = startAndAwaitBanner(args);
        }
        Set<String> beforeLastRestart = read(client).mentionPairs();
        Running last = demo;
        await().atMost(FLOW).pollInterval(Duration.ofSeconds(2))
                .until(() -> !beforeLastRestart.containsAll(read(client).mentionPairs()));
        assertThat(last.process().isAlive()).as("demo output: %s", last.lines()).isTrue();

        Committed committed = read(client);
        Map<String, List<Mention>> twiceMentions = committed.mentions().stream()
                .collect(Collectors.groupingBy(m -> m.articleId() + "|" + m.topicId(), LinkedHashMap::new, Collectors.toList()));
        twiceMentions.values().removeIf(l -> l.size() < 2);
        Map<String, List<Alert>> twiceAlerts = committed.alerts().stream()
                .collect(Collectors.groupingBy(Alert::id, LinkedHashMap::new, Collectors.toList()));
        twiceAlerts.values().removeIf(l -> l.size() < 2);
        System.out.printf(java.util.Locale.ROOT, "DemoKillIT: %d mentions (%d pairs, %d new after the last restart), %d alerts%n",
                committed.mentions().size(), committed.mentionPairs().size(),
                committed.mentionPairs().size() - beforeLastRestart.size(), committed.alerts().size());
        assertThat(twiceMentions).as("(articleId|topicId) mention pairs committed more than once").isEmpty();
        assertThat(twiceAlerts).as("alert ids committed more than once").isEmpty();
        assertThat(committed.mentionPairs()).as("tagging went on after the second restart")
                .hasSizeGreaterThan(beforeLastRestart.size());
        assertThat(committed.alerts()).as("alerts were made").isNotEmpty();

        new ProcessBuilder("kill", "-TERM", Long.toString(last.process().pid())).start().waitFor(10, TimeUnit.SECONDS);
        assertThat(last.process().waitFor(60, TimeUnit.SECONDS)).as("demo stops on SIGTERM").isTrue();
    }

    private static Committed read(Properties client) {
        List<Mention> mentions = CommittedLedger.readAll(client, NAMES.of(Topics.MENTIONS)).stream()
                .map(Topics.MENTION_SERDE::fromBytes).toList();
        List<Alert> alerts = CommittedLedger.readAll(client, NAMES.of(Topics.ALERTS)).stream()
                .map(Topics.ALERT_SERDE::fromBytes).toList();
        return new Committed(mentions, alerts);
    }

    private Running startAndAwaitBanner(String... args) throws IOException {
        Running demo = start(args);
        await().atMost(START).until(() -> demo.printed("Wirewatch demo is running") || !demo.process().isAlive());
        assertThat(demo.process().isAlive()).as("demo output: %s", demo.lines()).isTrue();
        return demo;
    }

    private Running start(String... args) throws IOException {
        Running running = PackagedJar.start(Files.createDirectories(tmp.resolve("java-tmp")), args);
        processes.add(running.process());
        return running;
    }
}
