package dev.wirewatch.bench.e2e;

import dev.wirewatch.core.config.CoreSettings;
import dev.wirewatch.core.secrets.SecretKeys;
import dev.wirewatch.core.secrets.SecretSettings;
import dev.wirewatch.core.config.WirewatchConfig;
import dev.wirewatch.core.http.HealthChecks;
import dev.wirewatch.core.http.ServiceEndpoints;
import dev.wirewatch.core.kafka.KafkaTopicsAdmin;
import dev.wirewatch.core.kafka.TopicNames;
import dev.wirewatch.core.kafka.TopicSpec;
import dev.wirewatch.core.kafka.Topics;
import dev.wirewatch.core.model.Feed;
import dev.wirewatch.core.model.Subscription;
import dev.wirewatch.core.model.TrackedTopic;
import dev.wirewatch.core.spi.Stage;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.GroupState;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One end-to-end run: an embedded broker, the real stages started through the {@link Stage} SPI (collector, tagger and
 * alerter, or tagger and alerter for the Kafka source), the workload published for the warm-up and the measured
 * window, a drain until the pipeline is quiet, then the accounting and the report.
 *
 * <p>Shutdown runs in dependency order: the stages, then the bench's readers and producers, then the broker (whose
 * temporary data directory is deleted), then the feed farm and the receiver.
 */
final class EndToEndRun {

    private static final Logger LOG = LoggerFactory.getLogger(EndToEndRun.class);
    /**
     * The closed loop's bound on articles produced and not yet through the tagger (its internal topics included): a
     * second of its recent throughput, enough to keep it busy across its commit intervals without queueing for long,
     * and at least this many.
     */
    static final long MIN_BACKLOG_KAFKA = 500;
    /** The closed loop's bound on articles published on the farm and not yet collected. */
    static final long MAX_BACKLOG_FEEDS = 2_000;
    private static final Duration READY_LIMIT = Duration.ofSeconds(120);
    private static final Duration DRAIN_LIMIT = Duration.ofSeconds(120);
    private static final Duration QUIET = Duration.ofSeconds(3);

    private final Options options;
    private final PrintStream out;

    EndToEndRun(Options options, PrintStream out) {
        this.options = options;
        this.out = out;
    }

    /** The outcome of a run: its report and chart. */
    record Outcome(Report report, Chart chart) {
    }

    Outcome run() throws Exception {
        boolean feeds = options.source() == Options.Source.FEEDS;
        Corpus corpus = Corpus.load(options.corpora(), feeds);
        out.printf(Locale.ROOT, "e2e: corpus of %d articles (%d news-es, %d extraction-dev, %d feed items), %.0f bytes on average%n",
                corpus.items().size(), corpus.newsEs(), corpus.extractionDev(), corpus.feeds(), corpus.meanBytes());
        String runId = Long.toString(System.currentTimeMillis(), 36);
        Path data = Files.createTempDirectory("wirewatch-e2e-");
        try (LogTally log = new LogTally();
                Receiver receiver = new Receiver(options.subscriptions(), options.deployment().receiverHost())) {
            Workload workload = Workload.create(corpus, runId, options.topics(), options.subscriptions(),
                    options.topicsPerSubscription(), receiver.base());
            try (FeedFarm farm = feeds ? new FeedFarm(workload, options.feeds(), options.hosts()) : null) {
                try {
                    return withBroker(workload, receiver, farm, data, log, runId);
                } finally {
                    deleteRecursively(data);
                }
            }
        }
    }

    private Outcome withBroker(Workload workload, Receiver receiver, FeedFarm farm, Path data, LogTally log,
            String runId) throws Exception {
        List<Stage.Running> running = new ArrayList<>();
        PrometheusMeterRegistry meters = ServiceEndpoints.newRegistry();
        CheckedSends writes = new CheckedSends();
        Ledger ledger;
        long loadStart;
        long warmupEnd;
        long loadEnd;
        long drainEnd;
        long published;
        long tagged;
        CpuMeter.Snapshot cpuFrom;
        CpuMeter.Snapshot cpuTo;
        Map<String, String> settings;
        String taggerGroup;
        String fanoutApp;
        long unreadable;
        Backlogs backlogs;
        try (Cluster kafka = Cluster.open(options.deployment().bootstrapServers(), data.resolve("kafka"))) {
            settings = settings(farm != null, kafka.embedded() ? null : runId);
            Map<String, String> all = new LinkedHashMap<>(settings);
            all.put(CoreSettings.BOOTSTRAP_SERVERS.key(), kafka.bootstrapServers());
            all.put(CoreSettings.DATA_DIR.key(), data.toString());
            // a throw-away key, kept out of the report's settings
            all.putIfAbsent(SecretSettings.KEY.key(), SecretKeys.newKey("bench"));
            WirewatchConfig config = WirewatchConfig.of(all);
            TopicNames names = config.topicNames();
            Properties props = config.kafkaProperties();
            taggerGroup = config.get(CoreSettings.TOPIC_PREFIX) + "tagger";
            fanoutApp = config.get(CoreSettings.TOPIC_PREFIX) + "alerter-fanout";
            Properties adminProps = new Properties();
            adminProps.putAll(props);
            adminProps.put(AdminClientConfig.CLIENT_ID_CONFIG, "bench-admin");
            try (Admin admin = Admin.create(adminProps)) {
                KafkaTopicsAdmin.ensureTopics(props, names);
                KafkaTopicsAdmin.awaitWritable(admin, names.newTopics().stream().map(t -> t.name()).toList(), READY_LIMIT);
                Cluster.checkPartitions(admin, names.newTopics());
                seed(props, names, workload, farm, writes);
                List<Stage> stages = stages(options.deployment().stages());
                RemoteStages remote = new RemoteStages(options.deployment().stageEndpoints());
                if (!options.deployment().remote(options.source()).isEmpty()) {
                    out.printf(Locale.ROOT, "e2e: %s run elsewhere on %s, topics %s*; waiting for %s%n",
                            options.deployment().remote(options.source()), kafka.bootstrapServers(),
                            config.get(CoreSettings.TOPIC_PREFIX), remote.endpoints().isEmpty()
                                    ? "their consumer groups (no --stage-endpoints)" : remote.endpoints());
                }
                Observers observers = null;
                TaggerProgress progress = null;
                Load.KafkaSink kafkaSink = null;
                try {
                    for (Stage stage : stages) {
                        running.add(stage.start(config, new Stage.StageContext(meters, new HealthChecks(), false)));
                    }
                    awaitReady(meters, remote, admin, workload, farm, readyGroups(config, farm != null));
                    loadStart = System.currentTimeMillis();
                    Ledger book = new Ledger(workload, loadStart);
                    ledger = book;
                    receiver.deliverTo(book);
                    observers = new Observers(props, names, book, farm);
                    TaggerProgress taggerProgress = new TaggerProgress(admin, taggerGroup, names.of(Topics.ARTICLES),
                            book.tagged);
                    progress = taggerProgress;
                    Load.Sink sink;
                    LongSupplier backlog;
                    LongSupplier maxBacklog;
                    long[] count = new long[1];
                    if (farm != null) {
                        sink = (seq, now) -> {
                            farm.publish(seq, now);
                            book.published.add(now, 1);
                        };
                        backlog = () -> count[0] - book.articlesCommitted.get();
                        maxBacklog = () -> MAX_BACKLOG_FEEDS;
                    } else {
                        kafkaSink = new Load.KafkaSink(props, names, workload, book, writes);
                        sink = kafkaSink;
                        backlog = () -> count[0] - taggerProgress.tagged() + taggerProgress.internalLag();
                        maxBacklog = () -> Math.max(MIN_BACKLOG_KAFKA, (long) taggerProgress.recentRate());
                    }
                    Load load = new Load((seq, now) -> {
                        sink.publish(seq, now);
                        count[0] = seq + 1;
                    }, options.rate(), backlog, maxBacklog);
                    out.printf(Locale.ROOT, "e2e: %s source, %s, %d topics, %d subscriptions; %d s warm-up, %d s measured%n",
                            options.source().label(), options.rate() == null ? "closed loop" : options.rate() + " articles/s",
                            workload.topics().size(), workload.subscriptions().size(), options.warmup().toSeconds(),
                            options.duration().toSeconds());
                    long t0 = System.nanoTime();
                    warmupEnd = loadStart + options.warmup().toMillis();
                    load.run(t0 + options.warmup().toNanos());
                    cpuFrom = CpuMeter.snapshot();
                    // for scripts that measure the CPU of stages in other processes over the same window
                    out.printf(Locale.ROOT, "e2e: measured window starts at %d%n", System.currentTimeMillis());
                    loadEnd = warmupEnd + options.duration().toMillis();
                    load.run(t0 + options.warmup().toNanos() + options.duration().toNanos());
                    cpuTo = CpuMeter.snapshot();
                    out.printf(Locale.ROOT, "e2e: measured window ends at %d%n", System.currentTimeMillis());
                    published = load.published();
                    backlogs = backlogs(book, admin, taggerProgress, published, warmupEnd, loadEnd, fanoutApp,
                            names.of(Topics.MENTIONS), farm != null);
                    drain(book, taggerProgress, published, writes);
                    drainEnd = System.currentTimeMillis();
                    tagged = taggerProgress.tagged();
                } finally {
                    // the stages first, then what reads and writes for the bench; the broker closes after them
                    for (int i = running.size() - 1; i >= 0; i--) {
                        close(running.get(i));
                    }
                    close(observers);
                    close(progress);
                    close(kafkaSink);
                }
                unreadable = observers.unreadable.get();
            }
        } finally {
            meters.close();
        }
        if (options.listThreads()) {
            out.println("e2e: threads by CPU time in the measured window:");
            CpuMeter.listing(cpuFrom, cpuTo).forEach(line -> out.println("  " + line));
        }
        int threads = Runtime.getRuntime().availableProcessors();
        out.println("e2e: computing the expected mentions with the production matcher...");
        Map<String, int[]> expected = Accounting.expectedMentions(ledger, threads);
        Accounting.Result accounting = Accounting.account(ledger, published, tagged, expected,
                receiver.signatureFailures.get(), writes, unreadable);
        List<Hops> hops = hops(ledger, farm, warmupEnd, loadEnd);
        Map<String, Long> farmCounts = new LinkedHashMap<>();
        if (farm != null) {
            farmCounts.put("feedRequests", farm.feedRequests.get());
            farmCounts.put("notModified", farm.notModified.get());
            farmCounts.put("pageRequests", farm.pageRequests.get());
            farmCounts.put("notFound", farm.notFound.get());
        }
        Report report = new Report(options, ledger.workload().corpus(), hops, ledger.tagged.between(warmupEnd, loadEnd),
                ledger.deliveriesSeen.between(warmupEnd, loadEnd), accounting,
                CpuMeter.seconds(cpuFrom, cpuTo, CpuMeter.groups(taggerGroup, fanoutApp)), settings, farmCounts,
                log.counts(), backlogs);
        Chart chart = Chart.of(ledger, loadStart, warmupEnd, loadEnd, drainEnd, hops,
                farm != null ? "articles fetched (committed)" : "articles produced (committed)");
        return new Outcome(report, chart);
    }

    /** Each stage's backlog at the end of the load, against its input rate over the measured window. */
    private Backlogs backlogs(Ledger book, Admin admin, TaggerProgress progress, long published, long from, long to,
            String fanoutGroup, String mentionsTopic, boolean feeds) {
        double seconds = options.seconds();
        long committed = book.articlesCommitted.get();
        List<Backlogs.Backlog> stages = new ArrayList<>();
        if (feeds) {
            stages.add(Backlogs.of("collector", published - committed, book.published.between(from, to) / seconds));
        }
        stages.add(Backlogs.of("tagger", committed - progress.tagged() + progress.internalLag(),
                book.articlesSeen.between(from, to) / seconds));
        stages.add(Backlogs.of("alerterFanOut", Backlogs.lag(admin, fanoutGroup, mentionsTopic),
                book.mentionsSeen.between(from, to) / seconds));
        stages.add(Backlogs.of("alerterDelivery", book.alertsCommitted.get() - book.deliveries.get(),
                book.alertsSeen.between(from, to) / seconds));
        return new Backlogs(stages);
    }

    /**
     * The configuration keys the run sets, as a user could: the farm is local and polled at the chosen interval. On a
     * cluster the bench does not own ({@code runId} not null), the run's topics and groups get a prefix of their own
     * unless the flags give one.
     */
    private Map<String, String> settings(boolean feeds, String runId) {
        Map<String, String> settings = new LinkedHashMap<>();
        if (runId != null) {
            settings.put(CoreSettings.TOPIC_PREFIX.key(), "wirewatch.e2e-" + runId + ".");
        }
        if (options.deployment().partitions() != null) {
            settings.put(CoreSettings.PARTITIONS.key(), Integer.toString(options.deployment().partitions()));
        }
        settings.put(CoreSettings.WEBHOOKS_ALLOW_PRIVATE.key(), "127.0.0.0/8");
        settings.put(CoreSettings.HTTP_PORT.key(), "0");
        if (feeds) {
            String interval = options.pollInterval().toMillis() + "ms";
            settings.put("collector.min-interval", interval);
            settings.put("collector.max-interval", interval);
            // one farm host stands for many publishers: no per-host politeness limits
            settings.put("collector.per-host-rate", "0");
            settings.put("collector.per-host-concurrency", "64");
            settings.put("collector.max-concurrency", "256");
        }
        settings.putAll(options.settings());
        return settings;
    }

    private static List<Stage> stages(List<String> names) {
        Set<String> wanted = Set.copyOf(names);
        List<Stage> stages = ServiceLoader.load(Stage.class).stream().map(ServiceLoader.Provider::get)
                .filter(s -> wanted.contains(s.name())).sorted(Comparator.comparingInt(Stage::order)).toList();
        if (stages.size() < wanted.size()) {
            throw new IllegalStateException("the e2e run needs the stages " + wanted + " on the class path; found "
                    + stages.stream().map(Stage::name).toList());
        }
        return stages;
    }

    /** Writes the tracked topics, the subscriptions and the farm's feeds, and checks that every write succeeded. */
    private static void seed(Properties kafka, TopicNames names, Workload workload, FeedFarm farm, CheckedSends writes)
            throws InterruptedException {
        Properties props = new Properties();
        props.putAll(kafka);
        props.put(ProducerConfig.CLIENT_ID_CONFIG, "bench-seed");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(props, new ByteArraySerializer(),
                new ByteArraySerializer())) {
            for (TrackedTopic topic : workload.topics()) {
                send(producer, names, Topics.TRACKED_TOPICS, topic.id(), topic, writes);
            }
            for (Subscription subscription : workload.subscriptions()) {
                send(producer, names, Topics.SUBSCRIPTIONS, subscription.id(), subscription, writes);
            }
            if (farm != null) {
                for (int i = 0; i < farm.feedCount(); i++) {
                    Feed feed = new Feed(Feed.SCHEMA_VERSION, String.format(Locale.ROOT, "farm-%05d", i), farm.feedUrl(i),
                            "Farm feed " + i, null, List.of(), null, true, Instant.now());
                    send(producer, names, Topics.FEEDS, feed.id(), feed, writes);
                }
            }
            producer.flush();
            writes.awaitOutcomes(Duration.ofSeconds(60));
        }
        if (writes.failed() > 0) {
            throw new IllegalStateException(writes.failed() + " of " + writes.sent() + " set-up writes failed: "
                    + writes.failures());
        }
    }

    private static <V> void send(KafkaProducer<byte[], byte[]> producer, TopicNames names, TopicSpec<String, V> spec,
            String key, V value, CheckedSends writes) {
        String topic = names.of(spec);
        String what = topic + " " + key;
        try {
            producer.send(new ProducerRecord<>(topic, key.getBytes(StandardCharsets.UTF_8),
                    spec.valueSerde().serializer().serialize(topic, value)), writes.callback(what));
        } catch (RuntimeException e) {
            writes.thrown(what, e);
        }
    }

    /**
     * Waits until the stages have read every topic, subscription and feed the run wrote: those in this JVM by their
     * meters, those elsewhere by their endpoints' {@code /health} and {@code /metrics}.
     */
    private void awaitReady(MeterRegistry meters, RemoteStages remote, Admin admin, Workload workload, FeedFarm farm,
            List<String> groups) throws InterruptedException {
        Options.Deployment deployment = options.deployment();
        long deadline = System.nanoTime() + READY_LIMIT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!stable(admin, groups)) {
                TimeUnit.MILLISECONDS.sleep(100);
                continue;
            }
            double definitions = meters.find(RemoteStages.TOPIC_DEFINITIONS).counters().stream()
                    .mapToDouble(Counter::count).sum();
            Gauge subscriptions = meters.find(RemoteStages.SUBSCRIPTIONS).gauge();
            Gauge feeds = meters.find("wirewatch.collector.feeds").gauge();
            boolean taggerReady = deployment.local("tagger") ? definitions >= workload.topics().size()
                    : remote.everyOneShows(RemoteStages.Probe.TAGGER, workload.topics().size());
            boolean alerterReady = deployment.local("alerter")
                    ? subscriptions != null && subscriptions.value() >= workload.subscriptions().size()
                    : remote.everyOneShows(RemoteStages.Probe.ALERTER, workload.subscriptions().size());
            boolean ready = taggerReady && alerterReady
                    && (farm == null || (feeds != null && feeds.value() >= farm.feedCount()));
            if (ready) {
                return;
            }
            TimeUnit.MILLISECONDS.sleep(100);
        }
        LOG.warn("The stages did not show every topic, subscription and feed, or their groups were not stable, within {} s;"
                + " starting the load anyway", READY_LIMIT.toSeconds());
    }

    /** The consumer groups of the stages that must have settled before the load starts. */
    private static List<String> readyGroups(WirewatchConfig config, boolean feeds) {
        String prefix = config.get(CoreSettings.TOPIC_PREFIX);
        List<String> groups = new ArrayList<>(List.of(prefix + "tagger", prefix + "alerter-fanout",
                prefix + "alerter-delivery"));
        if (feeds) {
            groups.add(prefix + "collector");
        }
        return groups;
    }

    /** Whether every group is stable with at least one member that has partitions: no rebalance under way. */
    private static boolean stable(Admin admin, List<String> groups) {
        try {
            Map<String, ConsumerGroupDescription> described = admin.describeConsumerGroups(groups).all()
                    .get(10, TimeUnit.SECONDS);
            for (String group : groups) {
                ConsumerGroupDescription d = described.get(group);
                if (d == null || d.groupState() != GroupState.STABLE
                        || d.members().stream().allMatch(m -> m.assignment().topicPartitions().isEmpty())) {
                    return false;
                }
            }
            return true;
        } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /**
     * Waits until everything published is through: every article visible and tagged, and no new mention, alert or
     * delivery for a few seconds (at most {@link #DRAIN_LIMIT}).
     */
    private void drain(Ledger ledger, TaggerProgress progress, long published, CheckedSends writes)
            throws InterruptedException {
        long deadline = System.nanoTime() + DRAIN_LIMIT.toNanos();
        long last = -1;
        long quietSince = System.nanoTime();
        while (System.nanoTime() < deadline) {
            long committed = ledger.articlesCommitted.get();
            long now = ledger.mentionsCommitted.get() + ledger.alertsCommitted.get() + ledger.deliveries.get() + committed;
            if (now != last) {
                last = now;
                quietSince = System.nanoTime();
            }
            boolean through = committed + writes.failed() >= published && progress.tagged() >= committed;
            if (through && System.nanoTime() - quietSince > QUIET.toNanos()) {
                return;
            }
            TimeUnit.MILLISECONDS.sleep(100);
        }
        out.printf(Locale.ROOT, "e2e: the pipeline was still busy %d s after the load ended%n", DRAIN_LIMIT.toSeconds());
    }

    /** The hops of every verified alert whose article was published in the measured window. */
    private static List<Hops> hops(Ledger ledger, FeedFarm farm, long from, long to) {
        List<Hops> hops = new ArrayList<>();
        for (Ledger.AlertEntry alert : ledger.alerts()) {
            if (alert.deliveredAt < 0 || alert.committedAt < 0 || alert.articleId == null) {
                continue;
            }
            Ledger.ArticleEntry article = ledger.articleIfPresent(alert.articleId);
            if (article == null || article.publishedAt < from || article.publishedAt >= to) {
                continue;
            }
            int topic = alert.topicId == null ? -1 : ledger.workload().topicIndex(alert.topicId);
            long polled = farm == null ? -1 : article.polledAt;
            hops.add(new Hops(article.publishedAt, polled, article.fetchedAt, article.committedAt,
                    topic < 0 ? -1 : article.mentionAt(topic), alert.committedAt, alert.deliveredAt));
        }
        return hops;
    }

    private static void close(AutoCloseable closeable) {
        if (closeable == null) {
            return;
        }
        try {
            closeable.close();
        } catch (Exception e) {
            LOG.warn("Closing {} failed: {}", closeable, e.toString());
        }
    }

    static void deleteRecursively(Path root) {
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException | UncheckedIOException e) {
            LOG.warn("Could not delete {}: {}", root, e.toString());
        }
    }
}
