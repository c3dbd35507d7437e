package dev.wirewatch.bench.tagger;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.wirewatch.broker.EmbeddedKafka;
import dev.wirewatch.core.config.WirewatchConfig;
import dev.wirewatch.core.http.HealthChecks;
import dev.wirewatch.core.kafka.Json;
import dev.wirewatch.core.kafka.KafkaTopicsAdmin;
import dev.wirewatch.core.kafka.TopicNames;
import dev.wirewatch.core.kafka.Topics;
import dev.wirewatch.core.model.Article;
import dev.wirewatch.core.model.ArticleIds;
import dev.wirewatch.core.model.TrackedTopic;
import dev.wirewatch.core.spi.Stage;
import dev.wirewatch.matcher.Document;
import dev.wirewatch.matcher.QueryGenerator;
import dev.wirewatch.matcher.TestCorpus;
import dev.wirewatch.matcher.TopicMatcher;
import dev.wirewatch.tagger.TaggerStage;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.slf4j.LoggerFactory;

/**
 * The tagger load run: an embedded broker, 1,000 generated tracked topics, articles of about 3 KB of real Spanish news,
 * exactly-once on. It measures articles per second through the tagger and the latency the tagger adds, from an
 * article's record timestamp to its mention committed in the mentions topic.
 *
 * <p>Phases: 5,000 articles tagged while they are produced; then a warm-up batch ({@code --warmup}, 20,000 by
 * default) run exactly like the timed one below but not timed, so that the JIT has compiled the catch-up paths of
 * tagger, clients and broker (with only the first warm-up, the C2 compiler took a quarter to a third of the CPU of the
 * timed batch, which a service that runs for days never pays); then the tagger is stopped, a batch of articles is loaded,
 * and the tagger is started again: throughput is that batch divided by the time from the tagger's RUNNING state to
 * the last of the batch's mentions read with {@code read_committed} (the expected mentions are counted beforehand
 * with the same matcher). Finally articles are produced at a fixed rate (half the measured throughput unless
 * {@code --rate} says otherwise) and every mention's delay is recorded. Everything runs in this one JVM (broker,
 * producer, tagger, reader), so on a shared machine the figures are lower bounds; the report also gives the CPU time
 * the process used for the batch (broker included), so that runs on a busy machine can be compared.
 *
 * <pre>
 * mvn -q -pl modules/bench -am install -DskipTests
 * java -Dwirewatch.corpora=../shared/corpora -cp modules/bench/target/benchmarks.jar \
 *     dev.wirewatch.bench.tagger.TaggerBench [--topics 1000] [--max-share 0.01] [--warmup 20000] [--articles 150000]
 *     [--rate 0]
 *     [--duration 20s] [--threads 2] [--commit-interval 20ms] [--report tagger-bench.json]
 *     [--set KEY=VALUE]...
 * </pre>
 */
public final class TaggerBench {

    /** Articles tagged while they are produced, first of all: enough to compile the topics and start the JIT. */
    private static final int LIVE_WARMUP_ARTICLES = 5_000;

    private static final int BODY_BYTES = 3_000;
    private static final com.sun.management.OperatingSystemMXBean OS =
            (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean();

    private record Options(int topics, double maxShare, int warmup, int articles, int rate, Duration duration,
            int threads, String commitInterval, Path report, Map<String, String> extra) {
    }

    private TaggerBench() {
    }

    public static void main(String[] args) throws Exception {
        // logback's default is DEBUG on stdout: the broker's and clients' logs would cost more than the tagger
        ((ch.qos.logback.classic.Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME))
                .setLevel(ch.qos.logback.classic.Level.WARN);
        Options options = parse(args);
        ObjectNode report = new TaggerBench().run(options);
        String json = Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(report);
        System.out.println(json);
        if (options.report() != null) {
            Files.writeString(options.report(), json, StandardCharsets.UTF_8);
        }
        System.exit(0);
    }

    private static Options parse(String[] args) {
        Map<String, String> values = new HashMap<>(Map.of("--topics", "1000", "--max-share", "0.01",
                "--warmup", "20000", "--articles", "150000", "--rate", "0", "--duration", "20s", "--threads", "2",
                "--commit-interval", "20ms"));
        Map<String, String> extra = new HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            if (args[i].equals("--set")) {
                String[] kv = args[i + 1].split("=", 2);
                extra.put(kv[0], kv.length > 1 ? kv[1] : "");
                continue;
            }
            if (!values.containsKey(args[i]) && !args[i].equals("--report")) {
                throw new IllegalArgumentException("unknown option " + args[i]);
            }
            values.put(args[i], args[i + 1]);
        }
        String duration = values.get("--duration");
        return new Options(Integer.parseInt(values.get("--topics")), Double.parseDouble(values.get("--max-share")),
                Integer.parseInt(values.get("--warmup")), Integer.parseInt(values.get("--articles")),
                Integer.parseInt(values.get("--rate")),
                Duration.ofSeconds(Long.parseLong(duration.replace("s", ""))),
                Integer.parseInt(values.get("--threads")), values.get("--commit-interval"),
                values.containsKey("--report") ? Path.of(values.get("--report")) : null, Map.copyOf(extra));
    }

    private ObjectNode run(Options options) throws Exception {
        List<Document> docs = documents();
        Map<String, String> queries = topics(docs, options.topics(), options.maxShare());
        int[] mentionsPerDoc = expectedMentions(docs, queries);
        double meanBytes = docs.stream().mapToInt(d -> (d.title() + d.body()).getBytes(StandardCharsets.UTF_8).length)
                .average().orElse(0);
        long matchedDocs = Arrays.stream(mentionsPerDoc).filter(n -> n > 0).count();
        log("%d documents of %.0f bytes on average, %d topics; %d%% of documents match, %.1f mentions per document",
                docs.size(), meanBytes, queries.size(), 100 * matchedDocs / docs.size(),
                Arrays.stream(mentionsPerDoc).average().orElse(0));

        Path dataDir = Files.createTempDirectory("wirewatch-tagger-bench-");
        try (EmbeddedKafka kafka = EmbeddedKafka.builder().start()) {
            WirewatchConfig config = WirewatchConfig.of(Map.of(
                    "kafka.bootstrap-servers", kafka.bootstrapServers(),
                    "kafka.topic-prefix", "bench.",
                    "tagger.state-dir", dataDir.resolve("tagger").toString(),
                    "tagger.num-stream-threads", Integer.toString(options.threads()),
                    "tagger.commit-interval", options.commitInterval())).with(options.extra());
            TopicNames names = config.topicNames();
            KafkaTopicsAdmin.ensureTopics(config.kafkaProperties(), names);
            MeterRegistry meters = new SimpleMeterRegistry();
            Stage.StageContext context = new Stage.StageContext(meters, new HealthChecks(), false);

            try (KafkaProducer<byte[], byte[]> producer = producer(kafka.bootstrapServers());
                    MentionReader reader = new MentionReader(kafka.bootstrapServers(), names.of(Topics.MENTIONS))) {
                for (Map.Entry<String, String> topic : queries.entrySet()) {
                    TrackedTopic t = TrackedTopic.of(topic.getKey(), topic.getKey(), topic.getValue());
                    producer.send(new ProducerRecord<>(names.of(Topics.TRACKED_TOPICS), bytes(t.id()),
                            Topics.TRACKED_TOPIC_SERDE.toBytes(t)));
                }
                producer.flush();
                Thread readerThread = Thread.ofPlatform().name("mention-reader").start(reader);

                TaggerStage.Running tagger = new TaggerStage().start(config, context);
                await("tagger running", Duration.ofMinutes(2), () -> tagger.state() == KafkaStreams.State.RUNNING);
                await("topics compiled", Duration.ofMinutes(2), () -> meters.counter(
                        "wirewatch.tagger.topic.definitions", "result", "applied").count() >= queries.size());

                // warm-up: tagged while produced, then a first batch like the measured one (below), untimed, so that
                // the JIT has compiled the catch-up paths of tagger, clients and broker before the timed batch
                long warmStart = System.currentTimeMillis();
                long warmExpected = send(producer, names, docs, mentionsPerDoc, 0, LIVE_WARMUP_ARTICLES, 0);
                await("warm-up mentions", Duration.ofMinutes(5), () -> reader.count(warmStart, Long.MAX_VALUE) >= warmExpected);
                log("warm-up: %d articles, %d mentions", LIVE_WARMUP_ARTICLES, warmExpected);
                tagger.close();
                TaggerStage.Running warmBatch = batch(config, context, producer, names, docs, mentionsPerDoc, reader,
                        LIVE_WARMUP_ARTICLES, options.warmup()).tagger();
                log("warm-up batch: %d articles", options.warmup());
                warmBatch.close();

                // throughput: load a batch with the tagger stopped, then start it and time the batch
                int first = LIVE_WARMUP_ARTICLES + options.warmup();
                Batch timed = batch(config, context, producer, names, docs, mentionsPerDoc, reader, first,
                        options.articles());
                TaggerStage.Running restarted = timed.tagger();
                long expected = timed.expected();
                double seconds = timed.seconds();
                double cpuSeconds = timed.cpuSeconds();
                double loadAtStart = timed.loadAtStart();
                double loadAtEnd = timed.loadAtEnd();
                double articlesPerSecond = options.articles() / seconds;
                // the share of the machine this process got, and what its work would take with both cores to itself
                double coresUsed = cpuSeconds / timed.wallSeconds();
                double articlesPerCpuSecond = options.articles() / cpuSeconds;
                log("throughput: %d articles in %.1f s = %.0f articles/s (%.0f mentions/s); the process used %.2f cores "
                        + "(load average %.1f -> %.1f): %.0f articles per CPU-second", options.articles(), seconds,
                        articlesPerSecond, expected / seconds, coresUsed, loadAtStart, loadAtEnd, articlesPerCpuSecond);

                // latency: a steady rate below capacity
                int rate = options.rate() > 0 ? options.rate() : (int) Math.max(100, articlesPerSecond / 2);
                int count = (int) (rate * options.duration().toSeconds());
                long latencyStart = System.currentTimeMillis() + 1;
                await("clock tick", Duration.ofSeconds(5), () -> System.currentTimeMillis() >= latencyStart);
                long latencyExpected = send(producer, names, docs, mentionsPerDoc, first + options.articles(), count,
                        rate);
                long latencyEnd = System.currentTimeMillis();
                await("latency mentions", Duration.ofMinutes(5),
                        () -> reader.count(latencyStart, latencyEnd) >= latencyExpected);
                long[] delays = reader.delays(latencyStart, latencyEnd);
                Arrays.sort(delays);
                log("latency at %d articles/s: p50 %d ms, p99 %d ms, max %d ms over %d mentions", rate,
                        percentile(delays, 50), percentile(delays, 99), delays[delays.length - 1], delays.length);
                restarted.close();
                reader.stop();
                readerThread.join(TimeUnit.SECONDS.toMillis(10));

                ObjectNode out = Json.mapper().createObjectNode();
                out.put("topics", queries.size());
                out.put("topicMaxShare", options.maxShare());
                out.put("meanArticleBytes", Math.round(meanBytes));
                out.put("matchedArticleShare", (double) matchedDocs / docs.size());
                out.put("meanMentionsPerArticle", Arrays.stream(mentionsPerDoc).average().orElse(0));
                out.put("streamThreads", options.threads());
                out.put("commitInterval", options.commitInterval());
                out.put("processingGuarantee", "exactly_once_v2");
                out.put("availableProcessors", Runtime.getRuntime().availableProcessors());
                out.put("articles", options.articles());
                out.put("seconds", seconds);
                out.put("articlesPerSecond", Math.round(articlesPerSecond));
                out.put("mentionsPerSecond", Math.round(expected / seconds));
                out.put("processCoresUsed", coresUsed);
                out.put("systemLoadAverage", Math.max(loadAtStart, loadAtEnd));
                out.put("articlesPerCpuSecond", Math.round(articlesPerCpuSecond));
                out.put("latencyRate", rate);
                ObjectNode latency = out.putObject("addedLatencyMs");
                latency.put("p50", percentile(delays, 50));
                latency.put("p90", percentile(delays, 90));
                latency.put("p99", percentile(delays, 99));
                latency.put("max", delays[delays.length - 1]);
                latency.put("mentions", delays.length);
                return out;
            }
        } finally {
            deleteTree(dataDir);
        }
    }

    /** A timed batch: the tagger left running, the mentions expected, and what the batch took. */
    private record Batch(TaggerStage.Running tagger, long expected, double seconds, double wallSeconds,
            double cpuSeconds, double loadAtStart, double loadAtEnd) {
    }

    /**
     * Loads {@code count} articles with the tagger stopped, starts a tagger and waits for every mention: seconds from
     * the tagger's RUNNING state to the batch's last mention read with {@code read_committed}.
     */
    private static Batch batch(WirewatchConfig config, Stage.StageContext context, KafkaProducer<byte[], byte[]> producer,
            TopicNames names, List<Document> docs, int[] mentionsPerDoc, MentionReader reader, int first, int count)
            throws Exception {
        long loadStart = System.currentTimeMillis() + 1;
        await("clock tick", Duration.ofSeconds(5), () -> System.currentTimeMillis() >= loadStart);
        long expected = send(producer, names, docs, mentionsPerDoc, first, count, 0);
        long loadEnd = System.currentTimeMillis();
        log("loaded %d articles (%d expected mentions) in %d ms", count, expected, loadEnd - loadStart);
        TaggerStage.Running tagger = new TaggerStage().start(config, context);
        await("tagger running again", Duration.ofMinutes(2), () -> tagger.state() == KafkaStreams.State.RUNNING);
        long runningAt = System.nanoTime();
        log("tasks per stream thread: %s", tagger.taskAssignment());
        long cpuAtStart = OS.getProcessCpuTime();
        double loadAtStart = OS.getSystemLoadAverage();
        await("batch mentions", Duration.ofMinutes(10), () -> reader.count(loadStart, loadEnd) >= expected);
        long doneAt = System.nanoTime();
        double cpuSeconds = (OS.getProcessCpuTime() - cpuAtStart) / 1e9;
        double seconds = (reader.lastArrivalNanos(loadStart, loadEnd) - runningAt) / 1e9;
        return new Batch(tagger, expected, seconds, (doneAt - runningAt) / 1e9, cpuSeconds, loadAtStart,
                OS.getSystemLoadAverage());
    }

    /**
     * Articles of about 3 KB: news-es items, each body cut at or filled up to {@value #BODY_BYTES} bytes with the
     * following items' text.
     */
    private static List<Document> documents() {
        Path corpora = TestCorpus.corpora();
        if (corpora == null) {
            throw new IllegalStateException("Set -Dwirewatch.corpora to the shared corpora folder (with news-es/)");
        }
        List<Document> raw = TestCorpus.newsEs(corpora, Integer.MAX_VALUE).stream().map(TestCorpus.Article::document)
                .toList();
        List<Document> docs = new ArrayList<>(raw.size());
        for (int i = 0; i < raw.size(); i++) {
            StringBuilder body = new StringBuilder(raw.get(i).body());
            for (int next = i + 1; utf8Length(body) < BODY_BYTES; next++) {
                body.append("\n\n").append(raw.get(next % raw.size()).body());
            }
            // cut at the last space before the byte budget
            int bytes = 0;
            int cut = body.length();
            for (int c = 0; c < body.length(); c++) {
                bytes += utf8Length(body.charAt(c));
                if (bytes > BODY_BYTES) {
                    int space = body.lastIndexOf(" ", c);
                    cut = space > 0 ? space : c;
                    break;
                }
            }
            Document d = raw.get(i);
            docs.add(new Document(d.title(), body.substring(0, cut), d.language(), d.source()));
        }
        return docs;
    }

    /**
     * {@code count} generated queries, keeping in generation order only those that match at least one document and
     * at most {@code maxShare} of them: a desk's tracked topic (CECOT, Bukele, MS-13) is in a small share of all news,
     * and the generator's raw queries are broad on purpose (they match every document about twenty times over).
     */
    private static int utf8Length(CharSequence text) {
        int bytes = 0;
        for (int c = 0; c < text.length(); c++) {
            bytes += utf8Length(text.charAt(c));
        }
        return bytes;
    }

    /** UTF-8 bytes of one UTF-16 unit: a surrogate counts 2, so a pair counts the 4 of its code point. */
    private static int utf8Length(char c) {
        return c < 0x80 ? 1 : c < 0x800 || Character.isSurrogate(c) ? 2 : 3;
    }

    private static Map<String, String> topics(List<Document> docs, int count, double maxShare) {
        List<String> candidates = new QueryGenerator(docs, 42L).generate(maxShare >= 1 ? count : count * 20);
        int[] hits = new int[candidates.size()];
        if (maxShare < 1) {
            TopicMatcher matcher = new TopicMatcher();
            for (int i = 0; i < candidates.size(); i++) {
                matcher.put(Integer.toString(i), candidates.get(i));
            }
            for (Document d : docs) {
                matcher.match(d).forEach(m -> hits[Integer.parseInt(m.topicId())]++);
            }
        }
        Map<String, String> topics = new java.util.LinkedHashMap<>();
        for (int i = 0; i < candidates.size() && topics.size() < count; i++) {
            if (maxShare >= 1 || (hits[i] >= 1 && hits[i] <= maxShare * docs.size())) {
                topics.put("topic-%04d".formatted(topics.size()), candidates.get(i));
            }
        }
        if (topics.size() < count) {
            throw new IllegalStateException("only " + topics.size() + " of " + count + " generated queries match at most "
                    + maxShare + " of the documents");
        }
        return topics;
    }

    /** How many mentions each document yields, with the production matcher. */
    private static int[] expectedMentions(List<Document> docs, Map<String, String> queries) {
        TopicMatcher matcher = new TopicMatcher();
        queries.forEach(matcher::put);
        int[] counts = new int[docs.size()];
        for (int i = 0; i < docs.size(); i++) {
            counts[i] = matcher.match(docs.get(i)).size();
        }
        return counts;
    }

    /**
     * Sends {@code count} articles numbered from {@code first}, as fast as possible or at {@code rate} per second,
     * each with its send time as record timestamp; returns the number of mentions they should yield.
     */
    private static long send(KafkaProducer<byte[], byte[]> producer, TopicNames names, List<Document> docs,
            int[] mentionsPerDoc, int first, int count, int rate) {
        String topic = names.of(Topics.ARTICLES);
        long expected = 0;
        long start = System.nanoTime();
        for (int n = 0; n < count; n++) {
            if (rate > 0) {
                long due = start + n * 1_000_000_000L / rate;
                while (System.nanoTime() < due) {
                    LockSupport.parkNanos(due - System.nanoTime());
                }
            }
            int i = first + n;
            Document d = docs.get(i % docs.size());
            String url = "https://" + (d.source() == null || d.source().isEmpty() ? "bench.example" : d.source())
                    + "/bench/" + i;
            Instant now = Instant.now();
            Article article = new Article(Article.SCHEMA_VERSION, ArticleIds.idFor(url), 1, url, url, "bench",
                    d.source(), d.title(), null, d.body(), null, d.language(), now, now, null);
            producer.send(new ProducerRecord<>(topic, null, now.toEpochMilli(), bytes(article.id()),
                    Topics.ARTICLE_SERDE.toBytes(article)));
            expected += mentionsPerDoc[i % docs.size()];
        }
        producer.flush();
        return expected;
    }

    private static KafkaProducer<byte[], byte[]> producer(String bootstrap) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        props.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        props.put(ProducerConfig.BATCH_SIZE_CONFIG, Integer.toString(256 * 1024));
        props.put(ProducerConfig.BUFFER_MEMORY_CONFIG, Long.toString(256L * 1024 * 1024));
        // one request at a time: a batch retried after NOT_LEADER_OR_FOLLOWER on a just-created topic must not be
        // overtaken by the next one, or the broker refuses the retry as out of sequence until delivery times out
        props.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, "1");
        return new KafkaProducer<>(props);
    }

    /** Reads committed mentions and keeps, for each, its record timestamp and when it arrived. */
    private static final class MentionReader implements Runnable, AutoCloseable {
        private final KafkaConsumer<byte[], byte[]> consumer;
        private final AtomicBoolean running = new AtomicBoolean(true);
        private long[] timestamps = new long[1 << 16];
        private long[] arrivals = new long[1 << 16];
        private long[] arrivalNanos = new long[1 << 16];
        private int size;

        MentionReader(String bootstrap, String topic) {
            Properties props = new Properties();
            props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
            props.put(ConsumerConfig.GROUP_ID_CONFIG, "tagger-bench-reader");
            props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
            props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
            props.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, "50");
            props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "5000");
            props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
            props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
            consumer = new KafkaConsumer<>(props);
            consumer.subscribe(List.of(topic));
        }

        @Override
        public void run() {
            while (running.get()) {
                var records = consumer.poll(Duration.ofMillis(100));
                long now = System.currentTimeMillis();
                long nanos = System.nanoTime();
                synchronized (this) {
                    for (ConsumerRecord<byte[], byte[]> r : records) {
                        if (size == timestamps.length) {
                            timestamps = Arrays.copyOf(timestamps, size * 2);
                            arrivals = Arrays.copyOf(arrivals, size * 2);
                            arrivalNanos = Arrays.copyOf(arrivalNanos, size * 2);
                        }
                        timestamps[size] = r.timestamp();
                        arrivals[size] = now;
                        arrivalNanos[size] = nanos;
                        size++;
                    }
                }
            }
            consumer.close();
        }

        /** Mentions of articles sent between these times (inclusive). */
        synchronized long count(long from, long to) {
            long n = 0;
            for (int i = 0; i < size; i++) {
                if (timestamps[i] >= from && timestamps[i] <= to) {
                    n++;
                }
            }
            return n;
        }

        synchronized long lastArrivalNanos(long from, long to) {
            long last = 0;
            for (int i = 0; i < size; i++) {
                if (timestamps[i] >= from && timestamps[i] <= to) {
                    last = Math.max(last, arrivalNanos[i]);
                }
            }
            return last;
        }

        synchronized long[] delays(long from, long to) {
            long[] out = new long[size];
            int n = 0;
            for (int i = 0; i < size; i++) {
                if (timestamps[i] >= from && timestamps[i] <= to) {
                    out[n++] = arrivals[i] - timestamps[i];
                }
            }
            return Arrays.copyOf(out, n);
        }

        void stop() {
            running.set(false);
        }

        @Override
        public void close() {
            running.set(false);
        }
    }

    private static long percentile(long[] sorted, int p) {
        if (sorted.length == 0) {
            return -1;
        }
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p / 100.0 * sorted.length) - 1)];
    }

    private static void await(String what, Duration timeout, BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("timed out waiting for " + what);
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(200));
        }
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static void log(String format, Object... args) {
        System.err.println("[tagger-bench] " + String.format(java.util.Locale.ROOT, format, args));
    }

    private static void deleteTree(Path dir) throws IOException {
        try (var paths = Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
