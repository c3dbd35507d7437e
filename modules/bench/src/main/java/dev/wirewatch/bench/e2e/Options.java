package dev.wirewatch.bench.e2e;

import dev.wirewatch.core.config.ConfigKey;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
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
 */
record Options(Duration duration, Duration warmup, Integer rate, int topics, int subscriptions,
        int topicsPerSubscription, int feeds, Source source, Duration pollInterval, int hosts, Path report, Path chart,
        Path corpora, Map<String, String> settings, boolean listThreads) {

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
        return new Options(flags.duration, flags.warmup, flags.rate, flags.topics, flags.subscriptions,
                flags.topicsPerSubscription, flags.feeds, flags.source, flags.pollInterval, flags.hosts, flags.report,
                flags.chart, corpora(flags.corpora), settings, flags.listThreads);
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
        List<String> settings = new java.util.ArrayList<>();

        @Option(names = "--threads", description = "print every thread with its CPU time at the end")
        boolean listThreads;
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
