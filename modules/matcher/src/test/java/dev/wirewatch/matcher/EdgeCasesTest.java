package dev.wirewatch.matcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Edge cases of analysis and matching, each checked against an expected answer and against Lucene Monitor.
 */
class EdgeCasesTest {

    /** Whether {@code query} matches {@code document}, asserting that Lucene Monitor agrees. */
    private static boolean matches(String query, Document document) {
        TopicMatcher matcher = new TopicMatcher();
        matcher.put("t", query);
        boolean ours = !matcher.matchingTopicIds(document).isEmpty();
        assertThat(matcher.match(document).isEmpty()).isEqualTo(!ours);
        try (LuceneOracle oracle = new LuceneOracle(Map.of("t", query))) {
            assertThat(oracle.match(document)).as("Lucene on %s", query).isEqualTo(ours ? Set.of("t") : Set.of());
        }
        return ours;
    }

    private static Document body(String text) {
        return new Document("", text, "en", "www.example.com");
    }

    @Test
    void accentsAndLigaturesFold() {
        Document doc = body("La reelección indefinida en Zürich: Æsir, œuvre, ﬁnal, straße, São Paulo, piñata.");
        assertThat(matches("reeleccion", doc)).isTrue();
        assertThat(matches("REELECCIÓN", doc)).isTrue();
        assertThat(matches("zurich", doc)).isTrue();
        assertThat(matches("aesir", doc)).isTrue();
        assertThat(matches("oeuvre", doc)).isTrue();
        assertThat(matches("final", doc)).isTrue();
        assertThat(matches("strasse", doc)).isTrue();
        assertThat(matches("\"sao paulo\"", doc)).isTrue();
        assertThat(matches("pinata", doc)).isTrue();
        assertThat(matches("reelecc*", doc)).isTrue();
        assertThat(matches("reelecció*", doc)).isTrue();
    }

    @Test
    void apostrophesElideAndPossessivesDrop() {
        Document doc = body("Bukele’s allies and BUKELE'S party; l'Assemblée and d'Aubuisson; don't; O'Brien.");
        assertThat(matches("bukele", doc)).isTrue();
        assertThat(matches("Bukele's", doc)).isTrue();
        assertThat(matches("assemblee", doc)).isTrue();
        assertThat(matches("aubuisson", doc)).isTrue();
        assertThat(matches("d'Aubuisson", doc)).isTrue();
        assertThat(matches("don't", doc)).isTrue();
        assertThat(matches("don", doc)).isFalse();
        assertThat(matches("o'brien", doc)).isTrue();
        assertThat(matches("brien", doc)).isFalse();
    }

    @Test
    void hyphenatedWordsArePhrases() {
        Document doc = body("MS-13 and Barrio 18; the anti-corruption body; term-limits.");
        assertThat(matches("MS-13", doc)).isTrue();
        assertThat(matches("\"ms 13\"", doc)).isTrue();
        assertThat(matches("ms13", doc)).isFalse();
        assertThat(matches("\"term limits\"", doc)).isTrue();
        assertThat(matches("anti NEAR/0 corruption", doc)).isTrue();
        assertThat(matches("\"13 and barrio 18\"", doc)).isTrue();
    }

    @Test
    void numbersKeepTheirPunctuation() {
        Document doc = body("About 3.5 million, 1,000 troops on 2024-03-15, v2.0, 24/7, 10:30 and COVID-19.");
        assertThat(matches("3.5", doc)).isTrue();
        assertThat(matches("\"3 5\"", doc)).isFalse();
        assertThat(matches("1,000", doc)).isTrue();
        assertThat(matches("2024-03-15", doc)).isTrue();
        assertThat(matches("v2.0", doc)).isTrue();
        assertThat(matches("\"24 7\"", doc)).isTrue();
        assertThat(matches("covid-19", doc)).isTrue();
        assertThat(matches("10:30", doc)).isTrue();
    }

    @Test
    void emojiAreTokensOfTheirOwn() {
        Document doc = body("Supporters posted 🇸🇻 and 🔥🔥 next to Bukele👏 and #BukeleForever.");
        assertThat(matches("bukele", doc)).isTrue();
        assertThat(matches("bukeleforever", doc)).isTrue();
        assertThat(matches("\"🔥\"", doc)).isEqualTo(matches("🔥 supporters", body("🔥 supporters")));
        // 🇸🇻, 🔥 and 🔥 count as words between them, as in Lucene
        assertThat(matches("posted NEAR/6 bukele", doc)).isTrue();
        assertThat(matches("posted NEAR/5 bukele", doc)).isFalse();
    }

    @Test
    void cjkIdeographsAreOneTokenEach() {
        Document doc = body("中华人民共和国和萨尔瓦多共和国签署了合作协议。한국어 문장도 있습니다.");
        assertThat(matches("\"萨尔瓦多\"", doc)).isTrue();
        assertThat(matches("萨尔瓦多", doc)).isTrue();
        assertThat(matches("\"多萨\"", doc)).isFalse();
        assertThat(matches("한국어", doc)).isTrue();
    }

    @Test
    void cyrillicAndGreekLowercaseButDoNotFold() {
        Document doc = body("Президент Сальвадора Наиб Букеле. Ёлка. Αθήνα.");
        assertThat(matches("букеле", doc)).isTrue();
        assertThat(matches("БУКЕЛЕ", doc)).isTrue();
        assertThat(matches("Сальвадор*", doc)).isTrue();
        assertThat(matches("ёлка", doc)).isTrue();
        assertThat(matches("елка", doc)).isFalse();
        assertThat(matches("αθήνα", doc)).isTrue();
    }

    @Test
    void emptyTextMatchesNothingButFilters() {
        Document empty = new Document("", "", "es", "elfaro.net");
        assertThat(matches("bukele", empty)).isFalse();
        assertThat(matches("lang:es", empty)).isTrue();
        assertThat(matches("source:elfaro.net bukele", empty)).isFalse();
        assertThat(matches("source:net -bukele", empty)).isTrue();
        assertThat(matches("bukele", new Document(null, null, null, null))).isFalse();
    }

    @Test
    void phrasesNeverSpanTitleAndBody() {
        Document doc = new Document("Bukele in", "Salvador today, el salvador", "en", "example.com");
        assertThat(matches("\"in salvador\"", doc)).isFalse();
        assertThat(matches("in NEAR/0 salvador", doc)).isFalse();
        assertThat(matches("title:bukele body:salvador", doc)).isTrue();
        assertThat(matches("title:salvador", doc)).isFalse();
        assertThat(matches("body:\"el salvador\"", doc)).isTrue();
    }

    @Test
    void nearIsUnorderedWithSlop() {
        Document doc = body("Pegasus was the spyware, NSO said; and then spyware maker NSO Group.");
        assertThat(matches("pegasus NEAR/2 spyware", doc)).isTrue();
        assertThat(matches("pegasus NEAR/1 spyware", doc)).isFalse();
        assertThat(matches("spyware NEAR/2 pegasus", doc)).isTrue();
        assertThat(matches("\"spyware maker\" NEAR/0 nso", doc)).isTrue();
        assertThat(matches("pegas* NEAR/2 (spyware OR nso)", doc)).isTrue();
        assertThat(matches("nso NEAR/0 nso", doc)).isTrue();
        assertThat(matches("(\"the spyware\" OR group) NEAR/0 spyware", doc)).isTrue();
    }

    @Test
    void sourceFiltersMatchParentDomains() {
        Document doc = new Document("Bukele", "", "es-SV", "www.ElFaro.net");
        assertThat(matches("bukele source:elfaro.net", doc)).isTrue();
        assertThat(matches("bukele source:www.elfaro.net", doc)).isTrue();
        assertThat(matches("bukele source:faro.net", doc)).isFalse();
        assertThat(matches("bukele lang:es", doc)).isTrue();
        assertThat(matches("bukele lang:es-sv", doc)).isTrue();
        assertThat(matches("bukele lang:en", doc)).isFalse();
    }

    @Test
    void aFiveMegabyteArticleMatchesWithHighlightsCapped() {
        StringBuilder text = new StringBuilder(5_200_000);
        String sentence = "El presidente Nayib Bukele habló de la reelección indefinida en San Salvador. ";
        while (text.length() < 5_000_000) {
            text.append(sentence);
        }
        text.append("Al final, el CECOT.");
        Document doc = body(text.toString());
        TopicMatcher matcher = new TopicMatcher();
        matcher.put("cecot", "CECOT");
        matcher.put("bukele", "bukele NEAR/3 reelecc*");
        matcher.put("none", "\"bukele reeleccion\"");
        java.util.List<Match> matches = matcher.match(doc);
        assertThat(matches).extracting(Match::topicId).containsExactlyInAnyOrder("cecot", "bukele");
        Match cecot = matches.stream().filter(m -> m.topicId().equals("cecot")).findFirst().orElseThrow();
        assertThat(cecot.highlights()).singleElement().satisfies(h ->
                assertThat(text.substring(h.start(), h.end())).isEqualTo("CECOT"));
        assertThat(cecot.snippet()).endsWith("Al final, el CECOT.");
        Match bukele = matches.stream().filter(m -> m.topicId().equals("bukele")).findFirst().orElseThrow();
        assertThat(bukele.highlights()).hasSize(Explanation.MAX_SPANS);
    }
}
