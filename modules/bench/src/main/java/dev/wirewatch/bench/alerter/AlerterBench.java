package dev.wirewatch.bench.alerter;

import dev.wirewatch.alerter.AlerterStage;
import dev.wirewatch.alerter.webhook.WebhookSignature;
import dev.wirewatch.broker.EmbeddedKafka;
import dev.wirewatch.core.config.WirewatchConfig;
import dev.wirewatch.core.secrets.SecretKeys;
import dev.wirewatch.core.http.HealthChecks;
import dev.wirewatch.core.kafka.KafkaTopicsAdmin;
import dev.wirewatch.core.kafka.TopicNames;
import dev.wirewatch.core.kafka.Topics;
import dev.wirewatch.core.model.Alert;
import dev.wirewatch.core.model.ArticleIds;
import dev.wirewatch.core.model.Channel;
import dev.wirewatch.core.model.DeliveryMode;
import dev.wirewatch.core.model.Highlight;
import dev.wirewatch.core.model.Mention;
import dev.wirewatch.core.model.Subscription;
import dev.wirewatch.core.spi.Stage;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * The alerter's load run on an embedded broker, with {@code --subscriptions} subscriptions (10,000 by default):
 *
 * <ol>
 *   <li><b>fan-out</b>: {@code --mentions} mentions spread over {@code --topics} tracked topics go through the fan-out
 *       topology (exactly-once) to alert records; reported as alerts per second, from the first to the last alert
 *       record (their timestamps are the fan-out's clock), and end to end from the moment the fan-out is running to
 *       the last alert committed.</li>
 *   <li><b>delivery</b>: {@code --alerts} alerts for the subscriptions' webhooks (one URL and secret each) are delivered
 *       to a local receiver with Standard Webhooks signatures, every attempt recorded; reported as deliveries per
 *       second at the receiver.</li>
 * </ol>
 *
 * <p>Usage: {@code AlerterBench [--part fanout|delivery|both] [--subscriptions N] [--topics N] [--mentions N]
 * [--alerts N] [--threads N] [--partitions N] [--commit-interval 100ms] [--set KEY=VALUE]...}. Heap figures are for the whole JVM: broker, stage and load
 * generator together. This is a load run, not a microbenchmark: on a shared machine its figures are lower bounds.
 */
public final class AlerterBench {

    private static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

    private AlerterBench() {
    }

    record Options(String part, int subscriptions, int topics, int mentions, int alerts, int threads, int partitions,
            String commitInterval, Map<String, String> extra) {
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 1 && args[0].equals("--receiver")) {
            receiver();
            return;
        }
        String part = "both";
        int subscriptions = 10_000;
        int topics = 100;
        int mentions = 2_000;
        int alerts = 60_000;
        int threads = 1;
        int partitions = 6;
        String commitInterval = "100ms";
        Map<String, String> extra = new java.util.HashMap<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--part" -> part = args[++i];
                case "--subscriptions" -> subscriptions = Integer.parseInt(args[++i]);
                case "--topics" -> topics = Integer.parseInt(args[++i]);
                case "--mentions" -> mentions = Integer.parseInt(args[++i]);
                case "--alerts" -> alerts = Integer.parseInt(args[++i]);
                case "--threads" -> threads = Integer.parseInt(args[++i]);
                case "--partitions" -> partitions = Integer.parseInt(args[++i]);
                case "--commit-interval" -> commitInterval = args[++i];
                case "--set" -> {
                    String[] kv = args[++i].split("=", 2);
                    extra.put(kv[0], kv[1]);
                }
                default -> {
                    System.err.println("unknown option " + args[i]);
                    System.exit(2);
                }
            }
        }
        Options options = new Options(part, subscriptions, topics, mentions, alerts, threads, partitions,
                commitInterval, Map.copyOf(extra));
        Path data = Files.createTempDirectory("wirewatch-alerter-bench-");
        try (EmbeddedKafka kafka = EmbeddedKafka.builder().start()) {
            if (!part.equals("delivery")) {
                fanout(kafka, data.resolve("fanout"), options);
            }
            if (!part.equals("fanout")) {
                delivery(kafka, data.resolve("delivery"), options);
            }
        }
        System.out.printf(Locale.ROOT, "heap: peak used %d MiB, max %d MiB (JVM: broker, stage and load generator)%n",
                peakHeap() >> 20, Runtime.getRuntime().maxMemory() >> 20);
        System.exit(0);
    }

    private static void fanout(EmbeddedKafka kafka, Path data, Options o) throws Exception {
        TopicNames names = new TopicNames("fanout.", (short) 1, o.partitions());
        KafkaTopicsAdmin.ensureTopics(client(kafka), names);
        try (KafkaProducer<byte[], byte[]> producer = producer(kafka)) {
            for (int i = 0; i < o.subscriptions(); i++) {
                String id = "sub-" + i;
                Subscription s = new Subscription(1, id, "Desk " + i, "bench", List.of("topic-" + (i % o.topics())),
                        List.of(), List.of(), DeliveryMode.realtime(), Channel.sse(), true, null, Instant.now());
                send(producer, names.of(Topics.SUBSCRIPTIONS), id, Topics.SUBSCRIPTION_SERDE.toBytes(s));
            }
            for (int i = 0; i < o.mentions(); i++) {
                Mention m = mention("topic-" + (i % o.topics()), i);
                send(producer, names.of(Topics.MENTIONS), m.topicId(), Topics.MENTION_SERDE.toBytes(m));
            }
            producer.flush();
        }
        long expected = (long) o.mentions() * (o.subscriptions() / o.topics());
        System.out.printf(Locale.ROOT, "fan-out: %d subscriptions over %d topics, %d mentions -> %d alerts expected, "
                + "%d stream thread(s), %d partitions, commit every %s%n", o.subscriptions(), o.topics(), o.mentions(), expected,
                o.threads(), o.partitions(), o.commitInterval());
        WirewatchConfig config = WirewatchConfig.of(Map.of(
                "kafka.bootstrap-servers", kafka.bootstrapServers(),
                "kafka.topic-prefix", names.prefix(),
                "kafka.partitions", Integer.toString(o.partitions()),
                "data.dir", data.toString(),
                "alerter.delivery.enabled", "false",
                "alerter.stream-threads", Integer.toString(o.threads()),
                "alerter.commit-interval", o.commitInterval())).with(o.extra());
        HealthChecks health = new HealthChecks();
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        long startNanos = System.nanoTime();
        long cpuAtRunning = 0;
        long stageCpuAtRunning = 0;
        try (Stage.Running running = new AlerterStage().start(config, new Stage.StageContext(meters, health, false))) {
            // progress from the fan-out's own counter, so that no consumer competes for the CPU while it runs
            long runningNanos = 0;
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(10);
            long nextReport = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (alertsWritten(meters) < expected && System.nanoTime() < deadline) {
                if (runningNanos == 0 && "RUNNING".equals(health.run().get("alerter-fanout").detail())) {
                    runningNanos = System.nanoTime();
                    cpuAtRunning = processCpuNanos();
                    stageCpuAtRunning = threadCpuNanos(names.prefix() + "alerter-fanout");
                }
                if (System.nanoTime() > nextReport) {
                    System.out.printf(Locale.ROOT, "fan-out: %.0f of %d alerts so far (%s)%n", alertsWritten(meters),
                            expected, health.run().get("alerter-fanout").detail());
                    nextReport = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
                }
                Thread.sleep(5);
            }
            long endNanos = System.nanoTime();
            long cpu = processCpuNanos() - cpuAtRunning;
            long stageCpu = threadCpuNanos(names.prefix() + "alerter-fanout") - stageCpuAtRunning;
            // then every alert must be there, committed, exactly once
            long count = 0;
            long first = Long.MAX_VALUE;
            long last = 0;
            java.util.Set<String> ids = new java.util.HashSet<>();
            try (KafkaConsumer<byte[], byte[]> consumer = consumer(kafka, "fanout-count")) {
                consumer.subscribe(List.of(names.of(Topics.ALERTS)));
                long readDeadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
                while (count < expected && System.nanoTime() < readDeadline) {
                    for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                        count++;
                        first = Math.min(first, r.timestamp());
                        last = Math.max(last, r.timestamp());
                        String json = new String(r.value(), 0, Math.min(120, r.value().length), StandardCharsets.UTF_8);
                        int at = json.indexOf("\"id\":\"");
                        ids.add(json.substring(at + 6, json.indexOf('"', at + 6)));
                    }
                }
            }
            System.out.printf(Locale.ROOT, "fan-out: %d alert records committed, %d distinct ids (expected %d)%n", count,
                    ids.size(), expected);
            if (count < expected) {
                return;
            }
            double processing = count / Math.max(0.001, (last - first) / 1000.0);
            double endToEnd = count / Math.max(0.001, (endNanos - (runningNanos == 0 ? startNanos : runningNanos)) / 1e9);
            System.out.printf(Locale.ROOT, "fan-out: %.0f alerts/s (first to last alert record), %.0f alerts/s from the "
                    + "fan-out running to the last alert written%n", processing, endToEnd);
            System.out.printf(Locale.ROOT, "fan-out: started in %.1f s; %.1f CPU-seconds for the run (broker and stage): "
                    + "%.0f alerts per CPU-second; of which the fan-out's own threads (stream and producer) %.1f: %.0f alerts "
                    + "per CPU-second; heap peak so far %d MiB%n",
                    ((runningNanos == 0 ? endNanos : runningNanos) - startNanos) / 1e9, cpu / 1e9, count / (cpu / 1e9),
                    stageCpu / 1e9, count / (stageCpu / 1e9), peakHeap() >> 20);
        }
    }

    private static double alertsWritten(SimpleMeterRegistry meters) {
        var counter = meters.find("wirewatch.alerter.alerts").tag("kind", "realtime").counter();
        return counter == null ? 0 : counter.count();
    }

    private static void delivery(EmbeddedKafka kafka, Path data, Options o) throws Exception {
        TopicNames names = new TopicNames("delivery.", (short) 1, o.partitions());
        KafkaTopicsAdmin.ensureTopics(client(kafka), names);
        Process receiver = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m", "-cp", System.getProperty("java.class.path"),
                AlerterBench.class.getName(), "--receiver").redirectError(ProcessBuilder.Redirect.INHERIT).start();
        java.io.BufferedReader lines = new java.io.BufferedReader(new java.io.InputStreamReader(receiver.getInputStream(),
                StandardCharsets.UTF_8));
        String line = lines.readLine();
        while (line != null && !line.strip().matches("\\d+")) {
            // a log line of the receiver's: the port comes on a line of its own
            line = lines.readLine();
        }
        if (line == null) {
            throw new IllegalStateException("the receiver process ended without telling its port");
        }
        int port = Integer.parseInt(line.strip());
        java.net.http.HttpClient control = java.net.http.HttpClient.newHttpClient();
        java.net.URI countUri = java.net.URI.create("http://127.0.0.1:" + port + "/count");
        String base = "http://127.0.0.1:" + port + "/hook/";
        try (KafkaProducer<byte[], byte[]> producer = producer(kafka)) {
            for (int i = 0; i < o.subscriptions(); i++) {
                String id = "sub-" + i;
                Subscription s = new Subscription(1, id, "Desk " + i, "bench", List.of("topic-" + (i % o.topics())),
                        List.of(), List.of(), DeliveryMode.realtime(), Channel.webhook(base + i, SECRET), true, null,
                        Instant.now());
                send(producer, names.of(Topics.SUBSCRIPTIONS), id, Topics.SUBSCRIPTION_SERDE.toBytes(s));
            }
            for (int i = 0; i < o.alerts(); i++) {
                String sub = "sub-" + (i % o.subscriptions());
                Alert alert = new Alert(1, "al_bench_" + i, sub, Alert.REALTIME, List.of(mention("topic-" + (i % o.topics()), i)),
                        Instant.now(), null);
                send(producer, names.of(Topics.ALERTS), sub, Topics.ALERT_SERDE.toBytes(alert));
            }
            producer.flush();
        }
        System.out.printf(Locale.ROOT, "delivery: %d alerts to %d webhook endpoints (one URL and secret each) "
                + "on a local receiver, %d partitions%n", o.alerts(), o.subscriptions(), o.partitions());
        WirewatchConfig config = WirewatchConfig.of(Map.of(
                "kafka.bootstrap-servers", kafka.bootstrapServers(),
                "kafka.topic-prefix", names.prefix(),
                "data.dir", data.toString(),
                "alerter.fanout.enabled", "false",
                "secrets.key", SecretKeys.newKey("bench"),
                "webhooks.allow-private", "127.0.0.0/8")).with(o.extra());
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        long start = System.nanoTime();
        try (Stage.Running running = new AlerterStage().start(config,
                new Stage.StageContext(meters, new HealthChecks(), false))) {
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(10);
            long nextReport = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            long cpuAtFirst = 0;
            long ownCpuAtFirst = 0;
            long[] counts = count(control, countUri);
            while (counts[0] < o.alerts() && System.nanoTime() < deadline) {
                Thread.sleep(50);
                counts = count(control, countUri);
                if (cpuAtFirst == 0 && counts[0] > 0) {
                    cpuAtFirst = processCpuNanos();
                    ownCpuAtFirst = deliveryCpuNanos();
                }
                if (System.nanoTime() > nextReport) {
                    System.out.printf(Locale.ROOT, "delivery: %d of %d received so far%n", counts[0], o.alerts());
                    nextReport = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
                }
            }
            long end = System.nanoTime();
            long cpu = processCpuNanos() - cpuAtFirst;
            long ownCpu = deliveryCpuNanos() - ownCpuAtFirst;
            long n = counts[0];
            double rate = n / Math.max(0.001, (counts[2] - counts[1]) / 1000.0);
            System.out.printf(Locale.ROOT, "delivery: %d deliveries, %.0f deliveries/s at the receiver (first to last), "
                    + "%.0f/s including start-up; %d sampled signatures verified by the receiver%n", n, rate,
                    n / ((end - start) / 1e9), counts[3]);
            double delivered = meters.find("wirewatch.alerter.deliveries").tag("outcome", "delivered").counter() == null ? 0
                    : meters.find("wirewatch.alerter.deliveries").tag("outcome", "delivered").counter().count();
            System.out.printf(Locale.ROOT, "delivery: %.0f recorded as delivered; request latency p50 %.1f ms, p99 %.1f ms; "
                    + "%.1f CPU-seconds in the alerter's JVM (broker and stage; the receiver is a process of its own) from "
                    + "the first delivery to the last: %.0f deliveries per CPU-second; of which the delivery's own threads "
                    + "%.1f: %.0f deliveries per CPU-second; receiver used %.1f CPU-seconds in all%n",
                    delivered, percentile(meters, 0.5), percentile(meters, 0.99), cpu / 1e9, n / (cpu / 1e9),
                    ownCpu / 1e9, n / (ownCpu / 1e9),
                    receiver.info().totalCpuDuration().map(d -> d.toMillis() / 1000.0).orElse(Double.NaN));
        } finally {
            receiver.destroy();
        }
    }

    private static long[] count(java.net.http.HttpClient control, java.net.URI uri) throws Exception {
        String[] parts = control.send(java.net.http.HttpRequest.newBuilder(uri).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString()).body().split(" ");
        long[] out = new long[parts.length];
        for (int i = 0; i < parts.length; i++) {
            out[i] = Long.parseLong(parts[i]);
        }
        return out;
    }

    /**
     * The receiver process: answers 204 to every webhook, verifies one signature in fifty, counts. It runs on Jetty
     * (the server of the console's Javalin) with a small thread pool: on two cores it shares the CPU with the alerter,
     * and the JDK's own HttpServer took about 300 µs of CPU per request, more than the delivery it measures.
     */
    private static void receiver() throws Exception {
        // logback's default is DEBUG on stdout, where the parent reads the port
        ((ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME))
                .setLevel(ch.qos.logback.classic.Level.WARN);
        AtomicLong received = new AtomicLong();
        AtomicLong verified = new AtomicLong();
        AtomicLong firstAt = new AtomicLong();
        AtomicLong lastAt = new AtomicLong();
        WebhookSignature verifier = WebhookSignature.of(SECRET);
        QueuedThreadPool threads = new QueuedThreadPool(32, 4);
        threads.setName("receiver");
        Server server = new Server(threads);
        ServerConnector connector = new ServerConnector(server, 1, 1);
        connector.setHost(InetAddress.getLoopbackAddress().getHostAddress());
        connector.setPort(0);
        connector.setAcceptQueueSize(1024);
        server.addConnector(connector);
        server.setHandler(new Handler.Abstract() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) throws IOException {
                String target = Request.getPathInContext(request);
                if (target.startsWith("/hook/")) {
                    byte[] body;
                    try (InputStream in = Request.asInputStream(request)) {
                        body = in.readAllBytes();
                    }
                    long n = received.incrementAndGet();
                    long now = System.currentTimeMillis();
                    firstAt.compareAndSet(0, now);
                    lastAt.set(now);
                    if (n % 50 == 0) {
                        HttpFields headers = request.getHeaders();
                        try {
                            verifier.verify(headers.get("webhook-id"), headers.get("webhook-timestamp"),
                                    headers.get("webhook-signature"), body, Instant.now());
                            verified.incrementAndGet();
                        } catch (WebhookSignature.VerificationException e) {
                            System.err.println("bad signature: " + e.getMessage());
                        }
                    }
                    response.setStatus(204);
                    callback.succeeded();
                } else if (target.equals("/count")) {
                    byte[] out = (received.get() + " " + firstAt.get() + " " + lastAt.get() + " " + verified.get())
                            .getBytes(StandardCharsets.UTF_8);
                    response.setStatus(200);
                    response.getHeaders().put(HttpHeader.CONTENT_LENGTH, out.length);
                    response.write(true, ByteBuffer.wrap(out), callback);
                } else {
                    response.setStatus(404);
                    callback.succeeded();
                }
                return true;
            }
        });
        server.start();
        System.out.println(connector.getLocalPort());
        System.out.flush();
        server.join();
    }

    private static double percentile(SimpleMeterRegistry meters, double p) {
        var timer = meters.find("wirewatch.alerter.delivery.latency").timer();
        if (timer == null) {
            return Double.NaN;
        }
        for (var v : timer.takeSnapshot().percentileValues()) {
            if (v.percentile() == p) {
                return v.value(TimeUnit.MILLISECONDS);
            }
        }
        return Double.NaN;
    }

    static Mention mention(String topic, int i) {
        String url = "https://www.elfaro.net/es/2026/11/bench-" + i;
        return new Mention(1, null, topic, 1, topic, ArticleIds.idFor(url), 1, url,
                "Deportados al CECOT: nota " + i, "elfaro.net", "es", Instant.now(), Instant.now(), "story-" + i, true,
                List.of(new Highlight("title", 14, 19)),
                "\u2026el Centro de Confinamiento del Terrorismo (CECOT) recibi\u00f3 a 238 venezolanos deportados\u2026",
                List.of("CECOT"));
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    /** CPU time of the live platform threads whose names start with a prefix (and their producers' threads). */
    private static long threadCpuNanos(String prefix) {
        return threadCpuNanos(name -> name.startsWith(prefix) || name.startsWith("kafka-producer-network-thread | " + prefix));
    }

    /**
     * CPU time of the delivery side's threads: the carriers of its virtual threads (deliveries, the consumer loop, the
     * HTTP client's tasks), the HTTP client's selector, and the producer and consumer network threads. The broker's
     * threads, GC and JIT are left out.
     */
    private static long deliveryCpuNanos() {
        return threadCpuNanos(name -> name.startsWith("ForkJoinPool-") || name.startsWith("HttpClient-1-")
                || name.startsWith("kafka-producer-network-thread | producer-") || name.startsWith("alerter-"));
    }

    private static long threadCpuNanos(java.util.function.Predicate<String> which) {
        java.lang.management.ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long total = 0;
        for (java.lang.management.ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
            if (info != null && which.test(info.getThreadName())) {
                total += Math.max(0, threads.getThreadCpuTime(info.getThreadId()));
            }
        }
        return total;
    }

    private static long peakHeap() {
        long peak = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP && pool.getPeakUsage() != null) {
                peak += pool.getPeakUsage().getUsed();
            }
        }
        return peak;
    }

    private static Properties client(EmbeddedKafka kafka) {
        Properties props = new Properties();
        props.put("bootstrap.servers", kafka.bootstrapServers());
        return props;
    }

    private static KafkaProducer<byte[], byte[]> producer(EmbeddedKafka kafka) {
        Properties props = client(kafka);
        props.put(ProducerConfig.LINGER_MS_CONFIG, "10");
        props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, "120000");
        props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "300000");
        // the load generator's duplicates are harmless (subscriptions are compacted, mentions are deduplicated), and an
        // idempotent producer whose first batch timed out on a busy machine can retry it forever (OutOfOrderSequence)
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "false");
        props.put(ProducerConfig.ACKS_CONFIG, "1");
        return new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer());
    }

    private static KafkaConsumer<byte[], byte[]> consumer(EmbeddedKafka kafka, String group) {
        Properties props = client(kafka);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "5000");
        return new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    private static void send(KafkaProducer<byte[], byte[]> producer, String topic, String key, byte[] value) {
        producer.send(new ProducerRecord<>(topic, key.getBytes(StandardCharsets.UTF_8), value), (meta, e) -> {
            if (e != null) {
                System.err.println("failed to write the load to " + topic + ": " + e);
            }
        });
    }
}
