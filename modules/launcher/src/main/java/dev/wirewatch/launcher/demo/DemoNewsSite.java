package dev.wirewatch.launcher.demo;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A local news site for the demo: RSS and Atom feeds in English and Spanish whose items grow every few seconds,
 * with a full article page behind every link.
 *
 * <p>Feeds: {@code /feeds/world.rss} (RSS 2.0, English), {@code /feeds/americas.atom} (Atom 1.0, English) and
 * {@code /feeds/noticias.rss} (RSS 2.0, Spanish). Wire stories are republished by a second feed with small edits, as
 * syndicated copy is. Feeds answer conditional GETs with 304. This should be closed on application shutdown.
 */
public final class DemoNewsSite implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(DemoNewsSite.class);
    private static final int ITEMS_PER_FEED = 30;
    private static final DateTimeFormatter RFC_1123 = DateTimeFormatter.RFC_1123_DATE_TIME;

    /** The demo feeds: id, path, title, language. */
    public record FeedInfo(String id, String path, String title, String language) {
    }

    public static final List<FeedInfo> FEEDS = List.of(
            new FeedInfo("demo-world", "/feeds/world.rss", "Demo Wire: World", "en"),
            new FeedInfo("demo-americas", "/feeds/americas.atom", "Demo Wire: Americas", "en"),
            new FeedInfo("demo-noticias", "/feeds/noticias.rss", "Noticias de demostración", "es"),
            new FeedInfo("demo-local", "/sitemap-news.xml", "Demo Wire: Local (news sitemap)", "en"));

    /** The feed the site's WebSub hub pushes. */
    public static final String PUSHED_FEED = "demo-world";

    /** One published article. */
    record Item(String slug, String feed, String language, String headline, String author, List<String> paragraphs,
            Instant published, String canonicalSlug) {
    }

    private final HttpServer server;
    private final ScheduledExecutorService scheduler;
    private final Map<String, Item> articles = new ConcurrentHashMap<>();
    private final List<Item> published = new CopyOnWriteArrayList<>();
    private final AtomicInteger sequence = new AtomicInteger();
    private final Random random = new Random(2026);
    private final List<WebhookLog> receivers = new CopyOnWriteArrayList<>();
    private final DemoHub hub = new DemoHub();
    private final Map<String, Instant> pushedAt = new ConcurrentHashMap<>();

    /** Something that takes webhook deliveries at {@code /webhook/...}. */
    public interface WebhookLog {
        /** Handles one request; returns the HTTP status to answer. */
        int receive(String path, Map<String, List<String>> headers, byte[] body);
    }

    private DemoNewsSite(HttpServer server, ScheduledExecutorService scheduler) {
        this.server = server;
        this.scheduler = scheduler;
    }

    /**
     * Starts the site on 127.0.0.1 with a first batch of articles, and publishes a new one every {@code every}.
     *
     * @param port 0 for any free port
     */
    public static DemoNewsSite start(int port, Duration every) {
        HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 64);
        } catch (IOException e) {
            throw new UncheckedIOException("Failed to start the demo news site on port " + port, e);
        }
        ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "demo-news-site");
            t.setDaemon(true);
            return t;
        });
        DemoNewsSite site = new DemoNewsSite(server, scheduler);
        server.createContext("/", site::handle);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.start();
        Instant start = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        for (int i = 0; i < 6; i++) {
            site.publishNext(start.minus(Duration.ofMinutes(6L - i)));
        }
        long millis = every.toMillis();
        scheduler.scheduleAtFixedRate(() -> {
            try {
                site.publishNext(Instant.now().truncatedTo(ChronoUnit.SECONDS));
            } catch (RuntimeException e) {
                LOG.warn("Demo news site failed to publish an item", e);
            }
        }, millis, millis, TimeUnit.MILLISECONDS);
        return site;
    }

    /** The site's base URL, such as {@code http://127.0.0.1:8090}. */
    public String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** Absolute URLs of the feeds, in {@link #FEEDS} order. */
    public List<String> feedUrls() {
        return FEEDS.stream().map(f -> baseUrl() + f.path()).toList();
    }

    /** Adds a handler for POSTs under {@code /webhook/}. */
    public void addWebhookReceiver(WebhookLog receiver) {
        receivers.add(Objects.requireNonNull(receiver, "receiver"));
    }

    /** How many items the site has published. */
    public int publishedCount() {
        return published.size();
    }

    /** Publishes the next story (and its syndicated copy when it is wire copy). */
    void publishNext(Instant when) {
        int n = sequence.incrementAndGet();
        DemoStories.Story story = DemoStories.STORIES.get((n - 1) % DemoStories.STORIES.size());
        boolean es = story.language().equals("es");
        String day = (es ? DemoStories.DAYS_ES : DemoStories.DAYS_EN).get(random.nextInt(7));
        String place = (es ? DemoStories.PLACES_ES : DemoStories.PLACES_EN).get(random.nextInt(6));
        String number = Integer.toString(3 + random.nextInt(240));
        String headline = fill(story.headline(), day, place, number);
        List<String> paragraphs = story.paragraphs().stream().map(p -> fill(p, day, place, number)).toList();
        String slug = slugify(headline) + "-" + n;
        Item item = new Item(slug, story.feed(), story.language(), headline, story.author(), paragraphs, when, slug);
        add(item);
        if (story.wire()) {
            // the same wire story on another feed, lightly edited, under its own URL
            String other = story.feed().equals("world") ? "americas" : "world";
            List<String> edited = new ArrayList<>(paragraphs);
            edited.set(edited.size() - 1, edited.get(edited.size() - 1) + " (Additional reporting by Demo Wire staff.)");
            String copySlug = slug + "-wire";
            add(new Item(copySlug, other, story.language(), headline + " - update", "Demo Wire", edited,
                    when.plusSeconds(1), copySlug));
        }
        if (n % 3 == 0 && !es) {
            // the local desk has no feed: its stories are found in the news sitemap only
            String localSlug = slug + "-local";
            List<String> local = new ArrayList<>(paragraphs);
            local.add("Reported by the Demo Wire local desk.");
            add(new Item(localSlug, "local", story.language(), "Local desk: " + headline, story.author(), local, when, localSlug));
        }
        List<Item> fresh = published.stream().filter(i -> i.feed().equals("world") && !i.published().isBefore(when)).toList();
        if (!fresh.isEmpty()) {
            List<Item> world = itemsOf("world");
            Instant now = Instant.now();
            if (hub.publish(baseUrl() + "/feeds/world.rss", "application/rss+xml; charset=utf-8",
                    Pages.rss(this, "world", world).getBytes(StandardCharsets.UTF_8)) > 0) {
                // only stories that were pushed count for the push latency
                fresh.forEach(i -> pushedAt.put(i.slug(), now));
            }
        }
    }

    /** When the hub pushed the article with this slug; null when it was not pushed. */
    public Instant pushedAt(String slug) {
        return pushedAt.get(slug);
    }

    /** The WebSub hub's URL (it pushes {@link #PUSHED_FEED}). */
    public String hubUrl() {
        return baseUrl() + "/hub";
    }

    private void add(Item item) {
        articles.put(item.slug(), item);
        published.add(item);
        LOG.debug("Demo news site published {} on {}", item.slug(), item.feed());
    }

    private static String fill(String text, String day, String place, String number) {
        return text.replace("{day}", day).replace("{place}", place).replace("{n}", number);
    }

    static String slugify(String headline) {
        String folded = java.text.Normalizer.normalize(headline, java.text.Normalizer.Form.NFD).replaceAll("\\p{M}", "");
        String slug = folded.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("(^-|-$)", "");
        return slug.length() > 60 ? slug.substring(0, 60) : slug;
    }

    private List<Item> itemsOf(String feed) {
        return published.stream().filter(i -> i.feed().equals(feed))
                .sorted(Comparator.comparing(Item::published).reversed()).limit(ITEMS_PER_FEED).toList();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            if (path.startsWith("/webhook/") && "POST".equals(exchange.getRequestMethod())) {
                byte[] body = exchange.getRequestBody().readNBytes(4 * 1024 * 1024);
                int status = 404;
                for (WebhookLog receiver : receivers) {
                    status = receiver.receive(path, exchange.getRequestHeaders(), body);
                }
                exchange.sendResponseHeaders(status, -1);
                return;
            }
            switch (path) {
                case "/" -> respond(exchange, 200, "text/html; charset=utf-8", Pages.home(this), null);
                case "/hub" -> hub.handle(exchange);
                case "/robots.txt" -> respond(exchange, 200, "text/plain; charset=utf-8", "User-agent: *\nAllow: /\n\nSitemap: "
                        + baseUrl() + "/sitemap-news.xml\n", null);
                case "/sitemap-news.xml" -> respond(exchange, 200, "application/xml; charset=utf-8",
                        Pages.newsSitemap(this, itemsOf("local")), null);
                case "/feeds/world.rss" -> feed(exchange, "world", true);
                case "/feeds/americas.atom" -> feed(exchange, "americas", false);
                case "/feeds/noticias.rss" -> feed(exchange, "noticias", true);
                default -> {
                    if (path.startsWith("/articles/")) {
                        Item item = articles.get(path.substring("/articles/".length()));
                        if (item != null) {
                            respond(exchange, 200, "text/html; charset=utf-8", Pages.article(this, item), null);
                            return;
                        }
                    }
                    respond(exchange, 404, "text/plain; charset=utf-8", "not found", null);
                }
            }
        }
    }

    private void feed(HttpExchange exchange, String feed, boolean rss) throws IOException {
        List<Item> items = itemsOf(feed);
        String etag = "\"" + feed + "-" + (items.isEmpty() ? 0 : items.get(0).slug().hashCode()) + "-" + items.size() + "\"";
        String ifNoneMatch = exchange.getRequestHeaders().getFirst("If-None-Match");
        if (etag.equals(ifNoneMatch)) {
            exchange.getResponseHeaders().set("ETag", etag);
            exchange.sendResponseHeaders(304, -1);
            return;
        }
        String body = rss ? Pages.rss(this, feed, items) : Pages.atom(this, feed, items);
        respond(exchange, 200, rss ? "application/rss+xml; charset=utf-8" : "application/atom+xml; charset=utf-8", body, etag);
    }

    private static void respond(HttpExchange exchange, int status, String type, String body, String etag) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", type);
        if (etag != null) {
            exchange.getResponseHeaders().set("ETag", etag);
        }
        if ("HEAD".equals(exchange.getRequestMethod())) {
            exchange.sendResponseHeaders(status, -1);
            return;
        }
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    static String rfc1123(Instant when) {
        return RFC_1123.format(when.atOffset(ZoneOffset.UTC));
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
        hub.close();
        server.stop(0);
    }
}
