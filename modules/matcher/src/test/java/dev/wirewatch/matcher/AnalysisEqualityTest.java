package dev.wirewatch.matcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.wirewatch.matcher.TestCorpus.Article;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.analysis.tokenattributes.OffsetAttribute;
import org.apache.lucene.analysis.tokenattributes.PositionIncrementAttribute;
import org.junit.jupiter.api.Test;

/** The fused analysis equals Lucene's filter chain token for token: term, offsets and positions. */
class AnalysisEqualityTest {

    @Test
    void englishSamplesAnalyseAsInLucene() {
        for (Article article : TestCorpus.englishSamples()) {
            assertSameTokens(article.document().title());
            assertSameTokens(article.document().body());
        }
    }

    @Test
    void everyCorpusArticleAnalysesAsInLucene() {
        Path corpora = TestCorpus.corpora();
        assumeTrue(corpora != null, "corpora folder absent (system property wirewatch.corpora): skipped");
        List<Article> articles = new ArrayList<>(TestCorpus.newsEs(corpora, Integer.MAX_VALUE));
        articles.addAll(TestCorpus.extractionDev(corpora, Integer.MAX_VALUE));
        for (Article article : articles) {
            assertSameTokens(article.document().title());
            assertSameTokens(article.document().body());
        }
    }

    static void assertSameTokens(String text) {
        assertThat(ours(text)).as("tokens of %s", text.length() > 80 ? text.substring(0, 80) + "..." : text)
                .isEqualTo(lucene(text));
    }

    static List<String> ours(String text) {
        List<String> tokens = new ArrayList<>();
        new TextAnalyzer().analyze(text, (term, length, hash, start, end) -> {
            String token = new String(term, 0, length);
            // the hash handed on must be the key table's hash of the term (a wrong one would miss keys)
            tokens.add(token + "@" + start + "-" + end + (hash == KeyTable.hash(token) ? "" : " with a wrong hash"));
        });
        return tokens;
    }

    static List<String> lucene(String text) {
        List<String> tokens = new ArrayList<>();
        try (Analyzer analyzer = LuceneOracle.analyzer(); TokenStream stream = analyzer.tokenStream("body", text)) {
            CharTermAttribute term = stream.addAttribute(CharTermAttribute.class);
            OffsetAttribute offset = stream.addAttribute(OffsetAttribute.class);
            PositionIncrementAttribute increment = stream.addAttribute(PositionIncrementAttribute.class);
            stream.reset();
            while (stream.incrementToken()) {
                assertThat(increment.getPositionIncrement()).as("consecutive positions").isEqualTo(1);
                tokens.add(term + "@" + offset.startOffset() + "-" + offset.endOffset());
            }
            stream.end();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return tokens;
    }
}
