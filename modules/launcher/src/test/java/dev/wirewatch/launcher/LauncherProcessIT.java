package dev.wirewatch.launcher;

import static dev.wirewatch.launcher.PackagedJar.freePort;
import static dev.wirewatch.launcher.PackagedJar.portIsFree;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.wirewatch.core.kafka.TopicNames;
import dev.wirewatch.core.kafka.Topics;
import dev.wirewatch.core.model.Feed;
import dev.wirewatch.launcher.PackagedJar.Running;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs the packaged {@code wirewatch.jar} as a user would: the demo, Ctrl-C, and a restart of {@code run} after kill -9. */
class LauncherProcessIT {

    private final List<Process> processes = new ArrayList<>();

    @TempDir
    Path tmp;

    @AfterEach
    void killLeftovers() {
        processes.forEach(Process::destroyForcibly);
    }

    private Running start(String... args) throws IOException {
        Running running = PackagedJar.start(javaTmp(), args);
        processes.add(running.process());
        return running;
    }

    /** The JVM's temporary folder for the processes this test starts, so that what they leave there can be seen. */
    private Path javaTmp() throws IOException {
        return Files.createDirectories(tmp.resolve("java-tmp"));
    }

    private static void interrupt(Process process) throws Exception {
        // what Ctrl-C sends
        new ProcessBuilder("kill", "-INT", Long.toString(process.pid())).start().waitFor(10, TimeUnit.SECONDS);
    }

    @Test
    void demoStartsServesGrowingFeedsAndStopsCleanlyOnCtrlC() throws Exception {
        int kafkaPort = freePort();
        int consolePort = freePort();
        Running demo = start("demo", "--kafka-port", Integer.toString(kafkaPort), "--port", Integer.toString(consolePort),
                "--publish-every", "1s");
        await().atMost(Duration.ofSeconds(90)).until(() -> demo.printed("API key:") || !demo.process().isAlive());
        assertThat(demo.process().isAlive()).as("demo output: %s", demo.lines()).isTrue();
        assertThat(demo.lineWith("API key:")).matches("API key: \\S+");
        assertThat(demo.lineWith("Kafka broker:")).contains("localhost:" + kafkaPort);
        // loopback by default, and the banner says so
        assertThat(demo.lineWith("Dashboard:")).contains("http://127.0.0.1:" + consolePort + "/");

        String feedUrl = demo.lineWith("/feeds/world.rss").replaceAll(".*(http://\\S+).*", "$1");
        HttpClient http = HttpClient.newHttpClient();
        String first = http.send(HttpRequest.newBuilder(URI.create(feedUrl)).build(), HttpResponse.BodyHandlers.ofString()).body();
        assertThat(first).startsWith("<?xml").contains("<rss version=\"2.0\"").contains("<atom:link rel=\"hub\"");
        int items = first.split("<item>").length;
        await().atMost(Duration.ofSeconds(30)).until(() -> http.send(HttpRequest.newBuilder(URI.create(feedUrl)).build(),
                HttpResponse.BodyHandlers.ofString()).body().split("<item>").length > items);

        try (Admin admin = Admin.create(props("localhost:" + kafkaPort))) {
            Set<String> topics = admin.listTopics().names().get(30, TimeUnit.SECONDS);
            assertThat(topics).contains("wirewatch.articles", "wirewatch.feeds", "wirewatch.tracked-topics",
                    "wirewatch.mentions", "wirewatch.subscriptions", "wirewatch.alerts", "wirewatch.deliveries");
        }

        interrupt(demo.process());
        assertThat(demo.process().waitFor(60, TimeUnit.SECONDS)).as("demo stops on Ctrl-C").isTrue();
        assertThat(portIsFree(kafkaPort)).as("Kafka port freed").isTrue();
        assertThat(portIsFree(consolePort)).as("console port freed").isTrue();
        try (var left = Files.list(javaTmp())) {
            assertThat(left.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("wirewatch-demo-")))
                    .as("the demo's temporary folder is removed on exit").isEmpty();
        }
        assertThat(demo.lines()).as("no ERROR in a normal stop").noneMatch(l -> l.contains("ERROR"));
    }

    @Test
    void runKeepsTopicsAndRecordsAcrossAKill9() throws Exception {
        Path data = tmp.resolve("data");
        int kafkaPort = freePort();
        String[] args = {"run", "--set", "data.dir=" + data, "--set", "kafka.embedded.port=" + kafkaPort,
                "--set", "http.port=0", "--set", "console.port=" + freePort()};
        Running first = start(args);
        await().atMost(Duration.ofSeconds(90)).until(() -> first.printed("Wirewatch running") || !first.process().isAlive());
        assertThat(first.process().isAlive()).as("run output: %s", first.lines()).isTrue();

        String bootstrap = "localhost:" + kafkaPort;
        String topic = TopicNames.defaults().of(Topics.FEEDS);
        Feed feed = new Feed(Feed.SCHEMA_VERSION, "kept-feed", "http://127.0.0.1:9/never.xml", "Kept", "en", List.of(),
                null, false, java.time.Instant.now());
        Properties producerProps = props(bootstrap);
        producerProps.put("acks", "all");
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(producerProps, new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>(topic, feed.id(),
                    new String(Topics.FEED_SERDE.toBytes(feed), StandardCharsets.UTF_8))).get(30, TimeUnit.SECONDS);
        }
        first.process().destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        assertThat(Files.isDirectory(data.resolve("kafka"))).isTrue();

        Running second = start(args);
        await().atMost(Duration.ofSeconds(90)).until(() -> second.printed("Wirewatch running") || !second.process().isAlive());
        assertThat(second.process().isAlive()).as("restart output: %s", second.lines()).isTrue();
        Set<String> keys = dev.wirewatch.launcher.demo.DemoSeedAccess.keys(props(bootstrap), topic);
        assertThat(keys).contains("kept-feed");
        interrupt(second.process());
        assertThat(second.process().waitFor(60, TimeUnit.SECONDS)).isTrue();
    }

    private static Properties props(String bootstrap) {
        Properties props = new Properties();
        props.put("bootstrap.servers", bootstrap);
        return props;
    }
}
