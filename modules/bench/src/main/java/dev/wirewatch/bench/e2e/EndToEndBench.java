package dev.wirewatch.bench.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import dev.wirewatch.broker.EmbeddedKafka;
import dev.wirewatch.core.config.CoreSettings;
import dev.wirewatch.core.config.WirewatchConfig;
import dev.wirewatch.core.http.HealthChecks;
import dev.wirewatch.core.http.ServiceEndpoints;
import dev.wirewatch.core.kafka.Json;
import dev.wirewatch.core.kafka.KafkaTopicsAdmin;
import dev.wirewatch.core.kafka.TopicNames;
import dev.wirewatch.core.kafka.Topics;
import dev.wirewatch.core.model.Article;
import dev.wirewatch.core.model.ArticleIds;
import dev.wirewatch.core.model.Channel;
import dev.wirewatch.core.model.DeliveryMode;
import dev.wirewatch.core.model.Subscription;
import dev.wirewatch.core.model.TrackedTopic;
import dev.wirewatch.core.spi.Stage;
import dev.wirewatch.core.spi.Tool;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListConsumerGroupOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The end-to-end load run ({@code wirewatch bench e2e}): an embedded broker, the tagger and the alerter, N tracked
 * topics, M webhook subscriptions to a local receiver, and articles produced at a fixed rate; it reports the
 * articles tagged per second and the latency from an article's record timestamp to its verified webhook delivery.
 */
public final class EndToEndBench implements Tool {

    /** Terms that tracked topics are made of; articles mention some of them. */
    private static final List<String> VOCABULARY = List.of("cecot", "bukele", "pegasus", "salvatrucha", "reelection",
            "confinement", "spyware", "extradition", "assembly", "prison", "journalists", "amendment", "cartel",
            "migration", "deportation", "bitcoin", "imf", "drought", "harvest", "election", "senate", "tariff",
            "earthquake", "vaccine", "refinery", "strike", "court", "ombudsman", "surveillance", "corruption");

    @Override
    public String name() {
        return "bench e2e";
    }

    @Override
    public String description() {
        return "End-to-end load run: articles in, webhook alerts out; reports articles/s and alert latency.";
    }

    record Options(Duration duration, int rate, int topics, int subscriptions, Path report, Duration warmup) {
        static Options parse(String[] args) {
            Duration duration = Duration.ofSeconds(60);
            int rate = 200;
            int topics = 100;
            int subscriptions = 100;
            Path report = null;
            Duration warmup = Duration.ofSeconds(10);
            Deque<String> rest = new ArrayDeque<>(Arrays.asList(args));
            while (!rest.isEmpty()) {
                String flag = rest.pop();
                if (rest.isEmpty()) {
                    throw new IllegalArgumentException("missing value for " + flag);
                }
                String value = rest.pop();
                switch (flag) {
                    case "--duration" -> duration = duration(value);
                    case "--warmup" -> warmup = duration(value);
                    case "--rate" -> rate = positive(flag, value);
                    case "--topics" -> topics = positive(flag, value);
                    case "--subscriptions" -> subscriptions = positive(flag, value);
                    case "--report" -> report = Path.of(value);
                    default -> throw new IllegalArgumentException("unknown option " + flag
                            + " (use --duration 60s --rate N --topics N --subscriptions N --report F.json)");
                }
            }
            return new Options(duration, rate, topics, subscriptions, report, warmup);
        }

        private static Duration duration(String text) {
            return dev.wirewatch.core.config.ConfigKey.duration("bench.duration", null, "").parser().apply(text);
        }

        private static int positive(String flag, String value) {
            try {
                int n = Integer.parseInt(value);
                if (n > 0) {
                    return n;
                }
            } catch (NumberFormatException e) {
                // reported below
            }
            throw new IllegalArgumentException(flag + " takes a positive whole number, got '" + value + "'");
        }
    }

    @Override
    public int run(String[] args, PrintStream out, PrintStream err) throws Exception {
        Options options;
        try {
            options = Options.parse(args);
        } catch (IllegalArgumentException e) {
            err.println("wirewatch bench e2e: " + e.getMessage());
            return 2;
        }
        ObjectNode report = run(options, out);
        String json = Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(report);
        if (options.report() != null) {
            Files.writeString(options.report(), json);
        }
        out.println(json);
        return 0;
    }

    /** Runs the load and returns the report. */
    static ObjectNode run(Options options, PrintStream out) throws Exception {
        Random random = new Random(42);
        Map<String, Long> sentAt = new ConcurrentHashMap<>();
        Set<String> seen = ConcurrentHashMap.newKeySet();
        List<Long> latencies = java.util.Collections.synchronizedList(new ArrayList<>());
        AtomicLong deliveries = new AtomicLong();
        HttpServer receiver = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 512);
        receiver.createContext("/hook", exchange -> {
            long now = System.currentTimeMillis();
            byte[] body = exchange.getRequestBody().readAllBytes();
            String id = exchange.getRequestHeaders().getFirst("webhook-id");
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
            deliveries.incrementAndGet();
            if (id != null && !seen.add(id)) {
                return;
            }
            for (String articleId : articleIds(body)) {
                Long sent = sentAt.get(articleId);
                if (sent != null) {
                    latencies.add(now - sent);
                }
            }
        });
        receiver.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        receiver.start();
        String hookUrl = "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook";

        Path data = Files.createTempDirectory("wirewatch-e2e-");
        List<Stage.Running> running = new ArrayList<>();
        PrometheusMeterRegistry meters = ServiceEndpoints.newRegistry();
        try (EmbeddedKafka kafka = EmbeddedKafka.builder().dataDir(data).start()) {
            // WIREWATCH_* variables reach the stages, so that a setting can be compared without a rebuild
            WirewatchConfig config = WirewatchConfig.load(null, System.getenv(), Map.of(
                    CoreSettings.BOOTSTRAP_SERVERS.key(), kafka.bootstrapServers(),
                    CoreSettings.DATA_DIR.key(), data.toString(),
                    CoreSettings.WEBHOOKS_ALLOW_PRIVATE.key(), "127.0.0.0/8",
                    CoreSettings.HTTP_PORT.key(), "0"));
            TopicNames names = config.topicNames();
            Properties props = config.kafkaProperties();
            KafkaTopicsAdmin.ensureTopics(props, names);
            try (KafkaProducer<byte[], byte[]> producer = producer(props)) {
                List<TrackedTopic> topics = seed(producer, names, options, random, hookUrl);
                HealthChecks health = new HealthChecks();
                List<Stage> stages = ServiceLoader.load(Stage.class).stream().map(ServiceLoader.Provider::get)
                        .filter(s -> s.name().equals("tagger") || s.name().equals("alerter"))
                        .sorted(Comparator.comparingInt(Stage::order)).toList();
                if (stages.size() < 2) {
                    throw new IllegalStateException("the e2e run needs the tagger and the alerter on the class path; found "
                            + stages.stream().map(Stage::name).toList());
                }
                for (Stage stage : stages) {
                    running.add(stage.start(config, new Stage.StageContext(meters, health, false)));
                }
                out.println("e2e: " + topics.size() + " topics, " + options.subscriptions() + " subscriptions, "
                        + options.rate() + " articles/s for " + options.duration().toSeconds() + " s after "
                        + options.warmup().toSeconds() + " s warm-up");
                produce(producer, names, options.warmup(), options.rate(), topics, random, new ConcurrentHashMap<>());
                latencies.clear();
                long start = System.nanoTime();
                long produced = produce(producer, names, options.duration(), options.rate(), topics, random, sentAt);
                long caughtUp = awaitTaggerCaughtUp(props, names, Duration.ofSeconds(120));
                double seconds = (caughtUp - start) / 1e9;
                // let deliveries drain: until none arrived for 5 s, at most 120 s
                long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
                long last = -1;
                long quietSince = System.nanoTime();
                while (System.nanoTime() < deadline && System.nanoTime() - quietSince < Duration.ofSeconds(5).toNanos()) {
                    long now = deliveries.get();
                    if (now != last) {
                        last = now;
                        quietSince = System.nanoTime();
                    }
                    TimeUnit.MILLISECONDS.sleep(250);
                }
                return report(options, produced, seconds, latencies, deliveries.get());
            }
        } finally {
            for (int i = running.size() - 1; i >= 0; i--) {
                running.get(i).close();
            }
            receiver.stop(0);
            meters.close();
        }
    }

    private static KafkaProducer<byte[], byte[]> producer(Properties props) {
        Properties p = new Properties();
        p.putAll(props);
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        p.put(ProducerConfig.LINGER_MS_CONFIG, "2");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        return new KafkaProducer<>(p);
    }

    private static List<TrackedTopic> seed(KafkaProducer<byte[], byte[]> producer, TopicNames names, Options options,
            Random random, String hookUrl) throws Exception {
        List<TrackedTopic> topics = new ArrayList<>();
        for (int i = 0; i < options.topics(); i++) {
            String a = VOCABULARY.get(random.nextInt(VOCABULARY.size()));
            String b = VOCABULARY.get(random.nextInt(VOCABULARY.size()));
            String query = switch (i % 3) {
                case 0 -> a + " OR \"" + a + " " + b + "\"";
                case 1 -> a + " AND " + b;
                default -> a + " NEAR/5 " + b;
            };
            TrackedTopic topic = TrackedTopic.of("t" + i, "Topic " + i, query);
            topics.add(topic);
            producer.send(new ProducerRecord<>(names.of(Topics.TRACKED_TOPICS), bytes(topic.id()),
                    Topics.TRACKED_TOPIC_SERDE.toBytes(topic)));
        }
        for (int i = 0; i < options.subscriptions(); i++) {
            List<String> subscribed = List.of(topics.get(random.nextInt(topics.size())).id(),
                    topics.get(random.nextInt(topics.size())).id());
            Subscription subscription = new Subscription(Subscription.SCHEMA_VERSION, "s" + i, "Desk " + i, "bench",
                    subscribed, List.of(), List.of(), DeliveryMode.realtime(),
                    Channel.webhook(hookUrl, "whsec_" + java.util.Base64.getEncoder().encodeToString(bytes("secret-" + i))),
                    true, null, Instant.now());
            producer.send(new ProducerRecord<>(names.of(Topics.SUBSCRIPTIONS), bytes(subscription.id()),
                    Topics.SUBSCRIPTION_SERDE.toBytes(subscription)));
        }
        producer.flush();
        return topics;
    }

    /** Produces articles at the rate for the duration; returns how many. */
    private static long produce(KafkaProducer<byte[], byte[]> producer, TopicNames names, Duration duration, int rate,
            List<TrackedTopic> topics, Random random, Map<String, Long> sentAt) {
        long start = System.nanoTime();
        long end = start + duration.toNanos();
        long count = 0;
        String topic = names.of(Topics.ARTICLES);
        while (System.nanoTime() < end) {
            long due = start + count * 1_000_000_000L / rate;
            long wait = due - System.nanoTime();
            if (wait > 0) {
                java.util.concurrent.locks.LockSupport.parkNanos(wait);
            }
            Article article = article(count, random);
            long now = System.currentTimeMillis();
            sentAt.put(article.id(), now);
            producer.send(new ProducerRecord<>(topic, null, now, bytes(article.id()), Topics.ARTICLE_SERDE.toBytes(article)));
            count++;
        }
        producer.flush();
        return count;
    }

    /** An article of about 3 KB of filler with a few vocabulary words, so that some topics match. */
    static Article article(long n, Random random) {
        StringBuilder body = new StringBuilder(3200);
        String[] filler = {"the", "officials", "said", "on", "tuesday", "that", "a", "report", "would", "be", "published",
            "after", "weeks", "of", "talks", "in", "the", "capital", "according", "to", "people", "familiar", "with", "it"};
        while (body.length() < 3000) {
            if (random.nextInt(40) == 0) {
                body.append(VOCABULARY.get(random.nextInt(VOCABULARY.size()))).append(' ');
            }
            body.append(filler[random.nextInt(filler.length)]).append(' ');
        }
        String url = "https://bench.example/news/" + n + "-" + random.nextInt(1_000_000);
        Instant now = Instant.now();
        return new Article(Article.SCHEMA_VERSION, ArticleIds.idFor(url), 1, url, ArticleIds.canonicalize(url), "bench",
                "bench.example", "Report " + n + " " + VOCABULARY.get(random.nextInt(VOCABULARY.size())), null,
                body.toString(), null, "en", now, now, Long.toHexString(random.nextLong()));
    }

    /** Waits until the tagger's committed offsets reach the end of the articles topic; returns System.nanoTime(). */
    private static long awaitTaggerCaughtUp(Properties props, TopicNames names, Duration limit) throws Exception {
        String group = names.prefix() + "tagger";
        long deadline = System.nanoTime() + limit.toNanos();
        try (Admin admin = Admin.create(props)) {
            List<TopicPartition> partitions = admin.describeTopics(List.of(names.of(Topics.ARTICLES))).allTopicNames()
                    .get(30, TimeUnit.SECONDS).values().iterator().next().partitions().stream()
                    .map(p -> new TopicPartition(names.of(Topics.ARTICLES), p.partition())).toList();
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            partitions.forEach(p -> latest.put(p, OffsetSpec.latest()));
            while (System.nanoTime() < deadline) {
                Map<TopicPartition, Long> end = new HashMap<>();
                admin.listOffsets(latest).all().get(30, TimeUnit.SECONDS).forEach((tp, info) -> end.put(tp, info.offset()));
                ListConsumerGroupOffsetsResult committed = admin.listConsumerGroupOffsets(group);
                Map<TopicPartition, OffsetAndMetadata> offsets = committed.partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS);
                boolean done = partitions.stream().allMatch(p -> offsets.get(p) != null && offsets.get(p).offset() >= end.get(p));
                if (done) {
                    return System.nanoTime();
                }
                TimeUnit.MILLISECONDS.sleep(100);
            }
        }
        throw new IllegalStateException("the tagger did not catch up within " + limit.toSeconds() + " s");
    }

    private static ObjectNode report(Options options, long produced, double seconds, List<Long> latencies, long deliveries) {
        ObjectNode report = Json.mapper().createObjectNode();
        report.put("durationSeconds", options.duration().toSeconds());
        report.put("targetRate", options.rate());
        report.put("topics", options.topics());
        report.put("subscriptions", options.subscriptions());
        report.put("articles", produced);
        report.put("articlesPerSecond", Math.round(produced / seconds * 10) / 10.0);
        report.put("webhookDeliveries", deliveries);
        List<Long> sorted;
        synchronized (latencies) {
            sorted = new ArrayList<>(latencies);
        }
        sorted.sort(null);
        ObjectNode latency = report.putObject("alertLatencyMs");
        latency.put("count", sorted.size());
        latency.put("p50", percentile(sorted, 0.50));
        latency.put("p90", percentile(sorted, 0.90));
        latency.put("p99", percentile(sorted, 0.99));
        latency.put("max", sorted.isEmpty() ? 0 : sorted.get(sorted.size() - 1));
        report.put("heapUsedMb", (Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory()) / (1024 * 1024));
        report.put("cores", Runtime.getRuntime().availableProcessors());
        return report;
    }

    static long percentile(List<Long> sorted, double p) {
        if (sorted.isEmpty()) {
            return 0;
        }
        int index = (int) Math.ceil(p * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(index, sorted.size() - 1)));
    }

    /** Every {@code articleId} field anywhere in a JSON body. */
    static List<String> articleIds(byte[] body) {
        List<String> ids = new ArrayList<>();
        try {
            collect(Json.mapper().readTree(body), ids);
        } catch (IOException e) {
            // not JSON: no latency sample
        }
        return ids;
    }

    private static void collect(JsonNode node, List<String> ids) {
        if (node.isObject()) {
            node.properties().forEach(e -> {
                if (e.getKey().equals("articleId") && e.getValue().isTextual()) {
                    ids.add(e.getValue().asText());
                } else {
                    collect(e.getValue(), ids);
                }
            });
        } else if (node.isArray()) {
            node.forEach(child -> collect(child, ids));
        }
    }

    private static byte[] bytes(String text) {
        return text.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    /** Runs the benchmark from the command line. */
    public static void main(String[] args) throws Exception {
        System.exit(new EndToEndBench().run(args, System.out, System.err));
    }
}
