package dev.wirewatch.collector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.wirewatch.core.config.WirewatchConfig;
import dev.wirewatch.core.model.Article;
import dev.wirewatch.core.model.Feed;
import dev.wirewatch.core.model.FeedHealth;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * News sitemaps read by the collector from a real local site: an index with a gzipped news sitemap, only new URLs
 * fetched, the archive left alone, an index inside an index not followed, a bare site found through robots.txt, and a
 * feed record whose URL turns out to be a sitemap.
 */
class SitemapCollectorTest {

    private final TestServer site = new TestServer();
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final List<Article> published = new CopyOnWriteArrayList<>();
    private final List<String> newsUrls = new CopyOnWriteArrayList<>();
    private volatile Instant newsLastmod = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    private Collector collector;

    SitemapCollectorTest() {
        newsUrls.add("/news/1");
        newsUrls.add("/news/2");
        site.on("/robots.txt", exchange -> TestServer.send(exchange, 200, "text/plain",
                "User-agent: *\nDisallow: /private/\nSitemap: " + site.url("/sitemap-index.xml") + "\n"));
        site.on("/sitemap-index.xml", exchange -> TestServer.send(exchange, 200, "application/xml", """
                <?xml version="1.0" encoding="UTF-8"?>
                <sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
                  <sitemap><loc>%s</loc><lastmod>%s</lastmod></sitemap>
                  <sitemap><loc>%s</loc><lastmod>2025-12-01</lastmod></sitemap>
                  <sitemap><loc>%s</loc></sitemap>
                </sitemapindex>
                """.formatted(site.url("/sitemap-news.xml.gz"), newsLastmod, site.url("/sitemap-2025-11.xml"),
                site.url("/sitemap-nested.xml"))));
        site.on("/sitemap-news.xml.gz", exchange -> {
            StringBuilder urls = new StringBuilder();
            for (String path : newsUrls) {
                urls.append("""
                        <url><loc>%s</loc><news:news><news:publication><news:name>Local</news:name>
                        <news:language>en</news:language></news:publication>
                        <news:publication_date>%s</news:publication_date><news:title>Story %s</news:title></news:news></url>
                        """.formatted(site.url(path), Instant.now().minus(Duration.ofHours(1)).truncatedTo(ChronoUnit.SECONDS),
                        path.substring(path.lastIndexOf('/') + 1)));
            }
            byte[] xml = ("<?xml version=\"1.0\" encoding=\"UTF-8\"?><urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\" "
                    + "xmlns:news=\"http://www.google.com/schemas/sitemap-news/0.9\">" + urls + "</urlset>").getBytes(StandardCharsets.UTF_8);
            TestServer.send(exchange, 200, "application/x-gzip", SitemapParserTest.gzip(xml));
        });
        site.on("/sitemap-2025-11.xml", exchange -> TestServer.send(exchange, 200, "application/xml",
                "<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\"><url><loc>" + site.url("/news/archive-1")
                        + "</loc><lastmod>2025-11-03</lastmod></url></urlset>"));
        site.on("/sitemap-nested.xml", exchange -> TestServer.send(exchange, 200, "application/xml",
                "<sitemapindex xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\"><sitemap><loc>" + site.url("/sitemap-news.xml.gz")
                        + "</loc></sitemap></sitemapindex>"));
        site.on("/news/", exchange -> {
            String n = exchange.getRequestURI().getPath().substring("/news/".length());
            TestServer.send(exchange, 200, "text/html; charset=utf-8", "<html><head><title>Story " + n + "</title></head><body><article>"
                    + "<h1>Story " + n + "</h1><p>The regional council met on Thursday and voted to extend the term limits of every "
                    + "mayor, a decision that opposition members said would weaken accountability across the region.</p>"
                    + "<p>Story number " + n + " goes on with more detail about the vote and its consequences.</p></article></body></html>");
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

    private List<String> urls() {
        return published.stream().map(Article::url).toList();
    }

    @Test
    void aSitemapIndexGivesTheNewStoriesOfItsNewsSitemapOnly() {
        collector.upsert(new Feed(1, "local-news", site.url("/sitemap-index.xml"), null, null, List.of(), null, true, Instant.now(),
                Feed.SITEMAP, null));
        await().atMost(Duration.ofSeconds(20)).until(() -> published.size() == 2);
        assertThat(urls()).containsExactlyInAnyOrder(site.url("/news/1"), site.url("/news/2"));
        assertThat(published).allSatisfy(a -> {
            assertThat(a.feedId()).isEqualTo("local-news");
            assertThat(a.language()).isEqualTo("en");
            assertThat(a.body()).contains("term limits");
        });
        assertThat(site.count("/news/archive-1")).as("the archive is older than collector.sitemap.max-age").isZero();
        assertThat(meters.get(CollectorMeters.SITEMAP_LIMITED).tag("limit", "depth").counter().count())
                .as("an index inside an index is not followed").isEqualTo(1);

        newsUrls.add("/news/3");
        newsLastmod = newsLastmod.plusSeconds(60);
        collector.refresh("local-news");
        await().atMost(Duration.ofSeconds(20)).until(() -> published.size() == 3);
        assertThat(urls()).contains(site.url("/news/3"));
        assertThat(site.count("/news/1")).as("a URL already listed is not fetched again").isEqualTo(1);
        assertThat(site.count("/sitemap-2025-11.xml")).as("an unchanged child is not read again").isEqualTo(1);
        assertThat(collector.health("local-news").orElseThrow().mode()).isEqualTo(FeedHealth.SITEMAP);
    }

    @Test
    void aBareSiteIsReadThroughTheSitemapsOfItsRobotsTxt() {
        collector.upsert(Feed.of("local-site", site.url("/")));
        await().atMost(Duration.ofSeconds(20)).until(() -> published.size() == 2);
        assertThat(urls()).containsExactlyInAnyOrder(site.url("/news/1"), site.url("/news/2"));
    }

    @Test
    void aFeedRecordWhoseUrlGivesASitemapIsReadAsOne() {
        collector.upsert(Feed.of("latest", site.url("/sitemap-news.xml.gz?latest")));
        await().atMost(Duration.ofSeconds(20)).until(() -> published.size() == 2);
        assertThat(collector.health("latest").orElseThrow().mode()).isEqualTo(FeedHealth.SITEMAP);
    }
}
