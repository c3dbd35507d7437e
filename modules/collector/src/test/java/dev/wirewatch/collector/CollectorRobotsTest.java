package dev.wirewatch.collector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.wirewatch.core.config.WirewatchConfig;
import dev.wirewatch.core.model.Article;
import dev.wirewatch.core.model.Feed;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * robots.txt obeyed for article pages by the collector: a refused page keeps the feed's summary and is counted; a
 * feed with permission is fetched anyway; the feed itself is read whatever robots.txt says.
 */
class CollectorRobotsTest {

    private final TestServer site = new TestServer();
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final List<Article> published = new CopyOnWriteArrayList<>();
    private final Collector collector;

    CollectorRobotsTest() {
        site.on("/robots.txt", exchange -> TestServer.send(exchange, 200, "text/plain",
                "User-agent: *\nAllow: /\n\nUser-agent: wirewatch\nDisallow: /members/\nDisallow: /feeds/\n"));
        site.on("/feeds/news.xml", exchange -> TestServer.send(exchange, 200, "application/rss+xml", """
                <?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>News</title><link>http://example.org/</link>
                <description>d</description>
                <item><title>Open story</title><link>%s</link><description>Open summary.</description></item>
                <item><title>Members story</title><link>%s</link><description>Members summary kept.</description></item>
                </channel></rss>
                """.formatted(site.url("/news/open"), site.url("/members/closed"))));
        site.on("/news/", exchange -> TestServer.send(exchange, 200, "text/html", page("The open story body")));
        site.on("/members/", exchange -> TestServer.send(exchange, 200, "text/html", page("The members story body")));
        collector = Collector.create(WirewatchConfig.of(Map.of(
                "webhooks.allow-private", "127.0.0.0/8",
                "collector.min-interval", "1h",
                "collector.max-interval", "2h",
                "collector.per-host-rate", "0",
                "collector.user-agent", "Wirewatch/0.1 (+https://github.com/wirewatch)",
                "collector.request-timeout", "5s")), meters, published::add);
    }

    private static String page(String text) {
        return "<html><head><title>Story</title></head><body><article><h1>Story</h1><p>" + text + ", with enough words in it to be "
                + "taken as the main text of the page by the extractor, which wants a real paragraph of news.</p></article></body></html>";
    }

    @AfterEach
    void stop() {
        collector.close();
        site.close();
    }

    @Test
    void aPageRefusedByRobotsKeepsTheFeedSummary() {
        collector.upsert(Feed.of("news", site.url("/feeds/news.xml")));
        await().atMost(Duration.ofSeconds(20)).until(() -> published.size() == 2);
        Article closed = published.stream().filter(a -> a.url().endsWith("/members/closed")).findFirst().orElseThrow();
        assertThat(closed.body()).doesNotContain("members story body");
        assertThat(closed.summary()).isEqualTo("Members summary kept.");
        Article open = published.stream().filter(a -> a.url().endsWith("/news/open")).findFirst().orElseThrow();
        assertThat(open.body()).contains("open story body");
        assertThat(site.count("/members/closed")).isZero();
        assertThat(site.count("/robots.txt")).isEqualTo(1);
        assertThat(meters.get(CollectorMeters.ROBOTS_REFUSED).counter().count()).isEqualTo(1);
        assertThat(site.requests).filteredOn(r -> r.path().equals("/robots.txt"))
                .allSatisfy(r -> assertThat(r.userAgent()).startsWith("Wirewatch/0.1 (+"));
    }

    @Test
    void aFeedWithPermissionIsCrawledWhateverRobotsSays() {
        collector.upsert(new Feed(1, "news", site.url("/feeds/news.xml"), null, null, List.of(), null, true, Instant.now(), null, true));
        await().atMost(Duration.ofSeconds(20)).until(() -> published.size() == 2);
        assertThat(published).allSatisfy(a -> assertThat(a.body()).contains("story body"));
        assertThat(site.count("/members/closed")).isEqualTo(1);
    }
}
