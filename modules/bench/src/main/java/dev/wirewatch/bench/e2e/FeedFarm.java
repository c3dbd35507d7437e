package dev.wirewatch.bench.e2e;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A farm of RSS feeds on loopback addresses (127.0.1.1, 127.0.1.2, ...; nothing leaves the machine) that publishes
 * the workload's articles: each new article becomes the newest item of one feed, and its link leads to a full HTML
 * page served by the farm. Feeds answer {@code If-None-Match} with 304 while they have nothing new.
 *
 * <p>The farm remembers when each article appeared and when a feed listing it was first served, which is when the
 * collector's poll found it. Its servers run on a small pool of named platform threads, not virtual threads, so that
 * their CPU time is told apart from the collector's, whose polls run on virtual threads. This should be closed at the
 * end of the run.
 */
final class FeedFarm implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(FeedFarm.class);
    /** Items listed per feed, newest first: enough that a feed never scrolls an item off before its next poll. */
    static final int ITEMS_PER_FEED = 20;
    private static final DateTimeFormatter RFC_822 = DateTimeFormatter.RFC_1123_DATE_TIME.withZone(ZoneOffset.UTC);

    private final Workload workload;
    private final List<HttpServer> servers = new ArrayList<>();
    private final ExecutorService pool;
    private final Feed[] feeds;
    private final ConcurrentHashMap<Long, Item> items = new ConcurrentHashMap<>();
    final AtomicLong feedRequests = new AtomicLong();
    final AtomicLong notModified = new AtomicLong();
    final AtomicLong pageRequests = new AtomicLong();
    final AtomicLong notFound = new AtomicLong();

    /** One published article of the farm. */
    static final class Item {
        final long seq;
        final String url;
        final long publishedAt;
        final String title;
        final String summary;
        volatile long firstServedAt = -1;

        Item(long seq, String url, long publishedAt, String title, String summary) {
            this.seq = seq;
            this.url = url;
            this.publishedAt = publishedAt;
            this.title = title;
            this.summary = summary;
        }
    }

    /** One feed: its newest items and a version that changes with them (the ETag). */
    private static final class Feed {
        private final ArrayDeque<Item> newest = new ArrayDeque<>(ITEMS_PER_FEED);
        private long version;
    }

    FeedFarm(Workload workload, int feedCount, int hostCount) throws IOException {
        this.workload = workload;
        this.feeds = new Feed[feedCount];
        for (int i = 0; i < feedCount; i++) {
            feeds[i] = new Feed();
        }
        AtomicInteger threads = new AtomicInteger();
        this.pool = Executors.newFixedThreadPool(Math.max(4, hostCount),
                r -> Thread.ofPlatform().name("bench-farm-" + threads.incrementAndGet()).daemon(true).unstarted(r));
        for (int h = 0; h < hostCount; h++) {
            InetAddress address = InetAddress.getByName("127.0.1." + (h + 1));
            HttpServer server = HttpServer.create(new InetSocketAddress(address, 0), 1024);
            server.createContext("/feed/", this::serveFeed);
            server.createContext("/a/", this::servePage);
            server.setExecutor(pool);
            server.start();
            servers.add(server);
        }
    }

    int feedCount() {
        return feeds.length;
    }

    /** The URL of feed {@code n}. */
    String feedUrl(int n) {
        return base(n) + "/feed/" + n;
    }

    private String base(int feed) {
        HttpServer server = servers.get(feed % servers.size());
        return "http://" + server.getAddress().getAddress().getHostAddress() + ":" + server.getAddress().getPort();
    }

    /** The page URL of article {@code seq}, on the host of its feed. */
    String articleUrl(long seq) {
        return base(feedOf(seq)) + "/a/" + workload.runId() + "/" + seq;
    }

    private int feedOf(long seq) {
        return (int) (seq % feeds.length);
    }

    /** Publishes article {@code seq} as the newest item of its feed; returns it. */
    Item publish(long seq, long nowMillis) {
        Workload.Planned planned = workload.plan(seq);
        String text = planned.item().text();
        String summary = text.length() > 280 ? text.substring(0, 280) + "…" : text;
        Item item = new Item(seq, articleUrl(seq), nowMillis, planned.item().title(), summary);
        items.put(seq, item);
        Feed feed = feeds[feedOf(seq)];
        synchronized (feed) {
            if (feed.newest.size() == ITEMS_PER_FEED) {
                feed.newest.removeLast();
            }
            feed.newest.addFirst(item);
            feed.version++;
        }
        return item;
    }

    /** The item of article {@code seq}, or null. */
    Item item(long seq) {
        return items.get(seq);
    }

    /** Articles published so far. */
    int published() {
        return items.size();
    }

    /** The sequence number in a farm page URL, or -1. */
    static long seqOf(String url) {
        if (url == null) {
            return -1;
        }
        int slash = url.lastIndexOf('/');
        try {
            return Long.parseLong(url.substring(slash + 1));
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private void serveFeed(HttpExchange exchange) throws IOException {
        try (exchange) {
            feedRequests.incrementAndGet();
            String path = exchange.getRequestURI().getPath();
            int n;
            try {
                n = Integer.parseInt(path.substring(path.lastIndexOf('/') + 1));
            } catch (NumberFormatException e) {
                n = -1;
            }
            if (n < 0 || n >= feeds.length) {
                notFound.incrementAndGet();
                exchange.sendResponseHeaders(404, -1);
                return;
            }
            Feed feed = feeds[n];
            List<Item> listed;
            long version;
            synchronized (feed) {
                version = feed.version;
                listed = List.copyOf(feed.newest);
            }
            String etag = "\"v" + version + "\"";
            if (etag.equals(exchange.getRequestHeaders().getFirst("If-None-Match"))) {
                notModified.incrementAndGet();
                exchange.sendResponseHeaders(304, -1);
                return;
            }
            long now = System.currentTimeMillis();
            for (Item item : listed) {
                if (item.firstServedAt < 0) {
                    item.firstServedAt = now;
                }
            }
            byte[] body = rss(n, listed).getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("ETag", etag);
            exchange.getResponseHeaders().set("Content-Type", "application/rss+xml; charset=utf-8");
            send(exchange, body);
        } catch (IOException | RuntimeException e) {
            LOG.debug("Feed farm: a feed request failed: {}", e.toString());
        }
    }

    private String rss(int n, List<Item> listed) {
        StringBuilder sb = new StringBuilder(600 + listed.size() * 600);
        sb.append("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<rss version=\"2.0\"><channel><title>Farm feed ").append(n)
                .append("</title><link>").append(base(n)).append("/</link><description>Wirewatch bench feed farm</description>\n");
        for (Item item : listed) {
            sb.append("<item><title>").append(Workload.xml(item.title)).append("</title><link>").append(item.url)
                    .append("</link><guid isPermaLink=\"true\">").append(item.url).append("</guid><pubDate>")
                    .append(RFC_822.format(Instant.ofEpochMilli(item.publishedAt))).append("</pubDate><description>")
                    .append(Workload.xml(item.summary)).append("</description></item>\n");
        }
        return sb.append("</channel></rss>\n").toString();
    }

    private void servePage(HttpExchange exchange) throws IOException {
        try (exchange) {
            pageRequests.incrementAndGet();
            long seq = seqOf(exchange.getRequestURI().getPath());
            Item item = seq < 0 ? null : items.get(seq);
            if (item == null) {
                notFound.incrementAndGet();
                exchange.sendResponseHeaders(404, -1);
                return;
            }
            Workload.Planned planned = workload.plan(seq);
            byte[] body = Workload.page(planned, item.url);
            // a raw page keeps its own encoding: the extractor finds it as it would on the web
            exchange.getResponseHeaders().set("Content-Type",
                    planned.item().rawHtml() != null ? "text/html" : "text/html; charset=utf-8");
            send(exchange, body);
        } catch (IOException | RuntimeException e) {
            LOG.debug("Feed farm: a page request failed: {}", e.toString());
        }
    }

    private static void send(HttpExchange exchange, byte[] body) throws IOException {
        exchange.sendResponseHeaders(200, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    @Override
    public void close() {
        servers.forEach(s -> s.stop(0));
        pool.shutdownNow();
    }
}
