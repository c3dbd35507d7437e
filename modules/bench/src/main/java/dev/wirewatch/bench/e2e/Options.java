package dev.wirewatch.bench.e2e;

import dev.wirewatch.core.config.ConfigKey;
import dev.wirewatch.core.config.CoreSettings;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The settings of one end-to-end run, parsed from the flags of {@code wirewatch bench e2e}.
 *
 * @param rate articles per second, or null for as fast as the pipeline sustains (a closed loop on its backlog)
 * @param pollInterval the interval at which the collector polls each farm feed (feeds source only)
 * @param hosts the loopback addresses the feed farm spreads its feeds over
 * @param corpora the shared corpora folder (news-es, extraction-dev, feeds)
 * @param settings extra configuration keys for the stages, as a user would set them
 * @param listThreads print every thread with its CPU time at the end (to check the CPU groups)
 * @param deployment where the broker and the stages run: in the bench's JVM (the default) or elsewhere
 */
record Options(Duration duration, Duration warmup, Integer rate, int topics, int subscriptions,
        int topicsPerSubscription, int feeds, Source source, Duration pollInterval, int hosts, Path report, Path chart,
        Path corpora, Map<String, String> settings, boolean listThreads, Deployment deployment) {

    /** The stages the bench can run in its own JVM, in start order. */
    static final List<String> STAGES = List.of("collector", "tagger", "alerter");

    /**
     * Where the run's parts live.
     *
     * @param bootstrapServers an existing cluster to use instead of the embedded broker, or null for the embedded one
     * @param partitions the partitions of the pipeline topics the bench creates ({@code kafka.partitions}), or null for
     *     the registry's defaults
     * @param stages the stages started inside the bench's JVM, in start order; the others run elsewhere, on the same
     *     topics (the same {@code kafka.topic-prefix})
     * @param stageEndpoints the {@code /health} and {@code /metrics} base URLs of the stages that run elsewhere, to wait
     *     until they are up and have read every topic and subscription
     * @param receiverHost the address the webhook receiver binds to and that the subscriptions name; it must be
     *     reachable from the alerters
     */
    record Deployment(String bootstrapServers, Integer partitions, List<String> stages, List<URI> stageEndpoints,
            String receiverHost) {

        Deployment {
            stages = List.copyOf(stages);
            stageEndpoints = List.copyOf(stageEndpoints);
            Objects.requireNonNull(receiverHost, "receiverHost");
        }

        /** Everything in the bench's JVM: the embedded broker and the stages that {@code source} needs. */
        static Deployment inProcess(Source source) {
            return new Deployment(null, null, defaultStages(source), List.of(), LOOPBACK);
        }

        /** Whether the stage runs in the bench's JVM. */
        boolean local(String stage) {
            return stages.contains(stage);
        }

        /** The stages that run elsewhere, of those that {@code source} needs. */
        List<String> remote(Source source) {
            return defaultStages(source).stream().filter(s -> !stages.contains(s)).toList();
        }

        /** The stages a run from {@code source} needs: the collector for feeds, then the tagger and the alerter. */
        static List<String> defaultStages(Source source) {
            return source == Source.FEEDS ? STAGES : STAGES.subList(1, STAGES.size());
        }
    }

    /** The receiver's default address. */
    static final String LOOPBACK = "127.0.0.1";

    /** Where the articles come from. */
    enum Source {
        /** A local feed farm, polled by the real collector. */
        FEEDS,
        /** Produced straight to the articles topic. */
        KAFKA;

        String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    Options {
        Objects.requireNonNull(duration, "duration");
        Objects.requireNonNull(warmup, "warmup");
        Objects.requireNonNull(source, "source");
        settings = Map.copyOf(settings);
        Objects.requireNonNull(deployment, "deployment");
        if (topicsPerSubscription > topics) {
            throw new IllegalArgumentException("--topics-per-subscription (" + topicsPerSubscription
                    + ") must not exceed --topics (" + topics + ")");
        }
    }

    /**
     * Parses the flags.
     *
     * @throws IllegalArgumentException with a one-line message that names the bad flag
     */
    static Options parse(String... args) {
        Flags flags = new Flags();
        CommandLine line = new CommandLine(flags).setCaseInsensitiveEnumValuesAllowed(true);
        try {
            line.parseArgs(args);
        } catch (CommandLine.ParameterException e) {
            throw new IllegalArgumentException(e.getMessage().replace('\n', ' ').strip(), e);
        }
        Map<String, String> settings = new LinkedHashMap<>();
        for (String setting : flags.settings) {
            int eq = setting.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("--set takes KEY=VALUE, got '" + setting + "'");
            }
            settings.put(setting.substring(0, eq).strip(), setting.substring(eq + 1).strip());
        }
        Deployment deployment = deployment(flags, settings);
        return new Options(flags.duration, flags.warmup, flags.rate, flags.topics, flags.subscriptions,
                flags.topicsPerSubscription, flags.feeds, flags.source, flags.pollInterval, flags.hosts, flags.report,
                flags.chart, corpora(flags.corpora), settings, flags.listThreads, deployment);
    }

    /** The broker, stage and receiver flags, checked against each other and the source. */
    private static Deployment deployment(Flags flags, Map<String, String> settings) {
        if (flags.bootstrapServers != null && flags.bootstrapServers.isBlank()) {
            throw new IllegalArgumentException("--bootstrap-servers takes HOST:PORT,..., got an empty value");
        }
        if (flags.bootstrapServers != null && settings.containsKey(CoreSettings.BOOTSTRAP_SERVERS.key())) {
            throw new IllegalArgumentException("give the cluster once: --bootstrap-servers or --set "
                    + CoreSettings.BOOTSTRAP_SERVERS.key() + ", not both");
        }
        String bootstrap = flags.bootstrapServers != null ? flags.bootstrapServers.strip()
                : settings.get(CoreSettings.BOOTSTRAP_SERVERS.key());
        if (flags.partitions != null && settings.containsKey(CoreSettings.PARTITIONS.key())) {
            throw new IllegalArgumentException("give the partitions once: --partitions or --set "
                    + CoreSettings.PARTITIONS.key() + ", not both");
        }
        List<String> stages = stages(flags.stages, flags.source);
        List<String> remote = Deployment.defaultStages(flags.source).stream().filter(s -> !stages.contains(s)).toList();
        if (!remote.isEmpty()) {
            if (bootstrap == null) {
                throw new IllegalArgumentException("--stages " + String.join(",", flags.stages) + " leaves " + remote
                        + " to other JVMs, which cannot reach the bench's embedded broker: give --bootstrap-servers");
            }
            if (remote.contains("collector")) {
                throw new IllegalArgumentException("--source feeds needs the collector in the bench's JVM (the feed farm"
                        + " serves on loopback addresses): add collector to --stages, or use --source kafka");
            }
            if (!settings.containsKey(CoreSettings.TOPIC_PREFIX.key())) {
                throw new IllegalArgumentException("the stages " + remote + " run elsewhere: give the topic prefix they"
                        + " run with, --set " + CoreSettings.TOPIC_PREFIX.key() + "=PREFIX (one per run, so that runs"
                        + " on a shared cluster do not meet)");
            }
        } else if (!flags.stageEndpoints.isEmpty()) {
            throw new IllegalArgumentException("--stage-endpoints is for stages that run elsewhere, and every stage"
                    + " runs in the bench here (see --stages)");
        }
        List<URI> endpoints = new ArrayList<>();
        for (String endpoint : flags.stageEndpoints) {
            endpoints.add(endpoint(endpoint));
        }
        String host = flags.receiverHost.strip();
        if (host.isEmpty()) {
            throw new IllegalArgumentException("--receiver-host takes an address, got an empty value");
        }
        return new Deployment(bootstrap, flags.partitions, stages, endpoints, host);
    }

    /** The stages to start in the bench's JVM: {@code none}, or a list of stage names that the source needs. */
    private static List<String> stages(List<String> names, Source source) {
        List<String> needed = Deployment.defaultStages(source);
        if (names.isEmpty()) {
            return needed;
        }
        if (names.size() == 1 && names.get(0).strip().equalsIgnoreCase("none")) {
            return List.of();
        }
        List<String> stages = new ArrayList<>();
        for (String name : names) {
            String stage = name.strip().toLowerCase(Locale.ROOT);
            if (stage.equals("none")) {
                throw new IllegalArgumentException("--stages none stands alone, got " + String.join(",", names));
            }
            if (!STAGES.contains(stage)) {
                throw new IllegalArgumentException("--stages takes none or some of " + String.join(",", STAGES)
                        + ", got '" + name + "'");
            }
            if (!needed.contains(stage)) {
                throw new IllegalArgumentException("--stages: the " + stage + " stage has no part in a run from --source "
                        + source.label());
            }
            if (!stages.contains(stage)) {
                stages.add(stage);
            }
        }
        // start order, whatever the order of the flag
        return needed.stream().filter(stages::contains).toList();
    }

    private static URI endpoint(String value) {
        URI uri;
        try {
            uri = new URI(value.strip());
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("--stage-endpoints takes http://HOST:PORT,..., got '" + value + "'", e);
        }
        if (!"http".equals(uri.getScheme()) || uri.getHost() == null || uri.getPort() < 0) {
            throw new IllegalArgumentException("--stage-endpoints takes http://HOST:PORT,..., got '" + value + "'");
        }
        return uri;
    }

    /** The usage text. */
    static String usage() {
        return new CommandLine(new Flags()).getUsageMessage(CommandLine.Help.Ansi.OFF);
    }

    /** The corpora folder: the flag, else {@code -Dwirewatch.corpora}, else {@code ../shared/corpora}. */
    static Path corpora(Path flag) {
        Path folder = flag;
        String from = "--corpora";
        if (folder == null && System.getProperty("wirewatch.corpora") != null) {
            folder = Path.of(System.getProperty("wirewatch.corpora"));
            from = "-Dwirewatch.corpora";
        }
        if (folder == null) {
            folder = Path.of("..", "shared", "corpora");
            from = "the default ../shared/corpora";
        }
        if (!Files.isDirectory(folder.resolve("news-es"))) {
            throw new IllegalArgumentException("no corpora at " + folder.toAbsolutePath().normalize() + " (" + from
                    + "): pass --corpora DIR, the shared folder with news-es/, extraction-dev/ and feeds/");
        }
        return folder;
    }

    /** Seconds of the measured window. */
    double seconds() {
        return duration.toMillis() / 1000.0;
    }

    /** The picocli model of the flags; {@link Options} is what the rest of the run sees. */
    @Command(name = "wirewatch bench e2e", sortOptions = false,
            description = "End-to-end load run: feeds (or Kafka) in, verified webhook alerts out.")
    static final class Flags {
        @Option(names = "--duration", converter = DurationConverter.class, paramLabel = "60s",
                description = "measured window (default 60s)")
        Duration duration = Duration.ofSeconds(60);

        @Option(names = "--warmup", converter = DurationConverter.class, paramLabel = "10s",
                description = "load before the measured window (default 10s)")
        Duration warmup = Duration.ofSeconds(10);

        @Option(names = "--rate", converter = PositiveConverter.class, paramLabel = "N",
                description = "articles per second; without it, as fast as the pipeline sustains")
        Integer rate;

        @Option(names = "--topics", converter = PositiveConverter.class, paramLabel = "N",
                description = "tracked topics from QueryGenerator, seed 42 (default 1000)")
        int topics = 1000;

        @Option(names = "--subscriptions", converter = PositiveConverter.class, paramLabel = "N",
                description = "webhook subscriptions (default 200)")
        int subscriptions = 200;

        @Option(names = "--topics-per-subscription", converter = PositiveConverter.class, paramLabel = "N",
                description = "topics each subscription follows (default 2)")
        int topicsPerSubscription = 2;

        @Option(names = "--feeds", converter = PositiveConverter.class, paramLabel = "N",
                description = "feeds of the farm (default 1000)")
        int feeds = 1000;

        @Option(names = "--source", paramLabel = "feeds|kafka",
                description = "feeds: a local feed farm polled by the collector (default); kafka: produced to the articles topic")
        Source source = Source.FEEDS;

        @Option(names = "--poll-interval", converter = DurationConverter.class, paramLabel = "1s",
                description = "how often the collector polls each feed: collector.min-interval and max-interval (default 1s)")
        Duration pollInterval = Duration.ofSeconds(1);

        @Option(names = "--hosts", converter = PositiveConverter.class, paramLabel = "N",
                description = "loopback addresses 127.0.1.1... the farm serves from (default 8)")
        int hosts = 8;

        @Option(names = "--report", paramLabel = "F.json", description = "write the report here")
        Path report;

        @Option(names = "--chart", paramLabel = "F.svg", description = "write the latency and throughput chart here")
        Path chart;

        @Option(names = "--corpora", paramLabel = "DIR",
                description = "the shared corpora folder (default -Dwirewatch.corpora, else ../shared/corpora)")
        Path corpora;

        @Option(names = "--set", paramLabel = "KEY=VALUE", description = "any configuration key for the stages")
        List<String> settings = new ArrayList<>();

        @Option(names = "--threads", description = "print every thread with its CPU time at the end")
        boolean listThreads;

        @Option(names = "--bootstrap-servers", paramLabel = "HOST:PORT,...",
                description = "use this Kafka cluster instead of an embedded broker; the run's topics get a prefix of"
                        + " their own (kafka.topic-prefix) unless --set gives one")
        String bootstrapServers;

        @Option(names = "--partitions", converter = PositiveConverter.class, paramLabel = "N",
                description = "partitions of the pipeline topics the bench creates (default: the registry's)")
        Integer partitions;

        @Option(names = "--stages", split = ",", paramLabel = "LIST",
                description = "the stages that run in the bench's JVM: none, or some of collector,tagger,alerter"
                        + " (default: all that the source needs); the others must run elsewhere on the same cluster and"
                        + " topic prefix, with webhooks.allow-private covering --receiver-host")
        List<String> stages = new ArrayList<>();

        @Option(names = "--stage-endpoints", split = ",", paramLabel = "URL,...",
                description = "http://HOST:PORT of each stage that runs elsewhere: the run waits until its /health is"
                        + " up and its /metrics show every topic and subscription")
        List<String> stageEndpoints = new ArrayList<>();

        @Option(names = "--receiver-host", paramLabel = "ADDRESS",
                description = "address the webhook receiver binds to and the subscriptions post to; reachable from the"
                        + " alerters (default 127.0.0.1)")
        String receiverHost = LOOPBACK;
    }

    /** A duration such as 500ms, 30s or 2m, as configuration keys take them. */
    static final class DurationConverter implements CommandLine.ITypeConverter<Duration> {
        @Override
        public Duration convert(String value) {
            Duration d;
            try {
                d = ConfigKey.duration("bench", null, "").parser().apply(value);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException(e.getMessage());
            }
            if (d.isNegative()) {
                throw new CommandLine.TypeConversionException("'" + value + "' is negative");
            }
            return d;
        }
    }

    /** A positive whole number. */
    static final class PositiveConverter implements CommandLine.ITypeConverter<Integer> {
        @Override
        public Integer convert(String value) {
            try {
                int n = Integer.parseInt(value.strip());
                if (n > 0) {
                    return n;
                }
            } catch (NumberFormatException e) {
                // reported below
            }
            throw new CommandLine.TypeConversionException("'" + value + "' is not a positive whole number");
        }
    }
}
