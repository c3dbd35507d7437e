package dev.wirewatch.launcher;

import dev.wirewatch.console.ConsoleSettings;
import dev.wirewatch.core.config.CoreSettings;
import dev.wirewatch.core.config.WirewatchConfig;
import dev.wirewatch.core.secrets.ChannelSecrets;
import dev.wirewatch.core.secrets.SecretKeys;
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

    @Option(names = "--host", paramLabel = "ADDRESS", description = "Address the dashboard, API and health endpoint "
            + "listen on (default: 127.0.0.1, this machine only; 0.0.0.0 for every interface).")
    String host;

    @Option(names = "--kafka-port", defaultValue = "9092", description = "Port of the embedded Kafka broker (default ${DEFAULT-VALUE}).")
    int kafkaPort;

    @Option(names = "--site-port", defaultValue = "0", description = "Port of the demo news site (default: any free port).")
    int sitePort;

    @Option(names = "--publish-every", defaultValue = "4s", description = "How often the demo site publishes (default ${DEFAULT-VALUE}).")
    String publishEvery;

    @Option(names = "--verbose", description = "Print every log line on the console instead of the log file.")
    boolean verbose;

    @Mixin
    ConfigOptions options;

    /** The setting key of the demo site's port, for start-up messages only. */
    private static final String SITE_PORT = "demo.site-port";
    /** The API key file kept in a {@code --data} directory, so that a browser's saved key keeps working. */
    static final String API_KEY_FILE = "console-api-key";

    @Override
    public Integer call() {
        long started = System.nanoTime();
        Preflight checks = new Preflight(Map.of(CoreSettings.DATA_DIR.key(), "--data", CoreSettings.EMBEDDED_KAFKA_PORT.key(),
                "--kafka-port", CONSOLE_PORT, "--port", SITE_PORT, "--site-port"));
        Duration every = dev.wirewatch.core.config.ConfigKey.duration("demo.publish-every", "4s", "").parser().apply(publishEvery);
        if (data != null) {
            checks.dataDirWritable(data, CoreSettings.DATA_DIR.key());
        }
        checks.portFree("the demo news site", "127.0.0.1", sitePort, SITE_PORT);
        Path dataDir = data != null ? data.toAbsolutePath().normalize() : tempDir();
        DemoSession session = new DemoSession(dataDir, data == null);
        try {
            return run(started, checks, every, session);
        } catch (RuntimeException e) {
            session.close();
            throw e;
        }
    }

    private int run(long started, Preflight checks, Duration every, DemoSession session) {
        Path dataDir = session.dataDir();
        Path logFile = verbose ? null : LogFile.redirectTo(dataDir.resolve("wirewatch.log"));
        String apiKey = apiKey(dataDir, data != null);
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
        WirewatchConfig config = LocalDefaults.secretsKey(LocalDefaults.bind(options.load(demo), host), dataDir);

        DemoNewsSite site;
        try {
            site = DemoNewsSite.start(sitePort, every);
        } catch (UncheckedIOException e) {
            throw new StartupException("the demo news site cannot listen on port " + sitePort + " (" + Pipeline.rootMessage(e)
                    + "); choose another port with --site-port PORT", e);
        }
        String secret = DemoWebhookReceiver.newSecret();
        DemoWebhookReceiver receiver = new DemoWebhookReceiver(secret);
        site.addWebhookReceiver(receiver);
        Pipeline pipeline;
        try {
            pipeline = Pipeline.start(config, Pipeline.ALL, true, true, checks);
        } catch (RuntimeException e) {
            site.close();
            throw e;
        }
        session.add(pipeline);
        pipeline.closeFirst(site);
        DemoPushLatency pushLatency = new DemoPushLatency(pipeline.config().kafkaProperties(), pipeline.config().topicNames(), site);
        pipeline.closeFirst(pushLatency);
        DemoSeed.seed(pipeline.config().kafkaProperties(), pipeline.config().topicNames(), site,
                site.baseUrl() + "/webhook/demo", secret, new ChannelSecrets(SecretKeys.fromConfig(pipeline.config())));

        long seconds = Duration.ofNanos(System.nanoTime() - started).toSeconds();
        List<String> running = pipeline.started();
        StringBuilder out = new StringBuilder();
        out.append("\nWirewatch demo is running (started in ").append(seconds).append(" s).\n");
        if (running.contains("console")) {
            out.append("  Dashboard:       ").append(LocalDefaults.url(config.get(ConsoleSettings.HOST), port, "/"))
                    .append("#key=").append(apiKey).append("  (opens signed in)\n");
        } else {
            out.append("  Dashboard:       not available (the console module is not part of this build)\n");
        }
        for (String url : site.feedUrls()) {
            out.append("  Feed:            ").append(url).append('\n');
        }
        out.append("  WebSub hub:      ").append(site.hubUrl()).append("  (pushes ").append(DemoNewsSite.PUSHED_FEED)
                .append("; the news sitemap is read as demo-local)\n");
        out.append("  Kafka broker:    ").append(pipeline.config().get(CoreSettings.BOOTSTRAP_SERVERS)).append('\n');
        out.append("  Health, metrics: ").append(LocalDefaults.url(config.get(CoreSettings.HTTP_HOST),
                pipeline.endpointsPort(), "/health")).append("  /metrics\n");
        out.append("  Data and log:    ").append(dataDir)
                .append(data == null ? "  (temporary, removed on exit; keep it with --data DIR)"
                        : "  (the API key is kept in " + API_KEY_FILE + ")").append('\n');
        if (logFile != null) {
            out.append("  Log:             ").append(logFile).append("  (--verbose prints it here instead)\n");
        }
        out.append("  Tracked topics:  ").append(String.join(", ", DemoSeed.TOPICS.stream().map(t -> t.id()).toList())).append('\n');
        out.append("API key: ").append(apiKey).append('\n');
        out.append("Press Ctrl-C to stop.\n");
        System.out.print(out);
        System.out.flush();
        session.add(DemoSummary.start(pipeline.meters(), System.out));
        Shutdown.awaitAndClose(session, pipeline.config().get(CoreSettings.SHUTDOWN_TIMEOUT));
        return 0;
    }

    /** The admin API key: kept in a {@code --data} directory across restarts, fresh for a temporary one. */
    static String apiKey(Path dataDir, boolean keep) {
        Path file = dataDir.resolve(API_KEY_FILE);
        try {
            if (keep && Files.isRegularFile(file)) {
                String kept = Files.readString(file, java.nio.charset.StandardCharsets.UTF_8).strip();
                if (kept.matches("ww_demo_[0-9a-f]{24}")) {
                    return kept;
                }
            }
            String key = "ww_demo_" + HexFormat.of().formatHex(new SecureRandom().generateSeed(12));
            if (keep) {
                Files.writeString(file, key + "\n", java.nio.charset.StandardCharsets.UTF_8);
                try {
                    Files.setPosixFilePermissions(file, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
                } catch (UnsupportedOperationException e) {
                    // not a POSIX file system: the directory's own permissions protect it
                }
            }
            return key;
        } catch (IOException e) {
            throw new StartupException("cannot keep the API key in " + file + " (" + e.getMessage() + "); choose another --data DIR", e);
        }
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
            throw new StartupException("cannot create a temporary data directory (" + e.getMessage()
                    + "); give one with --data DIR", e);
        }
    }
}
