package dev.wirewatch.launcher;

import dev.wirewatch.core.config.CoreSettings;
import dev.wirewatch.core.config.WirewatchConfig;
import dev.wirewatch.launcher.demo.DemoNewsSite;
import dev.wirewatch.launcher.demo.DemoPushLatency;
import dev.wirewatch.launcher.demo.DemoSeed;
import dev.wirewatch.launcher.demo.DemoWebhookReceiver;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code wirewatch demo}: an embedded broker, the demo news site, every stage, seeded tracked topics and demo
 * subscriptions, on this machine.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Run the whole pipeline on a local demo news site (embedded Kafka; Ctrl-C stops).")
final class DemoCommand implements Callable<Integer> {

    /** The console's port setting; the console stage reads it. */
    static final String CONSOLE_PORT = "console.port";
    /** An admin API key that the console accepts; the demo makes one and prints it. */
    static final String CONSOLE_API_KEY = "console.api-key";

    @Option(names = "--port", defaultValue = "8080", description = "Dashboard and API port (default ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--data", paramLabel = "DIR", description = "Keep state here across restarts (default: a fresh temporary directory).")
    Path data;

    @Option(names = "--kafka-port", defaultValue = "9092", description = "Port of the embedded Kafka broker (default ${DEFAULT-VALUE}).")
    int kafkaPort;

    @Option(names = "--site-port", defaultValue = "0", description = "Port of the demo news site (default: any free port).")
    int sitePort;

    @Option(names = "--publish-every", defaultValue = "4s", description = "How often the demo site publishes (default ${DEFAULT-VALUE}).")
    String publishEvery;

    @Mixin
    ConfigOptions options;

    @Override
    public Integer call() {
        long started = System.nanoTime();
        Path dataDir = data != null ? data : tempDir();
        String apiKey = "ww_demo_" + HexFormat.of().formatHex(new SecureRandom().generateSeed(12));
        Map<String, String> demo = new LinkedHashMap<>();
        demo.put(CoreSettings.DATA_DIR.key(), dataDir.toString());
        demo.put(CoreSettings.EMBEDDED_KAFKA_PORT.key(), Integer.toString(kafkaPort));
        demo.put(CoreSettings.WEBHOOKS_ALLOW_PRIVATE.key(), "127.0.0.0/8");
        // the collector's WebSub callback is served on the HTTP port: fix it now, so the public URL is known
        int httpPort = freePort();
        demo.put(CoreSettings.HTTP_PORT.key(), Integer.toString(httpPort));
        demo.put("collector.websub.public-url", "http://127.0.0.1:" + httpPort);
        demo.put(CONSOLE_PORT, Integer.toString(port));
        demo.put(CONSOLE_API_KEY, apiKey);
        WirewatchConfig config = options.load(demo);

        DemoNewsSite site = DemoNewsSite.start(sitePort, Duration.ofMillis(
                dev.wirewatch.core.config.ConfigKey.duration("demo.publish-every", "4s", "").parser().apply(publishEvery).toMillis()));
        String secret = DemoWebhookReceiver.newSecret();
        DemoWebhookReceiver receiver = new DemoWebhookReceiver(secret);
        site.addWebhookReceiver(receiver);
        Pipeline pipeline;
        try {
            pipeline = Pipeline.start(config, Pipeline.ALL, true, true);
        } catch (RuntimeException e) {
            site.close();
            throw e;
        }
        pipeline.closeFirst(site);
        DemoPushLatency pushLatency = new DemoPushLatency(pipeline.config().kafkaProperties(), pipeline.config().topicNames(), site);
        pipeline.closeFirst(pushLatency);
        DemoSeed.seed(pipeline.config().kafkaProperties(), pipeline.config().topicNames(), site,
                site.baseUrl() + "/webhook/demo", secret);

        long seconds = Duration.ofNanos(System.nanoTime() - started).toSeconds();
        List<String> running = pipeline.started();
        StringBuilder out = new StringBuilder();
        out.append("\nWirewatch demo is running (started in ").append(seconds).append(" s).\n");
        out.append("  Kafka broker:      ").append(pipeline.config().get(CoreSettings.BOOTSTRAP_SERVERS))
                .append("  (data in ").append(dataDir).append(")\n");
        out.append("  Demo news site:    ").append(site.baseUrl()).append("/\n");
        for (String url : site.feedUrls()) {
            out.append("    feed:            ").append(url).append('\n');
        }
        out.append("    WebSub hub:      ").append(site.hubUrl()).append(" (pushes ").append(DemoNewsSite.PUSHED_FEED)
                .append("; the news sitemap is read as demo-local)\n");
        out.append("  Webhook receiver:  ").append(site.baseUrl()).append("/webhook/demo (verifies signatures, logs deliveries)\n");
        out.append("  Stages running:    ").append(running.isEmpty() ? "none built yet" : String.join(", ", running)).append('\n');
        if (running.contains("console")) {
            out.append("  Dashboard:         http://localhost:").append(port).append("/\n");
        } else {
            out.append("  Dashboard:         not available yet (the console module is not part of this build)\n");
        }
        out.append("  Health, metrics:   http://localhost:").append(pipeline.endpointsPort()).append("/health  /metrics\n");
        out.append("  Tracked topics:    ").append(String.join(", ", DemoSeed.TOPICS.stream().map(t -> t.id()).toList())).append('\n');
        out.append("API key: ").append(apiKey).append('\n');
        out.append("Press Ctrl-C to stop.\n");
        System.out.print(out);
        System.out.flush();
        Shutdown.awaitAndClose(pipeline);
        if (data == null) {
            deleteTree(dataDir);
        }
        return 0;
    }

    private static int freePort() {
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            return 0;
        }
    }

    private static Path tempDir() {
        try {
            return Files.createTempDirectory("wirewatch-demo-");
        } catch (IOException e) {
            throw new UncheckedIOException("Failed to create a temporary data directory", e);
        }
    }

    private static void deleteTree(Path dir) {
        try (var paths = Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a leftover temporary directory is harmless
        }
    }
}
