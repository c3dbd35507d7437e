package dev.wirewatch.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class OpmlTest {

    private static byte[] fixture(String name) throws IOException {
        try (InputStream in = OpmlTest.class.getResourceAsStream("/opml/" + name)) {
            return in.readAllBytes();
        }
    }

    @Test
    void readsEveryOutlineWithAFeedUrlAtAnyDepth() throws IOException {
        List<Opml.Outline> outlines = Opml.parse(fixture("desk-feeds.opml"));
        assertThat(outlines).extracting(Opml.Outline::url).containsExactly("https://elfaro.net/es/feed",
                "https://www.revistafactum.com/feed/", "http://192.168.10.5/feed.xml", "https://prensacomunitaria.org/feed/");
        assertThat(outlines.get(1)).isEqualTo(new Opml.Outline("https://www.revistafactum.com/feed/", "Revista Factum", "es",
                "Central America"));
        assertThat(outlines.get(3).title()).isEqualTo("Prensa Comunitaria");
        assertThat(outlines.get(3).category()).isNull();
    }

    @Test
    void aDoctypeIsRefusedSoNoEntityIsExpanded() {
        assertThatThrownBy(() -> Opml.parse(fixture("opml-doctype-xxe.opml"))).isInstanceOfSatisfying(ApiError.class, e -> {
            assertThat(e.status()).isEqualTo(400);
            assertThat(e.getMessage()).contains("DOCTYPE").doesNotContain("root:");
        });
    }

    @Test
    void otherDocumentsAreNotOpml() {
        assertThatThrownBy(() -> Opml.parse("<rss version=\"2.0\"/>".getBytes(StandardCharsets.UTF_8)))
                .hasMessageContaining("not an OPML document");
        assertThatThrownBy(() -> Opml.parse("not xml".getBytes(StandardCharsets.UTF_8))).hasMessageContaining("not a readable OPML");
    }
}
