package dev.wirewatch.bench.collector;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.wirewatch.collector.Collector;
import dev.wirewatch.core.config.WirewatchConfig;
import dev.wirewatch.core.model.Feed;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Load run of the collector's polling against a local farm of feeds: JDK HTTP servers on loopback addresses
 * (127.0.1.1, 127.0.1.2, ...; nothing leaves the machine) serve N RSS feeds, and the real {@link Collector} polls
 * them all, round after round, as fast as it can.
 *
 * <p>Two modes: {@code 304}, where every feed answers a conditional GET with 304 Not Modified, and {@code new},
 * where every poll returns 20 items never seen before (parsed, deduplicated and handed to a counting sink; the
 * article pages are not fetched, {@code collector.fetch-full-text=false}, since the farm serves no pages). Prints
 * polls per second per round and the best of the measured rounds (the first round warms up and is not counted).
 *
 * <p>Usage: {@code FeedFarmBench [--feeds 10000] [--hosts 50] [--items 20] [--rounds 4] [--mode 304|new|both]
 * [--concurrency 256] [--per-host 32]}.
 */
public final class FeedFarmBench {

    private FeedFarmBench() {
    }

    public static void main(String[] args) throws Exception {
        int feeds = 10_000;
        int hosts = 50;
        int items = 20;
        int rounds = 4;
        int concurrency = 256;
        int perHost = 32;
        String mode = "both";
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--feeds" -> feeds = Integer.parseInt(args[++i]);
                case "--hosts" -> hosts = Integer.parseInt(args[++i]);
                case "--items" -> items = Integer.parseInt(args[++i]);
                case "--rounds" -> rounds = Integer.parseInt(args[++i]);
                case "--mode" -> mode = args[++i];
                case "--concurrency" -> concurrency = Integer.parseInt(args[++i]);
                case "--per-host" -> perHost = Integer.parseInt(args[++i]);
                default -> throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
        System.out.printf(Locale.ROOT, "feed farm: %d feeds on %d loopback hosts, %d items per feed, %d cores%n", feeds, hosts,
                items, Runtime.getRuntime().availableProcessors());
        if (mode.equals("304") || mode.equals("both")) {
            run(feeds, hosts, items, rounds, concurrency, perHost, false);
        }
        if (mode.equals("new") || mode.equals("both")) {
            run(feeds, hosts, items, rounds, concurrency, perHost, true);
        }
    }

    private static void run(int feedCount, int hostCount, int items, int rounds, int concurrency, int perHost, boolean fresh)
            throws Exception {
        try (Farm farm = new Farm(hostCount, items, fresh)) {
            SimpleMeterRegistry meters = new SimpleMeterRegistry();
            AtomicLong articles = new AtomicLong();
            WirewatchConfig config = WirewatchConfig.of(Map.of(
                    "webhooks.allow-private", "127.0.0.0/8",
                    "collector.min-interval", "1h",
                    "collector.max-interval", "2h",
                    "collector.per-host-rate", "0",
                    "collector.per-host-concurrency", Integer.toString(perHost),
                    "collector.max-concurrency", Integer.toString(concurrency),
                    "collector.fetch-full-text", "false",
                    "collector.dedup-capacity", Integer.toString(Math.max(1_000, feedCount * items * (rounds + 1)))));
            try (Collector collector = Collector.create(config, meters, a -> articles.incrementAndGet())) {
                for (int i = 0; i < feedCount; i++) {
                    collector.upsert(Feed.of("farm-" + i, farm.url(i)));
                }
                String label = fresh ? "new items (" + items + " per poll)" : "304 Not Modified";
                List<Double> rates = new ArrayList<>();
                for (int round = 0; round <= rounds; round++) {
                    long before = polls(meters);
                    long articlesBefore = articles.get();
                    long start = System.nanoTime();
                    collector.refreshAll();
                    long deadline = start + Duration.ofMinutes(5).toNanos();
                    while (polls(meters) - before < feedCount && System.nanoTime() < deadline) {
                        Thread.sleep(5);
                    }
                    double seconds = (System.nanoTime() - start) / 1e9;
                    long done = polls(meters) - before;
                    double rate = done / seconds;
                    System.out.printf(Locale.ROOT, "  %s round %d%s: %d polls in %.2fs = %.0f polls/s, %d articles, %d errors%n",
                            label, round, round == 0 ? " (warm-up)" : "", done, seconds, rate, articles.get() - articlesBefore,
                            count(meters, "error"));
                    if (round > 0) {
                        rates.add(rate);
                    }
                }
                rates.sort(null);
                System.out.printf(Locale.ROOT, "%s: best %.0f polls/s, median %.0f polls/s (%d feeds, %d measured rounds)%n", label,
                        rates.get(rates.size() - 1), rates.get(rates.size() / 2), feedCount, rates.size());
            }
        }
    }

    private static long polls(SimpleMeterRegistry meters) {
        // the meters of the three outcomes, looked up once (the registry holds a few gauges per feed)
        List<Counter> counters = POLL_COUNTERS.computeIfAbsent(meters, m -> List.of(
                m.get("wirewatch.collector.polls").tag("outcome", "ok").counter(),
                m.get("wirewatch.collector.polls").tag("outcome", "not_modified").counter(),
                m.get("wirewatch.collector.polls").tag("outcome", "error").counter()));
        long total = 0;
        for (Counter c : counters) {
            total += (long) c.count();
        }
        return total;
    }

    private static final Map<SimpleMeterRegistry, List<Counter>> POLL_COUNTERS = new java.util.IdentityHashMap<>();

    private static long count(SimpleMeterRegistry meters, String outcome) {
        Counter c = meters.find("wirewatch.collector.polls").tag("outcome", outcome).counter();
        return c == null ? 0 : (long) c.count();
    }

    /** The HTTP servers of the farm, one per loopback host. */
    private static final class Farm implements AutoCloseable {
        private final List<HttpServer> servers = new ArrayList<>();
        private final int items;
        private final boolean fresh;
        private final AtomicInteger sequence = new AtomicInteger();

        Farm(int hosts, int items, boolean fresh) throws IOException {
            this.items = items;
            this.fresh = fresh;
            for (int h = 0; h < hosts; h++) {
                InetAddress address = InetAddress.getByName("127.0.1." + (h + 1));
                HttpServer server = HttpServer.create(new InetSocketAddress(address, 0), 1024);
                server.createContext("/feed/", this::serve);
                server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
                server.start();
                servers.add(server);
            }
        }

        String url(int feed) {
            HttpServer server = servers.get(feed % servers.size());
            return "http://" + server.getAddress().getAddress().getHostAddress() + ":" + server.getAddress().getPort() + "/feed/" + feed;
        }

        private void serve(HttpExchange exchange) throws IOException {
            try (exchange) {
                String path = exchange.getRequestURI().getPath();
                int feed = Integer.parseInt(path.substring(path.lastIndexOf('/') + 1));
                if (!fresh) {
                    String etag = "\"f" + feed + "\"";
                    if (etag.equals(exchange.getRequestHeaders().getFirst("If-None-Match"))) {
                        exchange.sendResponseHeaders(304, -1);
                        return;
                    }
                    exchange.getResponseHeaders().set("ETag", etag);
                    send(exchange, rss(feed, 0));
                    return;
                }
                int version = sequence.incrementAndGet();
                exchange.getResponseHeaders().set("ETag", "\"f" + feed + "-" + version + "\"");
                send(exchange, rss(feed, version));
            }
        }

        private String rss(int feed, int version) {
            StringBuilder sb = new StringBuilder(600 + items * 400);
            sb.append("<?xml version=\"1.0\" encoding=\"utf-8\"?><rss version=\"2.0\"><channel><title>Farm feed ").append(feed)
                    .append("</title><link>https://farm.example.org/").append(feed).append("/</link><description>load</description>");
            for (int i = 0; i < items; i++) {
                String slug = feed + "-" + version + "-" + i;
                sb.append("<item><title>Story ").append(slug).append(" about term limits and the CECOT prison</title>")
                        .append("<link>https://farm.example.org/").append(feed).append("/story/").append(slug).append("?utm_source=rss</link>")
                        .append("<guid>").append(slug).append("</guid>")
                        .append("<description>&lt;p&gt;Summary of story ").append(slug)
                        .append(", with &lt;b&gt;markup&lt;/b&gt; that the collector turns into text.&lt;/p&gt;</description>")
                        .append("<pubDate>Mon, 05 Jan 2026 10:").append(String.format(Locale.ROOT, "%02d", i % 60)).append(":00 GMT</pubDate></item>");
            }
            return sb.append("</channel></rss>").toString();
        }

        private static void send(HttpExchange exchange, String body) throws IOException {
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/rss+xml; charset=utf-8");
            exchange.sendResponseHeaders(200, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }

        @Override
        public void close() {
            servers.forEach(s -> s.stop(0));
        }
    }
}
