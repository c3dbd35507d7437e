package dev.wirewatch.matcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.wirewatch.matcher.Node.And;
import dev.wirewatch.matcher.Node.Meta;
import dev.wirewatch.matcher.Node.Near;
import dev.wirewatch.matcher.Node.Not;
import dev.wirewatch.matcher.Node.Or;
import dev.wirewatch.matcher.Node.Phrase;
import dev.wirewatch.matcher.Node.Prefix;
import dev.wirewatch.matcher.Node.Term;
import dev.wirewatch.matcher.Node.TextAtom;
import dev.wirewatch.matcher.TestCorpus.Article;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Lucene is the oracle: Lucene Monitor and the matcher must give identical match sets for every article, on a
 * generated query set of every construct over real articles.
 *
 * <p>The default run uses part of the corpora to stay fast; {@code -Dwirewatch.differential.full=true} runs
 * every article.
 */
class DifferentialTest {

    private static final int QUERIES = 2_500;
    private static final long SEED = 20_250_701L;

    @Test
    void matchSetsEqualLuceneMonitorOnRealArticles() {
        Path corpora = TestCorpus.corpora();
        assumeTrue(corpora != null, "corpora folder absent (system property wirewatch.corpora): differential test skipped");
        boolean full = Boolean.getBoolean("wirewatch.differential.full");
        List<Article> articles = new ArrayList<>();
        articles.addAll(TestCorpus.newsEs(corpora, full ? Integer.MAX_VALUE : 300));
        articles.addAll(TestCorpus.extractionDev(corpora, full ? Integer.MAX_VALUE : 60));
        articles.addAll(TestCorpus.englishSamples());

        List<String> queries = new QueryGenerator(articles.stream().map(Article::document).toList(), SEED)
                .generate(QUERIES);
        Map<String, String> topics = new LinkedHashMap<>();
        for (int i = 0; i < queries.size(); i++) {
            topics.put("q%04d".formatted(i), queries.get(i));
        }
        TopicMatcher matcher = new TopicMatcher();
        topics.forEach(matcher::put);

        List<Set<String>> expected = new ArrayList<>();
        try (LuceneOracle oracle = new LuceneOracle(topics)) {
            for (Article article : articles) {
                expected.add(oracle.match(article.document()));
            }
        }
        long matches = expected.stream().mapToLong(Set::size).sum();
        Set<String> matchedTopics = new HashSet<>();
        expected.forEach(matchedTopics::addAll);

        List<String> mismatches = new ArrayList<>();
        compare(matcher, articles, expected, topics, "anchored by word length", mismatches);
        // the matcher learns from the documents it sees (one in 16) and moves topics to the keys found rarest
        for (int round = 0; round < 3; round++) {
            articles.forEach(article -> matcher.matchingTopicIds(article.document()));
        }
        matcher.reanchor();
        assertThat(matcher.reanchoredTopics()).as("topics re-anchored on what the matcher learned").isPositive();
        compare(matcher, articles, expected, topics, "re-anchored", mismatches);

        System.out.printf("differential: %d articles, %d queries, %d matches (%.2f per article), %d topics matched%n",
                articles.size(), topics.size(), matches, (double) matches / articles.size(), matchedTopics.size());
        System.out.println("constructs: " + census(topics.values()));
        assertThat(mismatches).as("articles where the match sets differ").isEmpty();
        assertThat(matches).as("the query set must match often enough to test something").isGreaterThan(5L * articles.size());
        assertThat(matchedTopics.size()).as("topics matched at least once").isGreaterThan(QUERIES / 3);
        assertThat(census(topics.values())).allSatisfy((construct, count) ->
                assertThat(count).as(construct).isGreaterThanOrEqualTo(50));
    }

    private static void compare(TopicMatcher matcher, List<Article> articles, List<Set<String>> expected,
            Map<String, String> topics, String phase, List<String> mismatches) {
        for (int i = 0; i < articles.size(); i++) {
            Article article = articles.get(i);
            Set<String> ours = new HashSet<>(matcher.matchingTopicIds(article.document()));
            Set<String> theirs = expected.get(i);
            List<Match> matches = matcher.match(article.document());
            List<String> explained = matches.stream().map(Match::topicId).toList();
            assertThat(explained).as("match() and matchingTopicIds() agree").containsExactlyInAnyOrderElementsOf(ours);
            for (Match match : matches) {
                assertThat(HighlightChecks.faults(article.document(), match))
                        .as("highlights of %s in %s", topics.get(match.topicId()), article.id()).isEmpty();
            }
            for (String id : difference(ours, theirs)) {
                mismatches.add(phase + ": " + article.id() + " matched only by Wirewatch: " + id + " " + topics.get(id));
            }
            for (String id : difference(theirs, ours)) {
                mismatches.add(phase + ": " + article.id() + " matched only by Lucene: " + id + " " + topics.get(id));
            }
        }
    }

    private static Set<String> difference(Set<String> a, Set<String> b) {
        Set<String> result = new HashSet<>(a);
        result.removeAll(b);
        return result;
    }

    /** How many queries use each construct. */
    static Map<String, Integer> census(Iterable<String> queries) {
        Map<String, Integer> counts = new TreeMap<>();
        for (String text : queries) {
            Set<String> constructs = new HashSet<>();
            constructs(Query.parse(text).root(), constructs);
            if (text.contains(" AND ")) {
                constructs.add("AND");
            }
            if (text.contains("-")) {
                constructs.add("-");
            }
            if (text.contains("(")) {
                constructs.add("parentheses");
            }
            constructs.forEach(c -> counts.merge(c, 1, Integer::sum));
        }
        return counts;
    }

    private static void constructs(Node node, Set<String> out) {
        switch (node) {
            case And and -> {
                out.add("and");
                and.children().forEach(child -> constructs(child, out));
            }
            case Or or -> {
                out.add("or");
                or.children().forEach(child -> constructs(child, out));
            }
            case Not not -> {
                out.add("not");
                constructs(not.child(), out);
            }
            case Near near -> {
                out.add("near");
                near.left().forEach(atom -> constructs(atom, out));
                near.right().forEach(atom -> constructs(atom, out));
            }
            case Meta meta -> out.add(meta.kind().field() + ":");
            case TextAtom atom -> {
                out.add(switch (atom) {
                    case Term term -> "term";
                    case Phrase phrase -> "phrase";
                    case Prefix prefix -> "prefix";
                });
                if (atom.fields() == Node.TITLE) {
                    out.add("title:");
                } else if (atom.fields() == Node.BODY) {
                    out.add("body:");
                }
            }
        }
    }
}
