package dev.wirewatch.bench.matcher;

import dev.wirewatch.matcher.Document;
import dev.wirewatch.matcher.QueryGenerator;
import dev.wirewatch.matcher.TestCorpus;
import dev.wirewatch.matcher.TestCorpus.Article;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The articles and queries that the matcher benchmarks share: real articles of about 3 KB, and generated
 * queries with a fixed seed, so that both engines and every run see the same work.
 */
final class BenchData {

    static final long SEED = 42L;
    /** extraction-dev pages taken besides all of news-es; their text is parsed with jsoup at set-up. */
    static final int EXTRACTION_PAGES = 150;

    private BenchData() {
    }

    /** news-es and part of extraction-dev, from the folder in {@code -Dwirewatch.corpora}. */
    static List<Document> articles() {
        Path corpora = TestCorpus.corpora();
        if (corpora == null) {
            throw new IllegalStateException("Set -Dwirewatch.corpora to the shared corpora folder (with news-es/): "
                    + System.getProperty("wirewatch.corpora"));
        }
        List<Document> articles = new ArrayList<>();
        TestCorpus.newsEs(corpora, Integer.MAX_VALUE).forEach(article -> articles.add(article.document()));
        for (Article article : TestCorpus.extractionDev(corpora, EXTRACTION_PAGES)) {
            Document document = article.document();
            if (!document.body().isBlank()) {
                articles.add(document);
            }
        }
        TestCorpus.englishSamples().forEach(article -> articles.add(article.document()));
        return articles;
    }

    /** {@code count} queries generated from {@code articles}, keyed {@code q000000}... in generation order. */
    static Map<String, String> topics(List<Document> articles, int count) {
        List<String> queries = new QueryGenerator(articles, SEED).generate(count);
        Map<String, String> topics = new LinkedHashMap<>();
        for (int i = 0; i < queries.size(); i++) {
            topics.put("q%06d".formatted(i), queries.get(i));
        }
        return topics;
    }

    /** The mean size of the articles' title and body in UTF-8 bytes. */
    static double meanBytes(List<Document> articles) {
        long bytes = 0;
        for (Document article : articles) {
            bytes += article.title().getBytes(java.nio.charset.StandardCharsets.UTF_8).length
                    + article.body().getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
        }
        return (double) bytes / articles.size();
    }
}
