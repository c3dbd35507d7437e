package dev.wirewatch.collector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.wirewatch.core.config.WirewatchConfig;
import dev.wirewatch.core.model.Article;
import dev.wirewatch.core.model.ArticleIds;
import dev.wirewatch.core.model.Feed;
import dev.wirewatch.core.model.FeedHealth;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The collector engine against a real news site on a local HTTP server: feeds polled with conditional GET, full
 * text fetched, dedup across feeds, edits as new versions, unsafe links skipped, feed health.
 */
class CollectorTest {

    private final TestServer site = new TestServer();
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final List<Article> published = new CopyOnWriteArrayList<>();
    private final AtomicReference<String> storyOneText = new AtomicReference<>("The council voted on Tuesday to extend the term limits of every mayor in the region, a change that critics say weakens accountability.");
    private final AtomicInteger feedVersion = new AtomicInteger(1);
    private Collector collector;

    @BeforeEach
    void start() {
        site.on("/feeds/a.xml", exchange -> {
            String etag = "\"a-" + feedVersion.get() + "\"";
            if (etag.equals(exchange.getRequestHeaders().getFirst("If-None-Match"))) {
                exchange.sendResponseHeaders(304, -1);
                return;
            }
            exchange.getResponseHeaders().set("ETag", etag);
            TestServer.send(exchange, 200, "application/rss+xml; charset=utf-8", rss("Desk A",
                    item("Council extends term limits", "/articles/1?utm_source=rss&utm_medium=feed",
                            feedVersion.get() == 1 ? "Council vote." : "Council vote, updated."),
                    item("Pegasus found on phones", "/articles/2", "Spyware story."),
                    item("Page that is gone", "/articles/gone", "The summary survives."),
                    item("Local file", "file:///etc/passwd", "Never fetched.")));
        });
        site.on("/feeds/b.xml", exchange -> TestServer.send(exchange, 200, "application/rss+xml", rss("Desk B",
                item("Council extends term limits (wire)", "/articles/1?utm_campaign=b", "Wire copy."))));
        site.on("/feeds/broken.xml", exchange -> TestServer.send(exchange, 500, "text/plain", "oops"));
        site.on("/articles/", exchange -> {
            String path = exchange.getRequestURI().getPath();
            switch (path) {
                case "/articles/1" -> TestServer.send(exchange, 200, "text/html; charset=utf-8", page("Council extends term limits",
                        storyOneText.get()));
                case "/articles/2" -> TestServer.send(exchange, 200, "text/html; charset=utf-8", page("Pegasus found on phones",
                        "Researchers found Pegasus spyware made by NSO Group on the phones of eleven journalists, according to a report published on Monday."));
                default -> TestServer.send(exchange, 404, "text/html", "<html><body>not here</body></html>");
            }
        });
        WirewatchConfig config = WirewatchConfig.of(Map.of(
                "webhooks.allow-private", "127.0.0.0/8",
                "collector.min-interval", "1h",
                "collector.max-interval", "2h",
                "collector.per-host-rate", "0",
                "collector.request-timeout", "5s"));
        collector = Collector.create(config, meters, published::add);
    }

    @AfterEach
    void stop() {
        collector.close();
        site.close();
    }

    private static String rss(String title, String... items) {
        return "<?xml version=\"1.0\" encoding=\"utf-8\"?><rss version=\"2.0\"><channel><title>" + title
                + "</title><link>http://example.org/</link><description>d</description>" + String.join("", items) + "</channel></rss>";
    }

    private static String item(String title, String link, String summary) {
        return "<item><title>" + title + "</title><link>" + link.replace("&", "&amp;") + "</link><description>" + summary
                + "</description><pubDate>Mon, 05 Jan 2026 10:00:00 GMT</pubDate></item>";
    }

    private static String page(String title, String text) {
        return "<html lang=\"en\"><head><title>" + title + " | Example News</title>"
                + "<link rel=\"canonical\" href=\"/articles/" + (title.startsWith("Council") ? "1" : "2") + "\"></head><body>"
                + "<nav><a href=\"/\">Home</a> <a href=\"/world\">World</a></nav>"
                + "<article><h1>" + title + "</h1><p class=\"byline\">By Ana Reporter</p><p>" + text + "</p>"
                + "<p>Officials declined to comment further on the decision, which takes effect next year, and said more details would follow.</p></article>"
                + "<footer>Copyright Example News. All rights reserved.</footer></body></html>";
    }

    private Feed feed(String id, String path) {
        return Feed.of(id, site.url(path));
    }

    private double count(String name, String tag, String value) {
        var counter = meters.find(name).tag(tag, value).counter();
        return counter == null ? 0 : counter.count();
    }

    @Test
    void pollsFetchFullTextOnceAndUseConditionalGetTheSecondTime() {
        collector.upsert(feed("a", "/feeds/a.xml"));
        collector.refresh("a");
        await().atMost(Duration.ofSeconds(20)).until(() -> published.size() == 3);

        Article one = published.stream().filter(a -> a.title().equals("Council extends term limits")).findFirst().orElseThrow();
        assertThat(one.id()).isEqualTo(ArticleIds.idFor(site.url("/articles/1")));
        assertThat(one.version()).isEqualTo(1);
        assertThat(one.body()).contains("extend the term limits of every mayor").contains("Officials declined")
                .doesNotContain("All rights reserved").doesNotContain("Home World");
        assertThat(one.summary()).isEqualTo("Council vote.");
        assertThat(one.language()).isEqualTo("en");
        assertThat(one.feedId()).isEqualTo("a");
        assertThat(one.source()).isEqualTo("127.0.0.1");
        assertThat(one.contentHash()).hasSize(32);

        Article gone = published.stream().filter(a -> a.title().equals("Page that is gone")).findFirst().orElseThrow();
        assertThat(gone.body()).isEmpty();
        assertThat(gone.bodyOrSummary()).isEqualTo("The summary survives.");
        assertThat(site.requests).noneMatch(r -> r.path().contains("passwd"));
        assertThat(count("wirewatch.collector.items", "result", "skipped")).isEqualTo(1);
        // the first hop of an alert's delay, once per new article: publication (the feed's pubDate) to fetch
        var publishedToFetched = meters.find("wirewatch.collector.freshness").tag("hop", "published-to-fetched").timer();
        assertThat(publishedToFetched).isNotNull();
        assertThat(publishedToFetched.count()).isEqualTo(3);
        assertThat(publishedToFetched.totalTime(TimeUnit.MILLISECONDS))
                .isGreaterThanOrEqualTo(Duration.between(one.publishedAt(), one.fetchedAt()).toMillis());

        collector.refresh("a");
        await().atMost(Duration.ofSeconds(10)).until(() -> count("wirewatch.collector.polls", "outcome", "not_modified") == 1);
        assertThat(site.requests.stream().filter(r -> r.path().equals("/feeds/a.xml")).toList())
                .extracting(TestServer.Request::ifNoneMatch).containsExactly(null, "\"a-1\"");
        assertThat(site.count("/articles/1")).isEqualTo(1);
        assertThat(published).hasSize(3);
        assertThat(collector.health("a")).hasValueSatisfying(h -> {
            assertThat(h.state()).isEqualTo(FeedHealth.OK);
            assertThat(h.lastSuccessAt()).isNotNull();
            assertThat(h.polls()).isEqualTo(2);
        });
    }

    @Test
    void theSameArticleInAnotherFeedIsNotPublishedAgain() {
        collector.upsert(feed("a", "/feeds/a.xml"));
        collector.refresh("a");
        await().atMost(Duration.ofSeconds(20)).until(() -> published.size() == 3);
        collector.upsert(feed("b", "/feeds/b.xml"));
        collector.refresh("b");
        await().atMost(Duration.ofSeconds(10)).until(() -> collector.health("b").orElseThrow().lastSuccessAt() != null);
        assertThat(published).hasSize(3);
        assertThat(published).extracting(Article::id).doesNotHaveDuplicates();
    }

    @Test
    void anEditedArticleIsPublishedAsTheNextVersion() {
        collector.upsert(feed("a", "/feeds/a.xml"));
        collector.refresh("a");
        await().atMost(Duration.ofSeconds(20)).until(() -> published.size() == 3);

        storyOneText.set("The council voted on Tuesday to extend the term limits of every mayor, correcting an earlier version that named the wrong region.");
        feedVersion.set(2);
        collector.refresh("a");
        await().atMost(Duration.ofSeconds(10)).until(() -> published.size() == 4);
        Article edited = published.get(3);
        assertThat(edited.id()).isEqualTo(ArticleIds.idFor(site.url("/articles/1")));
        assertThat(edited.version()).isEqualTo(2);
        assertThat(edited.body()).contains("correcting an earlier version");
        assertThat(edited.contentHash()).isNotEqualTo(published.get(0).contentHash());
    }

    @Test
    void aFailingFeedShowsInItsHealthAndRecovers() {
        collector.upsert(feed("broken", "/feeds/broken.xml"));
        collector.refresh("broken");
        await().atMost(Duration.ofSeconds(10)).until(() -> collector.health("broken").orElseThrow().consecutiveFailures() == 1);
        FeedHealth health = collector.health("broken").orElseThrow();
        assertThat(health.state()).isEqualTo(FeedHealth.FAILING);
        assertThat(health.lastError()).contains("HTTP 500");
        assertThat(count("wirewatch.collector.errors", "kind", "http_status")).isEqualTo(1);
        assertThat(meters.find("wirewatch.collector.feed.consecutive.failures").tag("feed", "broken").gauge().value()).isEqualTo(1);

        // the definition moves to a working URL: the update alone triggers an immediate poll
        collector.upsert(Feed.of("broken", site.url("/feeds/b.xml")));
        await().atMost(Duration.ofSeconds(10)).until(() -> FeedHealth.OK.equals(collector.health("broken").orElseThrow().state()));
        assertThat(published).hasSize(1);

        collector.remove("broken");
        assertThat(collector.health("broken")).isEmpty();
        assertThat(meters.find("wirewatch.collector.feed.consecutive.failures").tag("feed", "broken").gauge()).isNull();
    }

    @Test
    void aFailedPublishIsRetriedOnTheNextPoll() {
        collector.close();
        AtomicInteger attempts = new AtomicInteger();
        collector = Collector.create(WirewatchConfig.of(Map.of("webhooks.allow-private", "127.0.0.0/8", "collector.min-interval", "1h",
                "collector.max-interval", "2h", "collector.per-host-rate", "0", "collector.fetch-full-text", "false")), meters, article -> {
                    if (attempts.incrementAndGet() == 1) {
                        throw new IllegalStateException("broker unavailable");
                    }
                    published.add(article);
                });
        collector.upsert(feed("b", "/feeds/b.xml"));
        collector.refresh("b");
        await().atMost(Duration.ofSeconds(10)).until(() -> attempts.get() == 1);
        assertThat(published).isEmpty();
        collector.refresh("b");
        await().atMost(Duration.ofSeconds(10)).until(() -> published.size() == 1);
        assertThat(published.get(0).body()).isEmpty();
        assertThat(published.get(0).summary()).isEqualTo("Wire copy.");
        assertThat(count("wirewatch.collector.errors", "kind", "publish")).isEqualTo(1);
    }
}
