package dev.wirewatch.tagger;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.wirewatch.core.kafka.Json;
import dev.wirewatch.core.testing.Corpora;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The fingerprint's quality on real news (the shared Spanish corpus): small edits stay within the default distance,
 * and unrelated articles never come that close (the corpus's own near-duplicates, which share most of their word
 * pairs, may and should).
 */
class SimHashCorpusTest {

    private static final int K = 3;

    @Test
    void smallEditsStayWithinThreeBitsAndUnrelatedArticlesNeverDo() throws IOException {
        List<String> texts = longTexts(Corpora.resolve("news-es"));
        assertThat(texts).hasSizeGreaterThan(1_000);
        SplittableRandom random = new SplittableRandom(1);
        int oneWord = 0;
        int credit = 0;
        int threeWords = 0;
        long[] fps = new long[texts.size()];
        for (int i = 0; i < texts.size(); i++) {
            String text = texts.get(i);
            fps[i] = SimHash.fingerprint(text).getAsLong();
            oneWord += within(fps[i], replaceWords(text, random, 1)) ? 1 : 0;
            threeWords += within(fps[i], replaceWords(text, random, 3)) ? 1 : 0;
            credit += within(fps[i], text + " Con información de AP y Reuters.") ? 1 : 0;
        }
        int falseClose = 0;
        for (int i = 0; i < fps.length; i++) {
            for (int j = i + 1; j < fps.length; j++) {
                // close fingerprints of texts that do not share most of their word pairs: a false story
                if (SimHash.distance(fps[i], fps[j]) <= K && jaccard(texts.get(i), texts.get(j)) < 0.5) {
                    falseClose++;
                }
            }
        }
        double n = texts.size();
        System.out.printf("SimHash on %d news-es texts: one-word edit %.1f%%, three words %.1f%%, credit line %.1f%% "
                + "within %d bits; %d unrelated pairs within %d bits%n", texts.size(), 100 * oneWord / n,
                100 * threeWords / n, 100 * credit / n, K, falseClose, K);
        assertThat(oneWord / n).isGreaterThan(0.85);
        assertThat(credit / n).isGreaterThan(0.80);
        assertThat(threeWords / n).isGreaterThan(0.55);
        assertThat(falseClose).isZero();
    }

    /** The Jaccard similarity of the texts' sets of consecutive word pairs: the ground truth of "near-duplicate". */
    private static double jaccard(String a, String b) {
        Set<String> pairsA = wordPairs(a);
        Set<String> pairsB = wordPairs(b);
        Set<String> union = new HashSet<>(pairsA);
        union.addAll(pairsB);
        pairsA.retainAll(pairsB);
        return union.isEmpty() ? 0 : (double) pairsA.size() / union.size();
    }

    private static Set<String> wordPairs(String text) {
        String[] words = text.toLowerCase(Locale.ROOT).split("\\W+");
        Set<String> pairs = new HashSet<>();
        for (int i = 1; i < words.length; i++) {
            pairs.add(words[i - 1] + ' ' + words[i]);
        }
        return pairs;
    }

    private static boolean within(long fp, String edited) {
        return SimHash.distance(fp, SimHash.fingerprint(edited).getAsLong()) <= K;
    }

    /** Distinct texts of news-es longer than 1,500 characters (the corpus repeats a few items word for word). */
    private static List<String> longTexts(Path folder) throws IOException {
        Set<String> texts = new LinkedHashSet<>();
        for (String split : List.of("train", "development", "test")) {
            for (String line : Files.readAllLines(folder.resolve(split + ".jsonl"), StandardCharsets.UTF_8)) {
                if (!line.isBlank()) {
                    JsonNode item = Json.mapper().readTree(line);
                    String text = item.path("Text").asText("");
                    if (text.length() > 1_500) {
                        texts.add(text.strip());
                    }
                }
            }
        }
        return new ArrayList<>(texts);
    }

    private static String replaceWords(String text, SplittableRandom random, int count) {
        String[] words = text.split(" ");
        for (int i = 0; i < count; i++) {
            words[random.nextInt(words.length)] = "palabra" + random.nextInt(1_000);
        }
        return String.join(" ", words);
    }
}
