package dev.wirewatch.bench.e2e;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.wirewatch.collector.CollectorSettings;
import dev.wirewatch.collector.CollectorStage;
import dev.wirewatch.core.config.CoreSettings;
import dev.wirewatch.core.config.WirewatchConfig;
import dev.wirewatch.core.http.HealthChecks;
import dev.wirewatch.core.http.ServiceEndpoints;
import dev.wirewatch.core.kafka.ClientProperties;
import dev.wirewatch.core.kafka.Json;
import dev.wirewatch.core.kafka.KafkaTopicsAdmin;
import dev.wirewatch.core.kafka.TopicNames;
import dev.wirewatch.core.kafka.Topics;
import dev.wirewatch.core.model.Article;
import dev.wirewatch.core.model.Feed;
import dev.wirewatch.core.spi.Stage;
import dev.wirewatch.core.spi.Tool;
import io.micrometer.core.instrument.Counter;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The collector's ingestion latency, {@code wirewatch bench ingest}: a farm on 127.0.0.1 publishes corpus articles on
 * RSS feeds whose WebSub hub pushes them, signed, to the real collector stage's callback, and on feeds that the
 * collector polls at its configured interval, interleaved in one run; then lists new URLs in Google News sitemaps.
 * A {@code read_committed} consumer of {@code wirewatch.articles} (embedded broker) notes when each article became
 * visible: publication to article committed, p50/p90/p99/max, for push and for poll, and the time to discover and
 * publish all sitemap URLs. Rounds after the warm-up are reported one by one and as medians.
 *
 * <p>Exit status: 0 when every published article arrived once and every write succeeded, 1 otherwise, 2 on a bad flag.
 */
public final class IngestBench implements Tool {

    private static final Duration READY_LIMIT = Duration.ofSeconds(120);

    /** The run's flags. */
    record Options(int rounds, int warmupRounds, int pushFeeds, int pollFeeds, int items, Duration spacing, Duration pollInterval,
                   int sitemaps, int sitemapUrls, Path corpora, Path report, Map<String, String> set) {

        static Options parse(String[] args) {
            int rounds = 3;
            int warmup = 1;
            int push = 10;
            int poll = 10;
            int items = 40;
            Duration spacing = Duration.ofMillis(250);
            Duration interval = Duration.ofSeconds(10);
            int sitemaps = 100;
            int urls = 1000;
            Path corpora = Path.of(System.getProperty("wirewatch.corpora", "../shared/corpora"));
            Path report = null;
            Map<String, String> set = new LinkedHashMap<>();
            for (int i = 0; i < args.length; i++) {
                String flag = args[i];
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException("option " + flag + " needs a value");
                }
                String v = args[++i];
                switch (flag) {
                    case "--rounds" -> rounds = positive(flag, v);
                    case "--warmup-rounds" -> warmup = Integer.parseInt(v);
                    case "--push-feeds" -> push = positive(flag, v);
                    case "--poll-feeds" -> poll = positive(flag, v);
                    case "--items" -> items = positive(flag, v);
                    case "--spacing" -> spacing = duration(flag, v);
                    case "--poll-interval" -> interval = duration(flag, v);
                    case "--sitemaps" -> sitemaps = positive(flag, v);
                    case "--sitemap-urls" -> urls = positive(flag, v);
                    case "--corpora" -> corpora = Path.of(v);
                    case "--report" -> report = Path.of(v);
                    case "--set" -> {
                        int eq = v.indexOf('=');
                        if (eq <= 0) {
                            throw new IllegalArgumentException("--set takes KEY=VALUE, not '" + v + "'");
                        }
                        set.put(v.substring(0, eq), v.substring(eq + 1));
                    }
                    default -> throw new IllegalArgumentException("unknown option '" + flag + "' (see --help)");
                }
            }
            if (urls % sitemaps != 0) {
                throw new IllegalArgumentException("--sitemap-urls (" + urls + ") must be a multiple of --sitemaps (" + sitemaps + ")");
            }
            return new Options(rounds, warmup, push, poll, items, spacing, interval, sitemaps, urls, corpora, report, set);
        }

        private static int positive(String flag, String v) {
            try {
                int n = Integer.parseInt(v);
                if (n > 0) {
                    return n;
                }
            } catch (NumberFormatException e) {
                // below
            }
            throw new IllegalArgumentException(flag + " takes a positive whole number, not '" + v + "'");
        }

        private static Duration duration(String flag, String v) {
            String s = v.strip().toLowerCase(Locale.ROOT);
            try {
                if (s.endsWith("ms")) {
                    return Duration.ofMillis(Long.parseLong(s.substring(0, s.length() - 2)));
                }
                if (s.endsWith("s")) {
                    return Duration.ofSeconds(Long.parseLong(s.substring(0, s.length() - 1)));
                }
                if (s.endsWith("m")) {
                    return Duration.ofMinutes(Long.parseLong(s.substring(0, s.length() - 1)));
                }
            } catch (NumberFormatException e) {
                // below
            }
            throw new IllegalArgumentException(flag + " takes a duration such as 250ms, 10s or 2m, not '" + v + "'");
        }

        static String usage() {
            return """
                    Usage: wirewatch bench ingest [--rounds 3] [--warmup-rounds 1] [--push-feeds 10] [--poll-feeds 10]
                           [--items 40] [--spacing 250ms] [--poll-interval 10s] [--sitemaps 100] [--sitemap-urls 1000]
                           [--corpora DIR] [--set KEY=VALUE]... [--report F.json]
                    Publication on a local farm to article committed on wirewatch.articles (read_committed), through the
                    real collector: WebSub pushes against polling at --poll-interval (--items of each per round,
                    interleaved, one publication every --spacing), then --sitemap-urls new URLs across --sitemaps
                    Google News sitemaps. Rounds after the warm-up are reported, with their medians.
                    """;
        }
    }

    @Override
    public String name() {
        return "bench ingest";
    }

    @Override
    public String description() {
        return "Collector ingestion latency: WebSub push against polling, and news sitemap discovery, to Kafka.";
    }

    @Override
    public int run(String[] args, PrintStream out, PrintStream err) throws Exception {
        if (List.of(args).contains("--help") || List.of(args).contains("-h")) {
            out.print(Options.usage());
            return 0;
        }
        Options options;
        try {
            options = Options.parse(args);
        } catch (IllegalArgumentException e) {
            err.println("wirewatch bench ingest: " + e.getMessage());
            return 2;
        }
        ObjectNode report = new Run(options, out).run();
        String json = Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(report);
        if (options.report() != null) {
            Files.writeString(options.report(), json);
            out.println("  report: " + options.report());
        }
        return report.path("ok").asBoolean() ? 0 : 1;
    }

    /** Runs the benchmark from the command line. */
    public static void main(String[] args) throws Exception {
        System.exit(new IngestBench().run(args, System.out, System.err));
    }

    /** One run: broker, farm, collector stage, observer, rounds. */
    private static final class Run {

        private final Options options;
        private final PrintStream out;
        private final Map<String, Long> visible = new ConcurrentHashMap<>();
        private final AtomicLong duplicates = new AtomicLong();
        private final AtomicLong unreadable = new AtomicLong();
        private final List<Corpus.Item> corpus;
        private final AtomicInteger next = new AtomicInteger();
        private volatile boolean observing = true;

        Run(Options options, PrintStream out) {
            this.options = options;
            this.out = out;
            this.corpus = Corpus.newsEs(options.corpora()).stream().filter(i -> i.text().length() >= Corpus.MIN_PAGE_CHARS).toList();
            if (corpus.isEmpty()) {
                throw new IllegalArgumentException("no news-es articles under " + options.corpora().toAbsolutePath()
                        + " (set --corpora or -Dwirewatch.corpora; see shared/corpora/README.md)");
            }
        }

        /** A new article of the farm, from the next corpus item, at a URL of its own, with a unique last line. */
        private IngestFarm.Item item(IngestFarm farm, String path, long publishedNanos) {
            int n = next.getAndIncrement();
            Corpus.Item source = corpus.get(n % corpus.size());
            String url = farm.url(path);
            String text = source.text() + "\nReferencia de la prueba " + n + ".";
            String summary = source.text().length() > 200 ? source.text().substring(0, 200) : source.text();
            return new IngestFarm.Item(url, source.title(), summary, Workload.page(source.title(), text, source.language(), url),
                    publishedNanos);
        }

        ObjectNode run() throws Exception {
            Path data = Files.createTempDirectory("wirewatch-ingest-");
            CheckedSends writes = new CheckedSends();
            PrometheusMeterRegistry meters = ServiceEndpoints.newRegistry();
            try (LogTally log = new LogTally();
                    Cluster kafka = Cluster.open(null, data.resolve("kafka"));
                    IngestFarm farm = new IngestFarm();
                    ServiceEndpoints port = ServiceEndpoints.start("127.0.0.1", 0, meters, new HealthChecks())) {
                Map<String, String> settings = new LinkedHashMap<>();
                settings.put(CoreSettings.WEBHOOKS_ALLOW_PRIVATE.key(), "127.0.0.0/8");
                settings.put(CollectorSettings.MIN_INTERVAL.key(), options.pollInterval().toMillis() + "ms");
                settings.put(CollectorSettings.MAX_INTERVAL.key(), options.pollInterval().toMillis() + "ms");
                settings.put(CollectorSettings.PER_HOST_RATE.key(), "0");
                settings.put(CollectorSettings.PER_HOST_CONCURRENCY.key(), "64");
                settings.put(CollectorSettings.MAX_CONCURRENCY.key(), "256");
                settings.put(CollectorSettings.WEBSUB_PUBLIC_URL.key(), "http://127.0.0.1:" + port.port());
                settings.put(CollectorSettings.WEBSUB_POLL_INTERVAL.key(), "1h");
                settings.putAll(options.set());
                Map<String, String> all = new LinkedHashMap<>(settings);
                all.put(CoreSettings.BOOTSTRAP_SERVERS.key(), kafka.bootstrapServers());
                all.put(CoreSettings.DATA_DIR.key(), data.toString());
                all.put(CollectorSettings.WEBSUB_KEY.key(), "bench websub key " + System.nanoTime());
                WirewatchConfig config = WirewatchConfig.of(all);
                TopicNames names = config.topicNames();
                Properties props = config.kafkaProperties();
                try (Admin admin = Admin.create(props)) {
                    KafkaTopicsAdmin.ensureTopics(props, names);
                    KafkaTopicsAdmin.awaitWritable(admin, names.newTopics().stream().map(t -> t.name()).toList(), READY_LIMIT);
                }

                List<String> pushPaths = new ArrayList<>();
                List<String> pollPaths = new ArrayList<>();
                List<String> sitemapPaths = new ArrayList<>();
                List<Feed> feeds = new ArrayList<>();
                for (int i = 0; i < options.pushFeeds(); i++) {
                    String path = "/push/" + i + "/feed.xml";
                    farm.addFeed(path, true);
                    pushPaths.add(path);
                    feeds.add(feed("push-" + i, farm.url(path), Feed.FEED));
                }
                for (int i = 0; i < options.pollFeeds(); i++) {
                    String path = "/poll/" + i + "/feed.xml";
                    farm.addFeed(path, false);
                    pollPaths.add(path);
                    feeds.add(feed("poll-" + i, farm.url(path), Feed.FEED));
                }
                for (int i = 0; i < options.sitemaps(); i++) {
                    String path = "/news/" + i + "/sitemap-news.xml";
                    farm.addSitemap(path);
                    sitemapPaths.add(path);
                    feeds.add(feed("sitemap-" + i, farm.url(path), Feed.SITEMAP));
                }
                try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer())) {
                    for (Feed feed : feeds) {
                        String what = names.of(Topics.FEEDS) + "/" + feed.id();
                        try {
                            producer.send(new ProducerRecord<>(names.of(Topics.FEEDS), feed.id().getBytes(StandardCharsets.UTF_8),
                                    Topics.FEED_SERDE.toBytes(feed)), writes.callback(what));
                        } catch (RuntimeException e) {
                            writes.thrown(what, e);
                        }
                    }
                    producer.flush();
                    writes.awaitOutcomes(Duration.ofSeconds(30));
                }

                Thread observer = Thread.ofPlatform().name("bench-observer").daemon(true).start(() -> observe(props, names));
                Stage.Running collector = new CollectorStage().start(config, new Stage.StageContext(meters, new HealthChecks(), false, port));
                ObjectNode report = Json.mapper().createObjectNode();
                try {
                    long t = System.nanoTime();
                    await("the collector to take every feed, its hub to verify " + options.pushFeeds() + " subscriptions and a first poll of every feed",
                            () -> ((CollectorStage.Handle) collector).collector().feedIds().size() == feeds.size()
                                    && farm.verifiedSubscriptions() == options.pushFeeds()
                                    && pollPaths.stream().allMatch(p -> farm.served(p) > 0)
                                    && pushPaths.stream().allMatch(p -> farm.served(p) > 0)
                                    && ((CollectorStage.Handle) collector).feedHealth().stream().allMatch(h -> h.polls() > 0), READY_LIMIT);
                    out.printf(Locale.ROOT, "ingest: %d pushed feeds (verified at the hub), %d polled every %s, %d sitemaps; ready in %.1f s%n",
                            options.pushFeeds(), options.pollFeeds(), options.pollInterval(), options.sitemaps(),
                            (System.nanoTime() - t) / 1e9);

                    ArrayNode rounds = report.putArray("rounds");
                    List<ObjectNode> measured = new ArrayList<>();
                    long missing = 0;
                    for (int r = 0; r < options.warmupRounds() + options.rounds(); r++) {
                        boolean warm = r < options.warmupRounds();
                        ObjectNode round = round(farm, r, pushPaths, pollPaths, sitemapPaths);
                        round.put("warmup", warm);
                        missing += round.path("missing").asLong();
                        rounds.add(round);
                        if (!warm) {
                            measured.add(round);
                        }
                        out.printf(Locale.ROOT, "ingest: round %d%s  push p50 %s p99 %s ms | poll p50 %s p99 %s ms | sitemap all %s ms%n",
                                r, warm ? " (warm-up)" : "", ms(round, "push", "p50"), ms(round, "push", "p99"), ms(round, "poll", "p50"),
                                ms(round, "poll", "p99"), round.path("sitemap").path("allPublishedMs").asText());
                    }
                    ObjectNode medians = report.putObject("medians");
                    for (String path : List.of("push", "poll")) {
                        ObjectNode m = medians.putObject(path);
                        for (String q : List.of("p50", "p90", "p99", "max")) {
                            m.put(q + "Ms", median(measured.stream().mapToDouble(o -> o.path(path).path(q + "Ms").asDouble()).toArray()));
                        }
                    }
                    ObjectNode sm = medians.putObject("sitemap");
                    for (String q : List.of("allDiscoveredMs", "allPublishedMs", "p50Ms", "p99Ms")) {
                        sm.put(q, median(measured.stream().mapToDouble(o -> o.path("sitemap").path(q).asDouble()).toArray()));
                    }

                    ObjectNode accounting = report.putObject("accounting");
                    accounting.put("missing", missing);
                    accounting.put("duplicates", duplicates.get());
                    accounting.put("unreadable", unreadable.get());
                    accounting.put("writes", writes.sent());
                    accounting.put("writesFailed", writes.failed());
                    accounting.put("hubPushes", farm.pushes.get());
                    accounting.put("hubPushFailures", farm.pushFailures.get());
                    accounting.put("hubFailedVerifications", farm.failedVerifications.get());
                    accounting.put("websubRefused", count(meters, "wirewatch.collector.websub.refused"));
                    accounting.put("websubFallbacks", count(meters, "wirewatch.collector.websub.fallbacks"));
                    accounting.put("collectorErrors", count(meters, "wirewatch.collector.errors"));
                    accounting.put("logWarnings", log.counts().warnings());
                    accounting.put("logErrors", log.counts().errors());
                    boolean ok = missing == 0 && duplicates.get() == 0 && unreadable.get() == 0 && writes.failed() == 0
                            && farm.pushFailures.get() == 0 && farm.failedVerifications.get() == 0;
                    report.put("ok", ok);
                } finally {
                    collector.close();
                    observing = false;
                    observer.join(Duration.ofSeconds(10));
                }
                report.put("date", Instant.now().toString());
                report.put("machine", Runtime.getRuntime().availableProcessors() + " cores, " + System.getProperty("java.vm.name") + " "
                        + System.getProperty("java.version"));
                ObjectNode config2 = report.putObject("options");
                config2.put("rounds", options.rounds());
                config2.put("warmupRounds", options.warmupRounds());
                config2.put("pushFeeds", options.pushFeeds());
                config2.put("pollFeeds", options.pollFeeds());
                config2.put("itemsPerPathPerRound", options.items());
                config2.put("spacingMs", options.spacing().toMillis());
                config2.put("pollIntervalMs", options.pollInterval().toMillis());
                config2.put("sitemaps", options.sitemaps());
                config2.put("sitemapUrls", options.sitemapUrls());
                ObjectNode s = report.putObject("settings");
                settings.forEach(s::put);
                print(report);
                return report;
            } finally {
                EndToEndRun.deleteRecursively(data);
            }
        }

        private static Feed feed(String id, String url, String type) {
            return new Feed(Feed.SCHEMA_VERSION, id, url, id, null, List.of(), null, true, Instant.now(), type, null);
        }

        private static double count(PrometheusMeterRegistry meters, String name) {
            return meters.find(name).counters().stream().mapToDouble(Counter::count).sum();
        }

        /** One round: interleaved push and poll publications, then the sitemap batch. */
        private ObjectNode round(IngestFarm farm, int r, List<String> pushPaths, List<String> pollPaths, List<String> sitemapPaths)
                throws InterruptedException {
            ObjectNode round = Json.mapper().createObjectNode();
            round.put("round", r);
            List<IngestFarm.Item> pushed = new ArrayList<>();
            List<IngestFarm.Item> polled = new ArrayList<>();
            ExecutorService hub = Executors.newFixedThreadPool(4, Thread.ofPlatform().name("bench-hub-distribute-", 0).daemon(true).factory());
            try {
                long spacing = options.spacing().toNanos();
                long start = System.nanoTime();
                for (int i = 0; i < options.items() * 2; i++) {
                    long due = start + i * spacing;
                    long wait = due - System.nanoTime();
                    if (wait > 0) {
                        TimeUnit.NANOSECONDS.sleep(wait);
                    }
                    boolean push = i % 2 == 0;
                    List<String> paths = push ? pushPaths : pollPaths;
                    String feedPath = paths.get((i / 2) % paths.size());
                    IngestFarm.Item item = item(farm, "/a/" + r + "/" + (push ? "push" : "poll") + "/" + i, System.nanoTime());
                    byte[] document = farm.publish(feedPath, item);
                    if (push) {
                        pushed.add(item);
                        hub.execute(() -> farm.distribute(feedPath, document));
                    } else {
                        polled.add(item);
                    }
                }
            } finally {
                hub.shutdown();
                hub.awaitTermination(60, TimeUnit.SECONDS);
            }
            List<IngestFarm.Item> both = new ArrayList<>(pushed);
            both.addAll(polled);
            long missing = awaitVisible(both, options.pollInterval().multipliedBy(3).plusSeconds(60));
            round.set("push", summary(pushed));
            round.set("poll", summary(polled));

            // sitemaps: every one lists its share of the new URLs at the same instant
            int per = options.sitemapUrls() / options.sitemaps();
            long t0 = System.nanoTime();
            List<IngestFarm.Item> listed = new ArrayList<>();
            Map<String, Long> servedBefore = new LinkedHashMap<>();
            for (String path : sitemapPaths) {
                servedBefore.put(path, farm.sitemapServed(path));
            }
            for (int s = 0; s < sitemapPaths.size(); s++) {
                List<IngestFarm.Item> items = new ArrayList<>();
                for (int k = 0; k < per; k++) {
                    items.add(item(farm, "/news/" + s + "/" + r + "/" + k, t0));
                }
                farm.publishInSitemap(sitemapPaths.get(s), items);
                listed.addAll(items);
            }
            long sitemapMissing = awaitVisible(listed, options.pollInterval().multipliedBy(3).plusSeconds(120));
            ObjectNode sitemap = summary(listed);
            long lastDiscovery = 0;
            for (String path : sitemapPaths) {
                long at = farm.sitemapFirstServedAfter(path, servedBefore.get(path));
                lastDiscovery = Math.max(lastDiscovery, at < 0 ? 0 : at - t0);
            }
            sitemap.put("allDiscoveredMs", lastDiscovery / 1_000_000);
            sitemap.put("allPublishedMs", listed.stream().mapToLong(i -> visible.getOrDefault(i.url(), t0) - t0).max().orElse(0) / 1_000_000);
            round.set("sitemap", sitemap);
            round.put("missing", missing + sitemapMissing);
            return round;
        }

        private ObjectNode summary(List<IngestFarm.Item> items) {
            long[] micros = items.stream().filter(i -> visible.containsKey(i.url()))
                    .mapToLong(i -> (visible.get(i.url()) - i.publishedNanos()) / 1000).toArray();
            Summary s = Summary.of(micros);
            ObjectNode node = Json.mapper().createObjectNode();
            node.put("published", items.size());
            node.put("committed", s.count());
            node.put("p50Ms", s.p50() / 1000.0);
            node.put("p90Ms", s.p90() / 1000.0);
            node.put("p99Ms", s.p99() / 1000.0);
            node.put("maxMs", s.max() / 1000.0);
            return node;
        }

        /** Waits until every item is visible, or the limit; returns how many are not. */
        private long awaitVisible(List<IngestFarm.Item> items, Duration limit) throws InterruptedException {
            long deadline = System.nanoTime() + limit.toNanos();
            while (System.nanoTime() < deadline) {
                if (items.stream().allMatch(i -> visible.containsKey(i.url()))) {
                    return 0;
                }
                TimeUnit.MILLISECONDS.sleep(20);
            }
            long missing = items.stream().filter(i -> !visible.containsKey(i.url())).count();
            out.printf(Locale.ROOT, "ingest: %d of %d articles not committed after %d s%n", missing, items.size(), limit.toSeconds());
            return missing;
        }

        /** The read_committed reader of the articles topic: notes when each article's URL first became visible. */
        private void observe(Properties base, TopicNames names) {
            Properties props = ClientProperties.committedReader(base, "bench-ingest-observer");
            props.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, "20");
            String topic = names.of(Topics.ARTICLES);
            try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
                List<TopicPartition> partitions = consumer.partitionsFor(topic).stream().map(p -> new TopicPartition(topic, p.partition())).toList();
                consumer.assign(partitions);
                consumer.seekToBeginning(partitions);
                while (observing) {
                    for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(50))) {
                        long now = System.nanoTime();
                        try {
                            Article article = Topics.ARTICLE_SERDE.fromBytes(record.value());
                            if (visible.putIfAbsent(article.url(), now) != null) {
                                duplicates.incrementAndGet();
                            }
                        } catch (RuntimeException e) {
                            unreadable.incrementAndGet();
                        }
                    }
                }
            }
        }

        private static void await(String what, BooleanSupplier condition, Duration limit) throws InterruptedException {
            long deadline = System.nanoTime() + limit.toNanos();
            while (!condition.getAsBoolean()) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("gave up waiting for " + what + " after " + limit.toSeconds() + " s");
                }
                TimeUnit.MILLISECONDS.sleep(50);
            }
        }

        private static String ms(ObjectNode round, String path, String q) {
            return String.format(Locale.ROOT, "%.1f", round.path(path).path(q + "Ms").asDouble());
        }

        private static double median(double[] values) {
            if (values.length == 0) {
                return 0;
            }
            double[] sorted = values.clone();
            Arrays.sort(sorted);
            int n = sorted.length;
            return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
        }

        private void print(ObjectNode report) {
            ObjectNode m = (ObjectNode) report.path("medians");
            out.println();
            out.printf(Locale.ROOT, "Publication to article committed on wirewatch.articles (read_committed), median of %d rounds%n",
                    options.rounds());
            out.printf(Locale.ROOT, "  %-28s %9s %9s %9s %9s%n", "path", "p50 ms", "p90 ms", "p99 ms", "max ms");
            for (String path : List.of("push", "poll")) {
                String label = path.equals("push") ? "WebSub push" : "poll every " + options.pollInterval().toMillis() / 1000.0 + " s";
                out.printf(Locale.ROOT, "  %-28s %9.1f %9.1f %9.1f %9.1f%n", label, m.path(path).path("p50Ms").asDouble(),
                        m.path(path).path("p90Ms").asDouble(), m.path(path).path("p99Ms").asDouble(), m.path(path).path("maxMs").asDouble());
            }
            out.printf(Locale.ROOT, "  %-28s %9.1f %9s %9.1f   all discovered %.0f ms, all committed %.0f ms%n",
                    options.sitemapUrls() + " URLs / " + options.sitemaps() + " sitemaps", m.path("sitemap").path("p50Ms").asDouble(), "",
                    m.path("sitemap").path("p99Ms").asDouble(), m.path("sitemap").path("allDiscoveredMs").asDouble(),
                    m.path("sitemap").path("allPublishedMs").asDouble());
            out.println("  accounting: " + report.path("accounting") + "  ok: " + report.path("ok"));
        }
    }
}
