package dev.wirewatch.article;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Main text and metadata of article pages: what is kept, what is dropped, where metadata comes from. */
class ExtractorTest {

    private final Extractor extractor = new Extractor();

    @Test
    void newsArticleKeepsItsTextAndDropsTheChrome() {
        ExtractedPage page = extractor.extract(Fixtures.bytes("pages/news-article-jsonld-opengraph.html"), "text/html",
                "https://times.example.com/2026/01/bukele-third-term?utm_source=x");
        assertThat(page.text())
                .contains("The president of El Salvador registered his candidacy on Friday")
                .contains("SAN SALVADOR — Nayib Bukele registered on Friday")
                .contains("The Supreme Court’s constitutional chamber")
                .contains("immediate reelection was allowed")
                .contains("Opposition parties called the decision a breach of the term limits")
                .doesNotContain("Share on Facebook")
                .doesNotContain("Home World Sports")
                .doesNotContain("Photo: Reuters")
                .doesNotContain("Lea también")
                .doesNotContain("CECOT opens its doors")
                .doesNotContain("Most read")
                .doesNotContain("All rights reserved")
                .doesNotContain("By Ana Ramos");
        assertThat(page.title()).isEqualTo("Bukele seeks a third term despite the constitution");
        assertThat(page.author()).isEqualTo("Ana Ramos; Luis Pérez");
        assertThat(page.publishedAt()).isEqualTo(Instant.parse("2026-01-09T20:30:00Z"));
        assertThat(page.language()).isEqualTo("en");
        assertThat(page.canonicalUrl()).isEqualTo("https://times.example.com/2026/01/bukele-third-term");
    }

    @Test
    void pageWithoutMetadataStillGivesTitleTextAndLanguage() {
        ExtractedPage page = extractor.extract(Fixtures.bytes("pages/blog-without-metadata-spanish.html"), null,
                "https://blog.example.com/veda");
        assertThat(page.text())
                .contains("Durante los tres días previos a la votación")
                .contains("más de cuarenta procesos sancionatorios")
                .doesNotContain("Inicio | Blog")
                .doesNotContain("Muy buen artículo");
        assertThat(page.title()).isEqualTo("Cómo se vive la veda electoral");
        assertThat(page.language()).isEqualTo("es");
        assertThat(page.author()).isNull();
        assertThat(page.publishedAt()).isNull();
    }

    @Test
    void emptyOrBrokenHtmlGivesEmptyTextNotAnError() {
        assertThat(extractor.extract(new byte[0], null, null).text()).isEmpty();
        // a fragment too short to be an article gives no text: the collector keeps the feed's summary then
        assertThat(extractor.extract("<html><body><div><p>short</div>".getBytes(java.nio.charset.StandardCharsets.UTF_8),
                null, null).text()).isNotNull();
        assertThat(extractor.extract("<<<>>>&&&;".getBytes(java.nio.charset.StandardCharsets.UTF_8), "text/html; charset=bogus",
                null).text()).isNotNull();
    }

    @Test
    void windows1252WithoutDeclarationIsNotMojibake() {
        byte[] html = "<html><body><p>Señor Peña dijo: «la reelección no está permitida», y nadie lo contradijo en la sesión.</p></body></html>"
                .getBytes(java.nio.charset.Charset.forName("windows-1252"));
        assertThat(extractor.extract(html, null, null).text()).contains("Señor Peña dijo: «la reelección no está permitida»");
    }

    @Test
    void teaserAndDateLinesAreBoilerplate() {
        assertThat(Boilerplate.boilerplateLine("Lea también: otra noticia")).isTrue();
        assertThat(Boilerplate.boilerplateLine("Das könnte Sie auch interessieren!")).isTrue();
        assertThat(Boilerplate.boilerplateLine("Copyright 2026 Example Times")).isTrue();
        assertThat(Boilerplate.boilerplateLine("The court read the ruling on Tuesday.")).isFalse();
        assertThat(Boilerplate.metadataLine("31. Mai", null)).isTrue();
        assertThat(Boilerplate.metadataLine("23.10.2018", null)).isTrue();
        assertThat(Boilerplate.metadataLine("gsoc-2018", null)).isFalse();
        assertThat(Boilerplate.metadataLine("Ottostraße 14", null)).isFalse();
    }
}
