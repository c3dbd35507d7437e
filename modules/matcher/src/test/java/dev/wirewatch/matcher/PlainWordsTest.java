package dev.wirewatch.matcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.wirewatch.matcher.TestCorpus.Article;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The fast path takes plain texts, refuses the others, and gives Lucene's tokens wherever it takes a text. */
class PlainWordsTest {

    private static final List<String> PLAIN = List.of(
            "U.S. e.g. a.b.c 3.5 1,000.50 1'000 10:30 a:b a:1 1:2 a.1 1.a a,b 1,a a;b 1;2 ,1, ;a; .a. 'a' a..b 1,,2",
            "d'Aubuisson l'État qu'il Bukele's Bukele’s ‘quoted’ “Nayib Bukele” — dijo… «CECOT» ¿Qué? ¡Sí! 50° "
                    + "nº 3 1ª µg a·b ·a· MS-13 G20 20G x×y 10÷2 a\u00A0b",
            "Ñandú ÀÉÎÕÜ ÿ øst Ærø naïve résumé CAFÉ café Straße",
            "cœur Œuvre Łódź Čapek Dvořák Őrség ﬁne ﬂow oﬃce l'Œuvre ŁÓDŹ's",
            "£3 §2 ´a a´b a¨",
            "snake_case _foo foo_ __a__ ___ _ a_1 _1 1_ a__b a_.b a._b _a.b 1_000 x_y_z _é é_ a_'b a'_b 1_,2 _-_ a_©",
            "© 2026 Reuters ©Reuters a©b ®x ©© 2026© x'© ©'s a.© ©.a 1,©",
            "„Zitat“ ‚x‘ ‹a› ›b‹ a‚b 5′ 6″ a‐b a―b • ► ▼ a►b ← → a→b 5€ €5 1€2",
            "a\u2009b a\u2002b a\u200Bb a\u2028b 1\u20092",
            "x" + "y".repeat(254),
            "", " ", "...", "'", "a", "1", "a'", "'a", "a.", ".1");

    private static final List<String> REFUSED = List.of("emoji 😀", "soft\u00ADhyphen", "日本語",
            "x²", "love ❤", "©\uFE0F", "a\uFEFFb", "a\u202Fb", "combining e\u0301", "Ελλάδα", "x" + "y".repeat(255));

    @Test
    void takesPlainTextsAndGivesLucenesTokens() {
        for (String text : PLAIN) {
            assertThat(PlainWords.words(text, (start, end) -> { })).as("plain: %s", text).isTrue();
            AnalysisEqualityTest.assertSameTokens(text);
        }
    }

    @Test
    void refusesOtherTextsWithoutHandingOnAnyWord() {
        for (String text : REFUSED) {
            List<Integer> handed = new ArrayList<>();
            assertThat(PlainWords.words(text, (start, end) -> handed.add(start))).as("refused: %s", text).isFalse();
            assertThat(handed).isEmpty();
            AnalysisEqualityTest.assertSameTokens(text);
        }
    }

    @Test
    void mostCorpusTextsTakeTheFastPath() {
        Path corpora = TestCorpus.corpora();
        assumeTrue(corpora != null, "corpora folder absent (system property wirewatch.corpora): skipped");
        int plain = 0;
        int all = 0;
        for (Article article : TestCorpus.newsEs(corpora, Integer.MAX_VALUE)) {
            all++;
            if (PlainWords.words(article.document().body(), (start, end) -> { })) {
                plain++;
            }
        }
        // so that AnalysisEqualityTest, which compares every corpus text with Lucene, covers the fast path
        assertThat(plain).as("plain bodies of %d", all).isGreaterThan(all / 2);
    }
}
