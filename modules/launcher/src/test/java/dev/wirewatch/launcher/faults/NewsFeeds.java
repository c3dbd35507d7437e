package dev.wirewatch.launcher.faults;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * A local news site for the fault tests: RSS feeds that each publish a new item at a steady rate, and feeds that
 * misbehave (time out, reset the connection, answer garbage) beside them.
 *
 * <p>Every item names its desk's made-up word, so exactly the items of a desk match the desk's tracked topic.
 */
final class NewsFeeds implements AutoCloseable {

    /** How a feed answers. */
    enum Behaviour { NORMAL, TIME_OUT, RESET, GARBAGE }

    private static final DateTimeFormatter RFC_1123 = DateTimeFormatter.RFC_1123_DATE_TIME.withZone(ZoneOffset.UTC);

    private final HttpServer server;
    private final ScheduledExecutorService clock = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "news-feeds-clock");
        t.setDaemon(true);
        return t;
    });
    private final Map<String, List<String>> items = new ConcurrentHashMap<>();
    private final Map<String, Behaviour> behaviours = new ConcurrentHashMap<>();

    private NewsFeeds(HttpServer server) {
        this.server = server;
    }

    static NewsFeeds start() throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
        NewsFeeds feeds = new NewsFeeds(server);
        server.createContext("/", feeds::handle);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.start();
        return feeds;
    }

    /** The URL of a feed. */
    String feedUrl(String feed) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/" + feed + "/rss.xml";
    }

    void behave(String feed, Behaviour behaviour) {
        behaviours.put(feed, behaviour);
    }

    /**
     * Publishes {@code count} items on {@code feed}, one every {@code every}, each naming {@code word}.
     *
     * @return the URLs of the items, in the order they will appear
     */
    List<String> publish(String feed, String word, int count, Duration every) {
        List<String> published = items.computeIfAbsent(feed, f -> new CopyOnWriteArrayList<>());
        List<String> urls = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/" + feed + "/story-" + i;
            urls.add(url);
            String item = item(url, word, feed, i);
            clock.schedule(() -> published.add(item), every.toMillis() * i, TimeUnit.MILLISECONDS);
        }
        return urls;
    }

    /** How many items a feed has published so far. */
    int published(String feed) {
        return items.getOrDefault(feed, List.of()).size();
    }

    /**
     * One item. Its words are drawn at random for each item, so that no two items are copies of one story (the tagger
     * clusters near-duplicates, and a real-time subscriber gets one alert per story).
     */
    private static String item(String url, String word, String feed, int i) {
        SplittableRandom random = new SplittableRandom((feed + "/" + i).hashCode() * 7919L + i);
        StringBuilder text = new StringBuilder();
        for (int w = 0; w < 40; w++) {
            for (int c = 0; c < 3 + random.nextInt(6); c++) {
                text.append((char) ('a' + random.nextInt(26)));
            }
            text.append(w == 20 ? " " + word + " " : " ");
        }
        String title = "Report " + i + " on " + word + " " + text.substring(0, 30);
        return "<item><title>" + title + "</title><link>" + url + "</link><guid>" + url + "</guid><pubDate>"
                + RFC_1123.format(Instant.now()) + "</pubDate><description>" + text + "</description></item>";
    }

    private void handle(HttpExchange exchange) throws IOException {
        String[] parts = exchange.getRequestURI().getPath().split("/");
        String feed = parts.length > 1 ? parts[1] : "";
        try (exchange) {
            switch (behaviours.getOrDefault(feed, Behaviour.NORMAL)) {
                case TIME_OUT -> {
                    try {
                        Thread.sleep(Duration.ofMinutes(5));
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                case RESET -> {
                    // closed without a response: the client sees the connection end
                }
                case GARBAGE -> send(exchange, "application/rss+xml", "\u0000\u00ff<rss><channel><item><<<&&&".getBytes(StandardCharsets.ISO_8859_1));
                case NORMAL -> {
                    List<String> list = items.getOrDefault(feed, List.of());
                    String body = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><rss version=\"2.0\"><channel><title>" + feed
                            + "</title><link>http://127.0.0.1/</link><description>fault tests</description>"
                            + list.stream().collect(Collectors.joining()) + "</channel></rss>";
                    send(exchange, "application/rss+xml; charset=utf-8", body.getBytes(StandardCharsets.UTF_8));
                }
            }
        }
    }

    private static void send(HttpExchange exchange, String type, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.sendResponseHeaders(200, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    /** The feeds that misbehave now. */
    Set<String> misbehaving() {
        return behaviours.entrySet().stream().filter(e -> e.getValue() != Behaviour.NORMAL).map(Map.Entry::getKey)
                .collect(Collectors.toSet());
    }

    @Override
    public void close() {
        clock.shutdownNow();
        server.stop(0);
    }
}
