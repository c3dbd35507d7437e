package dev.wirewatch.collector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wirewatch.core.model.Feed;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** One fixture per dialect or hazard: what the parser makes of each. */
class FeedParserTest {

    private final FeedParser parser = new FeedParser();

    @Test
    void externalEntitiesAreRefusedNotResolved() {
        assertThatThrownBy(() -> parser.parse(Fixtures.bytes("feeds/atom-xxe-attempt.xml"), null, null))
                .isInstanceOf(FeedParseException.class)
                .hasMessageContaining("DOCTYPE is disallowed")
                .hasMessageNotContaining("root:");
    }

    @Test
    void entityExpansionBombIsRefusedQuickly() {
        long start = System.nanoTime();
        assertThatThrownBy(() -> parser.parse(Fixtures.bytes("feeds/rss2-billion-laughs.xml"), null, null))
                .isInstanceOf(FeedParseException.class)
                .hasMessageContaining("DOCTYPE");
        assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(5_000);
    }

    @Test
    void netscapeDoctypeWithoutInternalSubsetIsIgnoredAndEntitiesRead() throws Exception {
        ParsedFeed feed = parser.parse(Fixtures.bytes("feeds/rss091-netscape-doctype.xml"), null, null);
        assertThat(feed.format()).isEqualTo("rss_0.91U");
        assertThat(feed.title()).isEqualTo("Café News");
        assertThat(feed.language()).isEqualTo("fr");
        assertThat(feed.items()).singleElement().satisfies(i -> {
            assertThat(i.title()).isEqualTo("Le café ouvre");
            assertThat(i.summary()).isEqualTo("Ouverture à 8h");
        });
    }

    @Test
    void relativeLinksAreResolvedAndHtmlBecomesText() throws Exception {
        ParsedFeed feed = parser.parse(Fixtures.bytes("feeds/rss2-relative-links-html-titles.xml"), "application/rss+xml",
                URI.create("https://site.example.org/feeds/main.xml"));
        assertThat(feed.title()).isEqualTo("Relative & HTML");
        List<FeedItem> items = feed.items();
        assertThat(items).hasSize(3);
        assertThat(items.get(0).title()).isEqualTo("Bold claims & facts");
        assertThat(items.get(0).link()).isEqualTo("https://site.example.org/2026/01/story-one?utm_source=rss&id=7");
        assertThat(items.get(0).summary()).isEqualTo("First paragraph. Second.");
        assertThat(items.get(0).id()).isEqualTo("story-1");
        // day and month names in Italian, and a zone name, are still dates
        assertThat(items.get(0).publishedAt()).isEqualTo(Instant.parse("2022-11-15T23:38:15Z"));
        assertThat(items.get(1).publishedAt()).isEqualTo(Instant.parse("2020-02-06T08:00:00Z"));
        assertThat(items.get(1).link()).isEqualTo("https://site.example.org/feeds/story-two.html");
        assertThat(items.get(2).link()).isEqualTo("file:///etc/passwd");
    }

    @Test
    void httpCharsetWinsOverTheMissingDeclaration() throws Exception {
        ParsedFeed feed = parser.parse(Fixtures.bytes("feeds/rss2-latin1-header-charset.xml"), "text/xml; charset=ISO-8859-1", null);
        assertThat(feed.title()).isEqualTo("Niño");
        assertThat(feed.items().get(0).title()).isEqualTo("Años de caña");
    }

    @Test
    void latin1BytesWithoutAnyCharsetAreStillRead() throws Exception {
        // UTF-8 is the XML default, the bytes are not UTF-8: the parser falls back rather than failing
        ParsedFeed feed = parser.parse(Fixtures.bytes("feeds/rss2-latin1-header-charset.xml"), null, null);
        assertThat(feed.items().get(0).title()).isEqualTo("Años de caña");
    }

    @Test
    void jsonFeedIsRead() throws Exception {
        ParsedFeed feed = parser.parse(Fixtures.bytes("feeds/jsonfeed-1.1.json"), "application/feed+json", null);
        assertThat(feed.format()).isEqualTo("json_1.1");
        assertThat(feed.title()).isEqualTo("JSON & friends");
        assertThat(feed.language()).isEqualTo("es-SV");
        assertThat(feed.items()).hasSize(2);
        FeedItem first = feed.items().get(0);
        assertThat(first.content()).isEqualTo("Texto uno");
        assertThat(first.author()).isEqualTo("Ana");
        assertThat(first.publishedAt()).isEqualTo(Instant.parse("2026-01-02T09:04:05Z"));
        FeedItem second = feed.items().get(1);
        assertThat(second.link()).isEqualTo("https://json.example.org/b");
        assertThat(second.summary()).isEqualTo("Resumen");
        assertThat(second.updatedAt()).isEqualTo(Instant.parse("2026-01-03T00:00:00Z"));
    }

    @Test
    void loneAtomEntryIsAFeedOfOne() throws Exception {
        ParsedFeed feed = parser.parse(Fixtures.bytes("feeds/atom-entry-without-feed.xml"), null, null);
        assertThat(feed.items()).singleElement().satisfies(i -> {
            assertThat(i.title()).isEqualTo("Lone entry");
            assertThat(i.link()).isEqualTo("https://atom.example.org/lone");
        });
    }

    @Test
    void notAFeedFailsWithOneLine() {
        assertThatThrownBy(() -> parser.parse("<html><body>hello</body></html>".getBytes(), null, null))
                .isInstanceOf(FeedParseException.class)
                .hasMessage("not a feed format we read (root element <html>)");
        assertThatThrownBy(() -> parser.parse("{\"version\": \"2\"}".getBytes(), null, null))
                .isInstanceOf(FeedParseException.class).hasMessageContaining("not a JSON Feed");
        assertThatThrownBy(() -> parser.parse(new byte[0], null, null))
                .isInstanceOf(FeedParseException.class).hasMessage("empty document");
    }

    @Test
    void opmlListsItsFeedsOnce() throws Exception {
        List<Feed> feeds = OpmlImport.read(Fixtures.bytes("feeds/opml2-news.opml"));
        assertThat(feeds).extracting(Feed::url).containsExactly("https://elfaro.example.net/rss", "https://wire.example.com/feed.atom");
        assertThat(feeds.get(0).title()).isEqualTo("El Faro");
        assertThat(feeds.get(0).id()).isEqualTo(OpmlImport.feedIdFor("https://elfaro.example.net/rss")).startsWith("f-");
        assertThatThrownBy(() -> OpmlImport.read(Fixtures.bytes("feeds/jsonfeed-1.1.json")))
                .isInstanceOf(FeedParseException.class);
    }
}
