package dev.wirewatch.collector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpExchange;
import dev.wirewatch.core.config.WirewatchConfig;
import dev.wirewatch.core.model.Article;
import dev.wirewatch.core.model.Feed;
import dev.wirewatch.core.model.FeedHealth;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Feeds and pages that answer with hostile responses, on a real local server: a body far over the cap (declared, or
 * chunked without end), one dripped a byte at a time, and bytes that are not UTF-8. Each feed ends failing with its
 * reason counted, or read; each page is dropped for the feed's summary; and a good feed beside them flows.
 */
class HostileResponsesTest {

    private static final int CAP = 64 * 1024;

    private final TestServer site = new TestServer();
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final List<Article> published = new CopyOnWriteArrayList<>();
    private Collector collector;
    /** Released when the test ends, so that a dripping answer stops with it. */
    private final CountDownLatch stopped = new CountDownLatch(1);

    @BeforeEach
    void start() {
        site.on("/feeds/oversized.xml", exchange -> endless(exchange, 50L * 1024 * 1024, false));
        site.on("/feeds/endless.xml", exchange -> endless(exchange, 0, false));
        site.on("/feeds/drip.xml", exchange -> endless(exchange, 0, true));
        site.on("/feeds/invalid-utf8.xml", exchange -> TestServer.send(exchange, 200, "application/rss+xml; charset=utf-8",
                invalidUtf8(rss(item("Caf\u00e9 CECOT", "/pages/good", "Before the break")), "Before the break")));
        site.on("/feeds/good.xml", exchange -> TestServer.send(exchange, 200, "application/rss+xml; charset=utf-8",
                rss(item("Oversized page", "/pages/oversized", "Summary of the oversized page."),
                        item("Endless page", "/pages/endless", "Summary of the endless page."),
                        item("Dripped page", "/pages/drip", "Summary of the dripped page."),
                        item("Page that is not UTF-8", "/pages/invalid-utf8", "Summary of the broken page."))));
        site.on("/pages/oversized", exchange -> endless(exchange, 50L * 1024 * 1024, false));
        site.on("/pages/endless", exchange -> endless(exchange, 0, false));
        site.on("/pages/drip", exchange -> endless(exchange, 0, true));
        site.on("/pages/invalid-utf8", exchange -> TestServer.send(exchange, 200, "text/html; charset=utf-8",
                invalidUtf8(page("Page that is not UTF-8", "The council of the capital voted on Tuesday, MARK, to extend"
                        + " the term limits of every mayor, a change that critics say weakens accountability across the region."),
                        "MARK")));
        WirewatchConfig config = WirewatchConfig.of(Map.of(
                "webhooks.allow-private", "127.0.0.0/8",
                "collector.min-interval", "1h",
                "collector.max-interval", "2h",
                "collector.per-host-rate", "0",
                "collector.per-host-concurrency", "8",
                "collector.max-body-bytes", Integer.toString(CAP),
                "collector.request-timeout", "2s"));
        collector = Collector.create(config, meters, published::add);
    }

    @AfterEach
    void stop() {
        stopped.countDown();
        collector.close();
        site.close();
    }

    @Test
    void oversizedEndlessAndDrippedFeedsFailWithTheirReasonCounted() {
        for (String id : List.of("oversized", "endless", "drip")) {
            collector.upsert(Feed.of(id, site.url("/feeds/" + id + ".xml")));
            collector.refresh(id);
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> List.of("oversized", "endless", "drip").stream()
                .allMatch(id -> collector.health(id).orElseThrow().consecutiveFailures() >= 1));
        assertThat(collector.health("oversized").orElseThrow().state()).isEqualTo(FeedHealth.FAILING);
        assertThat(collector.health("endless").orElseThrow().lastError()).isNotBlank();
        assertThat(collector.health("drip").orElseThrow().lastError()).isNotBlank();
        assertThat(count("too_large")).isGreaterThanOrEqualTo(2);
        assertThat(count("timeout")).isGreaterThanOrEqualTo(1);
        assertThat(published).isEmpty();
    }

    @Test
    void aFeedThatIsNotUtf8IsStillRead() {
        collector.upsert(Feed.of("invalid", site.url("/feeds/invalid-utf8.xml")));
        collector.refresh("invalid");
        await().atMost(Duration.ofSeconds(30)).until(() -> collector.health("invalid").orElseThrow().state().equals(FeedHealth.OK)
                && published.size() == 1);
        assertThat(published).singleElement().satisfies(a -> assertThat(a.title()).contains("CECOT"));
    }

    @Test
    void hostilePagesFallBackToTheFeedSummaryAndAreCounted() {
        collector.upsert(Feed.of("good", site.url("/feeds/good.xml")));
        collector.refresh("good");
        await().atMost(Duration.ofSeconds(60)).until(() -> published.size() == 4);
        assertThat(published).filteredOn(a -> a.title().equals("Oversized page")).singleElement()
                .satisfies(a -> assertThat(a.bodyOrSummary()).contains("Summary of the oversized page."));
        assertThat(published).filteredOn(a -> a.title().equals("Endless page")).singleElement()
                .satisfies(a -> assertThat(a.bodyOrSummary()).contains("Summary of the endless page."));
        assertThat(published).filteredOn(a -> a.title().equals("Dripped page")).singleElement()
                .satisfies(a -> assertThat(a.bodyOrSummary()).contains("Summary of the dripped page."));
        assertThat(published).filteredOn(a -> a.title().contains("not UTF-8")).singleElement()
                // bytes that are not UTF-8 make the page decoder fall back to Windows-1252: text, never an error
                .satisfies(a -> assertThat(a.bodyOrSummary()).contains("term limits").contains("\u00c3(\u00ff"));
        assertThat(count("too_large")).isGreaterThanOrEqualTo(2);
        assertThat(count("timeout")).isGreaterThanOrEqualTo(1);
    }

    private double count(String kind) {
        var counter = meters.find("wirewatch.collector.errors").tag("kind", kind).counter();
        return counter == null ? 0 : counter.count();
    }

    private static String rss(String... items) {
        return "<?xml version=\"1.0\" encoding=\"utf-8\"?><rss version=\"2.0\"><channel><title>Hostile</title>"
                + "<link>http://example.org/</link><description>d</description>" + String.join("", items) + "</channel></rss>";
    }

    private static String item(String title, String link, String summary) {
        return "<item><title>" + title + "</title><link>" + link + "</link><description>" + summary
                + "</description><pubDate>Mon, 05 Jan 2026 10:00:00 GMT</pubDate></item>";
    }

    private static String page(String title, String text) {
        return "<html lang=\"en\"><head><title>" + title + "</title></head><body><article><h1>" + title + "</h1><p>" + text
                + "</p><p>Officials declined to comment further on the decision, which takes effect next year.</p></article></body></html>";
    }

    /** The text as UTF-8 with a broken sequence (0xC3 0x28, 0xFF) in place of {@code mark}. */
    private static byte[] invalidUtf8(String text, String mark) {
        int at = text.indexOf(mark);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(text.substring(0, at).getBytes(StandardCharsets.UTF_8));
        out.writeBytes(new byte[] {(byte) 0xC3, (byte) 0x28, (byte) 0xFF});
        out.writeBytes(text.substring(at + mark.length()).getBytes(StandardCharsets.UTF_8));
        return out.toByteArray();
    }

    /** A 200 with {@code length} bytes (0: chunked without end), perhaps dripped a byte every 100 ms, for 30 s at most. */
    private void endless(HttpExchange exchange, long length, boolean drip) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", "application/rss+xml");
        exchange.sendResponseHeaders(200, length);
        byte[] chunk = new byte[drip ? 1 : 64 * 1024];
        Arrays.fill(chunk, (byte) ' ');
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        try (OutputStream out = exchange.getResponseBody()) {
            out.write("<rss version=\"2.0\"><channel><title>".getBytes(StandardCharsets.UTF_8));
            long written = 0;
            while ((length == 0 || written < length - chunk.length - 64) && System.nanoTime() < deadline) {
                out.write(chunk);
                out.flush();
                written += chunk.length;
                if (drip && stopped.await(100, TimeUnit.MILLISECONDS)) {
                    return;
                }
            }
        } catch (IOException e) {
            // the client stopped reading: what a cap or a deadline does
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
