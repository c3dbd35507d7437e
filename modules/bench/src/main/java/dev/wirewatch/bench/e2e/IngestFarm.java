package dev.wirewatch.bench.e2e;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.wirewatch.core.net.Forms;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ingestion bench's publisher side on 127.0.0.1 (nothing leaves the machine): RSS feeds, some naming a WebSub hub
 * and some not, Google News sitemaps, the article pages behind them, and the hub itself (W3C WebSub: a subscription
 * counts once the subscriber echoed the hub's challenge; content is distributed with {@code X-Hub-Signature: sha256=}
 * under the subscription's secret). Robots.txt is absent (404: everything allowed).
 *
 * <p>Servers run on small pools of named platform threads. This should be closed at the end of the run.
 */
final class IngestFarm implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(IngestFarm.class);
    private static final int ITEMS_PER_FEED = 20;
    private static final DateTimeFormatter RFC_822 = DateTimeFormatter.RFC_1123_DATE_TIME.withZone(ZoneOffset.UTC);

    /** A verified subscription at the hub. */
    record Subscription(String topic, String callback, String secret) {
    }

    /** One article of the farm: its URL, page, and when it was published (System.nanoTime). */
    record Item(String url, String title, String summary, byte[] page, long publishedNanos) {
    }

    private static final class FeedDoc {
        final ArrayDeque<Item> newest = new ArrayDeque<>();
        long version;
        final AtomicLong served = new AtomicLong();
    }

    private final HttpServer server;
    private final ExecutorService pool;
    private final HttpClient client;
    private final ExecutorService clientPool;
    private final String base;
    private final Map<String, FeedDoc> feeds = new ConcurrentHashMap<>();
    private final Map<String, List<Item>> sitemaps = new ConcurrentHashMap<>();
    private final Map<String, Item> pages = new ConcurrentHashMap<>();
    private final Map<String, Subscription> subscriptions = new ConcurrentHashMap<>();
    private final Set<String> pushedPaths = ConcurrentHashMap.newKeySet();
    /** When each sitemap was served (System.nanoTime), in order. */
    private final Map<String, List<Long>> sitemapServes = new ConcurrentHashMap<>();
    final AtomicInteger failedVerifications = new AtomicInteger();
    final AtomicLong pushes = new AtomicLong();
    final AtomicLong pushFailures = new AtomicLong();
    final AtomicLong pageRequests = new AtomicLong();

    IngestFarm() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 256);
        AtomicInteger n = new AtomicInteger();
        pool = Executors.newFixedThreadPool(8, r -> Thread.ofPlatform().name("bench-farm-" + n.incrementAndGet()).daemon(true).unstarted(r));
        server.setExecutor(pool);
        server.createContext("/", this::serve);
        server.createContext("/hub", this::hub);
        server.start();
        base = "http://127.0.0.1:" + server.getAddress().getPort();
        AtomicInteger m = new AtomicInteger();
        clientPool = Executors.newFixedThreadPool(4, r -> Thread.ofPlatform().name("bench-hub-" + m.incrementAndGet()).daemon(true).unstarted(r));
        client = HttpClient.newBuilder().executor(clientPool).version(HttpClient.Version.HTTP_1_1).build();
    }

    String url(String path) {
        return base + path;
    }

    String hubUrl() {
        return base + "/hub";
    }

    /** Adds an empty RSS feed at {@code path}; with {@code pushed}, it names the hub and itself (rel=hub, rel=self). */
    void addFeed(String path, boolean pushed) {
        feeds.put(path, new FeedDoc());
        if (pushed) {
            pushedPaths.add(path);
        }
    }

    /** Adds an empty Google News sitemap at {@code path}. */
    void addSitemap(String path) {
        sitemaps.put(path, new ArrayList<>());
        sitemapServes.put(path, new ArrayList<>());
    }

    /** How many times the sitemap at {@code path} was served. */
    long sitemapServed(String path) {
        List<Long> serves = sitemapServes.get(path);
        synchronized (serves) {
            return serves.size();
        }
    }

    /** When (System.nanoTime) the sitemap was served for the time after its first {@code before} serves; -1 if not yet. */
    long sitemapFirstServedAfter(String path, long before) {
        List<Long> serves = sitemapServes.get(path);
        synchronized (serves) {
            return serves.size() > before ? serves.get((int) before) : -1;
        }
    }

    /** How many times the feed at {@code path} was served in full (200). */
    long served(String path) {
        return feeds.get(path).served.get();
    }

    int verifiedSubscriptions() {
        return subscriptions.size();
    }

    /** Publishes an item on a feed: the feed lists it from now on. Returns the feed document as it now is. */
    byte[] publish(String feedPath, Item item) {
        pages.put(URI.create(item.url()).getPath(), item);
        FeedDoc doc = feeds.get(feedPath);
        synchronized (doc) {
            doc.newest.addFirst(item);
            while (doc.newest.size() > ITEMS_PER_FEED) {
                doc.newest.removeLast();
            }
            doc.version++;
            return rss(feedPath, doc);
        }
    }

    /** Lists new items in a sitemap. */
    void publishInSitemap(String sitemapPath, List<Item> items) {
        for (Item item : items) {
            pages.put(URI.create(item.url()).getPath(), item);
        }
        List<Item> listed = sitemaps.get(sitemapPath);
        synchronized (listed) {
            listed.addAll(items);
        }
    }

    /**
     * Distributes a feed document to every verified subscriber of its topic, signed, and returns the number of
     * subscribers that acknowledged it with a 2xx.
     */
    int distribute(String feedPath, byte[] body) {
        String topic = url(feedPath);
        int ok = 0;
        for (Subscription s : subscriptions.values()) {
            if (!s.topic().equals(topic)) {
                continue;
            }
            HttpRequest request = HttpRequest.newBuilder(URI.create(s.callback())).POST(HttpRequest.BodyPublishers.ofByteArray(body))
                    .header("Content-Type", "application/rss+xml")
                    .header("X-Hub-Signature", "sha256=" + sign(s.secret(), body)).build();
            try {
                int status = client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
                pushes.incrementAndGet();
                if (status / 100 == 2) {
                    ok++;
                } else {
                    pushFailures.incrementAndGet();
                    LOG.error("Hub push of {} to {} answered {}", feedPath, s.callback(), status);
                }
            } catch (IOException e) {
                pushFailures.incrementAndGet();
                LOG.error("Hub push of {} to {} failed: {}", feedPath, s.callback(), e.toString());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return ok;
            }
        }
        return ok;
    }

    private byte[] rss(String path, FeedDoc doc) {
        StringBuilder xml = new StringBuilder(4096);
        xml.append("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<rss version=\"2.0\" xmlns:atom=\"http://www.w3.org/2005/Atom\">")
                .append("<channel><title>Bench ").append(Workload.xml(path)).append("</title><link>").append(base)
                .append("/</link><description>Wirewatch ingestion bench</description>");
        if (pushedPaths.contains(path)) {
            xml.append("<atom:link rel=\"hub\" href=\"").append(hubUrl()).append("\"/><atom:link rel=\"self\" href=\"")
                    .append(url(path)).append("\" type=\"application/rss+xml\"/>");
        }
        for (Item item : doc.newest) {
            xml.append("<item><title>").append(Workload.xml(item.title())).append("</title><link>").append(item.url())
                    .append("</link><guid>").append(item.url()).append("</guid><description>").append(Workload.xml(item.summary()))
                    .append("</description><pubDate>").append(RFC_822.format(Instant.now())).append("</pubDate></item>");
        }
        xml.append("</channel></rss>\n");
        return xml.toString().getBytes(StandardCharsets.UTF_8);
    }

    private byte[] sitemap(List<Item> items) {
        StringBuilder xml = new StringBuilder(1024 + items.size() * 300);
        xml.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\" ")
                .append("xmlns:news=\"http://www.google.com/schemas/sitemap-news/0.9\">\n");
        String now = DateTimeFormatter.ISO_INSTANT.format(Instant.now());
        for (Item item : items) {
            xml.append("<url><loc>").append(item.url()).append("</loc><news:news><news:publication><news:name>Bench</news:name>")
                    .append("<news:language>es</news:language></news:publication><news:publication_date>").append(now)
                    .append("</news:publication_date><news:title>").append(Workload.xml(item.title()))
                    .append("</news:title></news:news></url>\n");
        }
        xml.append("</urlset>\n");
        return xml.toString().getBytes(StandardCharsets.UTF_8);
    }

    private void serve(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            FeedDoc doc = feeds.get(path);
            if (doc != null) {
                byte[] body;
                String etag;
                synchronized (doc) {
                    etag = "\"v" + doc.version + "\"";
                    if (etag.equals(exchange.getRequestHeaders().getFirst("If-None-Match"))) {
                        exchange.sendResponseHeaders(304, -1);
                        return;
                    }
                    body = rss(path, doc);
                }
                doc.served.incrementAndGet();
                exchange.getResponseHeaders().set("ETag", etag);
                send(exchange, 200, "application/rss+xml; charset=utf-8", body);
                return;
            }
            List<Item> listed = sitemaps.get(path);
            if (listed != null) {
                byte[] body;
                synchronized (listed) {
                    body = sitemap(listed);
                }
                List<Long> serves = sitemapServes.get(path);
                synchronized (serves) {
                    serves.add(System.nanoTime());
                }
                send(exchange, 200, "application/xml; charset=utf-8", body);
                return;
            }
            Item item = pages.get(path);
            if (item != null) {
                pageRequests.incrementAndGet();
                send(exchange, 200, "text/html; charset=utf-8", item.page());
                return;
            }
            exchange.sendResponseHeaders(404, -1);
        }
    }

    /** Subscription requests (WebSub 5.1): accepted with 202, then intent verified (5.3) before the subscription counts. */
    private void hub(HttpExchange exchange) throws IOException {
        Map<String, String> form;
        try (exchange) {
            form = Forms.parse(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            String mode = form.getOrDefault("hub.mode", "");
            if (!mode.equals("subscribe") && !mode.equals("unsubscribe") || form.get("hub.callback") == null
                    || form.get("hub.topic") == null) {
                exchange.sendResponseHeaders(400, -1);
                return;
            }
            exchange.sendResponseHeaders(202, -1);
        }
        clientPool.execute(() -> verify(form));
    }

    private void verify(Map<String, String> form) {
        String challenge = UUID.randomUUID().toString();
        String mode = form.get("hub.mode");
        String callback = form.get("hub.callback");
        String query = "hub.mode=" + mode + "&hub.topic=" + Forms.encode(form.get("hub.topic")) + "&hub.challenge=" + Forms.encode(challenge)
                + (mode.equals("subscribe") ? "&hub.lease_seconds=" + form.getOrDefault("hub.lease_seconds", "86400") : "");
        try {
            HttpResponse<String> response = client.send(HttpRequest.newBuilder(URI.create(callback + (callback.contains("?") ? "&" : "?")
                    + query)).GET().build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() / 100 != 2 || !challenge.equals(response.body())) {
                failedVerifications.incrementAndGet();
                LOG.error("Hub: {} of {} not verified by {} ({})", mode, form.get("hub.topic"), callback, response.statusCode());
                return;
            }
            if (mode.equals("subscribe")) {
                subscriptions.put(callback, new Subscription(form.get("hub.topic"), callback, form.get("hub.secret")));
            } else {
                subscriptions.remove(callback);
            }
        } catch (IOException e) {
            failedVerifications.incrementAndGet();
            LOG.error("Hub: verification of {} failed: {}", callback, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static String sign(String secret, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK lacks HmacSHA256", e);
        }
    }

    private static void send(HttpExchange exchange, int status, String contentType, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        pool.shutdownNow();
        client.close();
        clientPool.shutdownNow();
    }
}
