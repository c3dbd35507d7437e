package dev.wirewatch.collector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;

/** Sitemaps, news sitemaps and sitemap indexes as sites publish them; gzip; DOCTYPE refusal and caps. */
class SitemapParserTest {

    private final SitemapParser parser = new SitemapParser(1024 * 1024);

    @Test
    void readsAGoogleNewsSitemap() throws Exception {
        SitemapParser.Sitemap sitemap = parser.parse(Fixtures.bytes("sitemaps/news-sitemap-google-news.xml"));
        assertThat(sitemap.index()).isFalse();
        assertThat(sitemap.urls()).containsExactly(
                new SitemapParser.Url("https://news.example.org/2026/12/04/council-term-limits",
                        Instant.parse("2026-12-04T09:40:00Z"), Instant.parse("2026-12-04T09:30:00Z"),
                        "Council extends term limits & delays the vote", "en"),
                new SitemapParser.Url("https://news.example.org/es/2026/12/04/cecot?ref=sitemap&page=1", null,
                        Instant.parse("2026-12-04T09:15:00Z"), "Traslados al CECOT", "es"),
                new SitemapParser.Url("https://news.example.org/about", Instant.parse("2025-01-10T00:00:00Z"), null, null, null));
    }

    @Test
    void readsASitemapIndex() throws Exception {
        SitemapParser.Sitemap sitemap = parser.parse(Fixtures.bytes("sitemaps/sitemap-index.xml"));
        assertThat(sitemap.index()).isTrue();
        assertThat(sitemap.children()).containsExactly(
                new SitemapParser.Child("https://news.example.org/sitemap-news.xml", Instant.parse("2026-12-04T10:00:00Z")),
                new SitemapParser.Child("https://news.example.org/sitemap-2025-11.xml.gz", Instant.parse("2025-12-01T00:00:00Z")));
    }

    @Test
    void readsAGzippedSitemap() throws Exception {
        byte[] gz = gzip(Fixtures.bytes("sitemaps/news-sitemap-google-news.xml"));
        assertThat(parser.looksLikeSitemap(gz)).isTrue();
        assertThat(parser.parse(gz).urls()).hasSize(3);
    }

    @Test
    void refusesADoctypeAndItsEntities() {
        assertThatThrownBy(() -> parser.parse(Fixtures.bytes("sitemaps/sitemap-xxe-attempt.xml")))
                .isInstanceOf(FeedParseException.class).hasMessageContaining("DOCTYPE");
        assertThatThrownBy(() -> parser.parse(Fixtures.bytes("sitemaps/sitemap-billion-laughs.xml")))
                .isInstanceOf(FeedParseException.class).hasMessageContaining("DOCTYPE");
    }

    @Test
    void aGzipBombIsCutAtTheCap() throws Exception {
        byte[] huge = ("<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">" + " ".repeat(4 * 1024 * 1024) + "</urlset>")
                .getBytes(StandardCharsets.UTF_8);
        byte[] gz = gzip(huge);
        assertThat(gz.length).isLessThan(64 * 1024);
        assertThatThrownBy(() -> parser.parse(gz)).isInstanceOf(FeedParseException.class).hasMessageContaining("decompresses to more than");
    }

    @Test
    void aSitemapOverTheProtocolLimitIsRefused() {
        StringBuilder xml = new StringBuilder("<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">");
        for (int i = 0; i <= SitemapParser.MAX_ENTRIES; i++) {
            xml.append("<url><loc>https://x.example/").append(i).append("</loc></url>");
        }
        xml.append("</urlset>");
        assertThatThrownBy(() -> new SitemapParser(16 * 1024 * 1024).parse(xml.toString().getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(FeedParseException.class).hasMessageContaining("more than 50000 entries");
    }

    @Test
    void aFeedIsNotASitemap() {
        byte[] rss = "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>t</title></channel></rss>".getBytes(StandardCharsets.UTF_8);
        assertThat(parser.looksLikeSitemap(rss)).isFalse();
        assertThatThrownBy(() -> parser.parse(rss)).isInstanceOf(FeedParseException.class).hasMessageContaining("<rss>");
    }

    @Test
    void readsW3cDatetimes() {
        assertThat(SitemapParser.date("2026-12-04")).isEqualTo(Instant.parse("2026-12-04T00:00:00Z"));
        assertThat(SitemapParser.date("2026-12-04T10:00Z")).isEqualTo(Instant.parse("2026-12-04T10:00:00Z"));
        assertThat(SitemapParser.date("2026-12-04T10:00:30.5-03:00")).isEqualTo(Instant.parse("2026-12-04T13:00:30.5Z"));
        assertThat(SitemapParser.date("yesterday")).isNull();
    }

    static byte[] gzip(byte[] bytes) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(bytes);
        }
        return out.toByteArray();
    }
}
