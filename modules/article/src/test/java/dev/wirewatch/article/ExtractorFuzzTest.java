package dev.wirewatch.article;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/**
 * Fuzzing of the extractor: any bytes, and real pages cut, spliced and sprinkled with hostile markup, give an
 * {@link ExtractedPage} (perhaps with no text) and never an exception, a hang or a stack overflow. Tries:
 * {@code jqwik.tries.default} (300 by default, 5,000 with {@code -Pfaults}).
 */
class ExtractorFuzzTest {

    private static final Duration HANG = Duration.ofSeconds(15);
    private static final List<String> PAGES = List.of("pages/blog-without-metadata-spanish.html",
            "pages/news-article-jsonld-opengraph.html");
    private static final List<String> HOSTILE = List.of("<script type=\"application/ld+json\">{\"@type\":\"NewsArticle\",",
            "\"datePublished\":\"99999-99-99T99:99\"", "<meta charset=\"x-unknown\">", "<meta http-equiv=\"content-type\" content=\"text/html; charset=utf-32\">",
            "<link rel=\"canonical\" href=\"javascript:alert(1)\">", "<!--", "<![CDATA[", "<p>", "</article>", "\u0000", "\uFEFF",
            "&#x110000;", "<time datetime=\"-999999999-01-01\">", "<svg><foreignObject><math><mi>", "<div>".repeat(5_000),
            "<table>".repeat(2_000));

    private final Extractor extractor = new Extractor();

    @Property
    void anyBytesGiveAPage(@ForAll byte[] html, @ForAll("contentTypes") String contentType) {
        check(html, contentType);
    }

    @Property
    void mutatedPagesGiveAPage(@ForAll("mutatedPages") byte[] html) {
        check(html, "text/html");
    }

    @Test
    void aPageNestedHundredsOfThousandsDeepGivesAPage() {
        check(("<html><body>" + "<div><span>".repeat(100_000) + "CECOT" + "</span></div>".repeat(100_000) + "</body></html>")
                .getBytes(StandardCharsets.UTF_8), "text/html");
    }

    @Provide
    Arbitrary<String> contentTypes() {
        return Arbitraries.of("text/html", "text/html; charset=iso-8859-1", "text/html; charset=nonsense",
                "text/html; charset=utf-16", "application/xhtml+xml");
    }

    @Provide
    Arbitrary<byte[]> mutatedPages() {
        Arbitrary<byte[]> page = Arbitraries.of(PAGES).map(Fixtures::bytes);
        Arbitrary<String> insert = Arbitraries.oneOf(Arbitraries.of(HOSTILE), Arbitraries.strings().ofMaxLength(20));
        return Combinators.combine(page, Arbitraries.integers().between(0, 1_000_000), insert, Arbitraries.integers().between(0, 2))
                .as((bytes, at, extra, how) -> {
                    int i = at % (bytes.length + 1);
                    byte[] add = extra.getBytes(StandardCharsets.UTF_8);
                    if (how == 0) {
                        byte[] cut = new byte[i];
                        System.arraycopy(bytes, 0, cut, 0, i);
                        return cut;
                    }
                    byte[] out = new byte[bytes.length + add.length];
                    System.arraycopy(bytes, 0, out, 0, i);
                    System.arraycopy(add, 0, out, i, add.length);
                    System.arraycopy(bytes, i, out, i + add.length, bytes.length - i);
                    if (how == 2 && out.length > 0) {
                        out[(i * 7) % out.length] = (byte) 0xC3; // a broken UTF-8 sequence
                    }
                    return out;
                });
    }

    private void check(byte[] html, String contentType) {
        assertTimeoutPreemptively(HANG, () -> {
            ExtractedPage page = extractor.extract(html, contentType, "https://example.org/news/1");
            assertThat(page).isNotNull();
            assertThat(page.text()).isNotNull();
        });
    }
}
