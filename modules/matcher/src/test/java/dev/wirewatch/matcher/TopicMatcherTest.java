package dev.wirewatch.matcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wirewatch.core.model.Highlight;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class TopicMatcherTest {

    private static final Document ARTICLE = new Document(
            "Bukele's term limits end",
            "SAN SALVADOR — Lawmakers approved indefinite reelection for President Nayib Bukele on Thursday. "
                    + "Critics said the term limits had protected El Salvador for decades. The Terrorist "
                    + "Confinement Center (CECOT) was not discussed.",
            "en", "www.elfaro.net");

    @Test
    void putMatchRemove() {
        TopicMatcher matcher = new TopicMatcher();
        matcher.put("limits", "(\"term limits\" OR \"indefinite reelection\") AND (Bukele OR \"El Salvador\")");
        matcher.put("cecot", "CECOT OR \"Terrorist Confinement Center\"");
        matcher.put("pegasus", "Pegasus NEAR/5 (spyware OR NSO)");
        assertThat(matcher.size()).isEqualTo(3);
        assertThat(matcher.matchingTopicIds(ARTICLE)).containsExactlyInAnyOrder("limits", "cecot");

        matcher.put("cecot", "CECOT lang:es");
        assertThat(matcher.matchingTopicIds(ARTICLE)).containsExactly("limits");
        assertThat(matcher.remove("limits")).isTrue();
        assertThat(matcher.remove("limits")).isFalse();
        assertThat(matcher.matchingTopicIds(ARTICLE)).isEmpty();
        assertThat(matcher.size()).isEqualTo(2);
        assertThat(matcher.query("cecot").text()).isEqualTo("CECOT lang:es");
        assertThat(matcher.query("limits")).isNull();
    }

    @Test
    void aBadQueryLeavesTheMatcherUnchanged() {
        TopicMatcher matcher = new TopicMatcher();
        matcher.put("cecot", "CECOT");
        assertThatThrownBy(() -> matcher.put("cecot", "CECOT \"unclosed"))
                .isInstanceOf(QueryException.class).hasMessage("unclosed quote at 6");
        assertThat(matcher.matchingTopicIds(ARTICLE)).containsExactly("cecot");
    }

    @Test
    void matchesExplainClausesHighlightsAndSnippet() {
        TopicMatcher matcher = new TopicMatcher();
        matcher.put("limits", "(\"term limits\" OR \"indefinite reelection\" OR cecot) AND (Bukele OR \"El Salvador\") -pegasus");
        Match match = matcher.match(ARTICLE).get(0);
        assertThat(match.topicId()).isEqualTo("limits");
        assertThat(match.matchedClauses())
                .containsExactlyInAnyOrder("\"term limits\"", "\"indefinite reelection\"", "cecot", "Bukele", "\"El Salvador\"");
        assertThat(texts(match.highlights(), ARTICLE)).containsExactly(
                "title:Bukele's term limits",
                "body:indefinite reelection", "body:Bukele", "body:term limits", "body:El Salvador", "body:CECOT");
        assertThat(match.snippet()).startsWith("SAN SALVADOR — Lawmakers approved indefinite reelection");
        assertThat(match.snippet()).endsWith("…");
    }

    @Test
    void nearHighlightsOnlyTheOccurrencesThatAreNear() {
        TopicMatcher matcher = new TopicMatcher();
        matcher.put("near", "term NEAR/0 limits");
        Document doc = new Document("", "term one. limits two. term limits three. limits", null, null);
        Match match = matcher.match(doc).get(0);
        assertThat(texts(match.highlights(), doc)).containsExactly("body:term limits");
        assertThat(match.matchedClauses()).containsExactly("term NEAR/0 limits");
    }

    @Test
    void prefixesOfOneTopicDoNotLeakIntoAnother() {
        TopicMatcher matcher = new TopicMatcher();
        matcher.put("prefix", "reelecc*");
        matcher.put("term", "reeleccion");
        Document doc = new Document("", "la reelecciones", null, null);
        assertThat(matcher.matchingTopicIds(doc)).containsExactly("prefix");
    }

    @Test
    void matchingGoesOnWhileTopicsChange() throws Exception {
        TopicMatcher matcher = new TopicMatcher();
        matcher.put("stable", "bukele");
        AtomicBoolean writing = new AtomicBoolean(true);
        try (ExecutorService pool = Executors.newFixedThreadPool(3)) {
            List<Future<Integer>> readers = new ArrayList<>();
            for (int r = 0; r < 2; r++) {
                readers.add(pool.submit(() -> {
                    int rounds = 0;
                    while (writing.get() || rounds < 100) {
                        List<String> ids = matcher.matchingTopicIds(ARTICLE);
                        assertThat(ids).contains("stable").doesNotHaveDuplicates();
                        rounds++;
                    }
                    return rounds;
                }));
            }
            Future<?> writer = pool.submit(() -> {
                try {
                    for (int i = 0; i < 3_000; i++) {
                        matcher.put("t" + i % 50, i % 2 == 0 ? "cecot OR reelecc* w" + i : "\"term limits\" lang:en x" + i);
                        if (i % 7 == 0) {
                            matcher.remove("t" + (i + 13) % 50);
                        }
                    }
                } finally {
                    writing.set(false);
                }
            });
            writer.get();
            for (Future<Integer> reader : readers) {
                assertThat(reader.get()).isGreaterThanOrEqualTo(100);
            }
        }
        for (int i = 0; i < 50; i++) {
            matcher.put("t" + i, "\"term limits\" -cecot");
        }
        assertThat(matcher.matchingTopicIds(ARTICLE)).containsExactly("stable");
        assertThat(matcher.size()).isEqualTo(51);
    }

    private static List<String> texts(List<Highlight> highlights, Document doc) {
        List<String> texts = new ArrayList<>();
        for (Highlight h : highlights) {
            String field = h.field().equals("title") ? doc.title() : h.field().equals("body") ? doc.body() : "";
            texts.add(h.field() + ":" + (field.length() >= h.end() ? field.substring(h.start(), h.end()) : "?"));
        }
        return texts;
    }
}
