package dev.wirewatch.collector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Fuzzing of the feed parser: every fixture, cut, spliced and sprinkled with bytes and hostile markup, and any bytes at
 * all, end in a parsed feed or a {@link FeedParseException} with a one-line reason; never another exception, a hang or
 * an OutOfMemoryError. Tries: {@code jqwik.tries.default} (300 by default, 5,000 with {@code -Pfaults}).
 */
class FeedParserFuzzTest {

    private static final Duration HANG = Duration.ofSeconds(10);
    private static final List<String> FIXTURES = List.of("feeds/atom-entry-without-feed.xml", "feeds/atom-xxe-attempt.xml",
            "feeds/jsonfeed-1.1.json", "feeds/opml2-news.opml", "feeds/rss091-netscape-doctype.xml",
            "feeds/rss2-billion-laughs.xml", "feeds/rss2-latin1-header-charset.xml", "feeds/rss2-relative-links-html-titles.xml");
    private static final List<String> HOSTILE = List.of("<!DOCTYPE x [<!ENTITY a \"aaaaaaaa\">]>", "&a;&a;&a;", "<![CDATA[",
            "]]>", "<item>", "</channel>", "<?xml version=\"1.0\" encoding=\"UTF-32\"?>", "\uFEFF", "\u0000", "&#0;", "&#xD800;",
            "<link>javascript:alert(1)</link>", "<pubDate>Thu, 31 Feb 99999 25:61:61 +9999</pubDate>", "{\"version\":",
            "\"items\":[{\"url\":", "<entry><link href=\"\u0000\"/>", "<".repeat(50), "<a>".repeat(2_000));

    private final FeedParser parser = new FeedParser();

    @Property
    void anyBytesAreAFeedOrAClearError(@ForAll byte[] body) {
        check(body, null);
    }

    @Property
    void mutatedFixturesAreAFeedOrAClearError(@ForAll("mutatedFixtures") byte[] body,
            @ForAll("contentTypes") String contentType) {
        check(body, contentType);
    }

    @Provide
    Arbitrary<String> contentTypes() {
        return Arbitraries.of("application/rss+xml", "application/atom+xml; charset=iso-8859-1", "text/xml; charset=utf-16",
                "application/json", "text/html", "application/feed+json; charset=nonsense", "");
    }

    @Provide
    Arbitrary<byte[]> mutatedFixtures() {
        Arbitrary<byte[]> fixture = Arbitraries.of(FIXTURES).map(Fixtures::bytes);
        Arbitrary<String> insert = Arbitraries.oneOf(Arbitraries.of(HOSTILE), Arbitraries.strings().ofMaxLength(20));
        return Combinators.combine(fixture, Arbitraries.integers().between(0, 100_000), Arbitraries.integers().between(0, 100_000),
                insert, Arbitraries.integers().between(0, 3)).as((bytes, at, cut, extra, how) -> {
                    int i = at % (bytes.length + 1);
                    byte[] add = extra.getBytes(StandardCharsets.UTF_8);
                    return switch (how) {
                        case 0 -> Arrays.copyOf(bytes, i); // truncated
                        case 1 -> splice(bytes, i, add, 0); // inserted
                        case 2 -> splice(bytes, i, add, Math.min(cut % 64, bytes.length - i)); // replaced
                        default -> flip(bytes, i, cut);
                    };
                });
    }

    private static byte[] splice(byte[] bytes, int at, byte[] add, int remove) {
        byte[] out = new byte[bytes.length + add.length - remove];
        System.arraycopy(bytes, 0, out, 0, at);
        System.arraycopy(add, 0, out, at, add.length);
        System.arraycopy(bytes, at + remove, out, at + add.length, bytes.length - at - remove);
        return out;
    }

    private static byte[] flip(byte[] bytes, int at, int seed) {
        byte[] out = bytes.clone();
        for (int k = 0; k < 8 && out.length > 0; k++) {
            out[(at + k * 31) % out.length] ^= (byte) (seed >>> k);
        }
        return out;
    }

    private void check(byte[] body, String contentType) {
        assertTimeoutPreemptively(HANG, () -> {
            try {
                ParsedFeed feed = parser.parse(body, contentType, URI.create("https://example.org/feed.xml"));
                assertThat(feed).isNotNull();
            } catch (FeedParseException e) {
                assertThat(e.getMessage()).as("a reason").isNotBlank().doesNotContain("\n");
            }
        });
    }
}
