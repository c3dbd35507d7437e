package dev.wirewatch.bench.collector;

import com.fasterxml.jackson.databind.JsonNode;
import dev.wirewatch.article.ExtractedPage;
import dev.wirewatch.article.Extractor;
import dev.wirewatch.core.kafka.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;

/**
 * Scores the collector's main-text extraction on the annotated pages of {@code extraction-dev} with the rule of its
 * SOURCE.txt (whitespace normalised, substring test; 'with' snippets found are true positives, missed are false
 * negatives; 'without' snippets found are false positives) and measures pages per second on one thread.
 *
 * <p>Usage: {@code ExtractionBench [CORPUS_DIR] [--rounds N] [--misses]}; the corpus defaults to
 * {@code ../shared/corpora/extraction-dev} or the {@code wirewatch.corpora} system property.
 */
public final class ExtractionBench {

    private static final Pattern SPACES = Pattern.compile("\\s+");

    private ExtractionBench() {
    }

    /** One annotated page, its bytes read into memory. */
    record Page(String url, String file, byte[] html, List<String> with, List<String> without) {
    }

    /** The counts of the scoring rule, and the speed. */
    record Score(int truePositives, int falseNegatives, int falsePositives, int trueNegatives, int pages, double pagesPerSecond) {
        double precision() {
            return truePositives / (double) Math.max(1, truePositives + falsePositives);
        }

        double recall() {
            return truePositives / (double) Math.max(1, truePositives + falseNegatives);
        }

        double f1() {
            double p = precision();
            double r = recall();
            return p + r == 0 ? 0 : 2 * p * r / (p + r);
        }
    }

    public static void main(String[] args) throws IOException {
        Path dir = null;
        int rounds = 3;
        boolean misses = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--rounds" -> rounds = Integer.parseInt(args[++i]);
                case "--misses" -> misses = true;
                default -> dir = Path.of(args[i]);
            }
        }
        if (dir == null) {
            dir = Path.of(System.getProperty("wirewatch.corpora", "../shared/corpora")).resolve("extraction-dev");
        }
        if (!Files.isRegularFile(dir.resolve("ground-truth.json"))) {
            System.err.println("extraction-dev not found at " + dir.toAbsolutePath() + " (pass its folder as the first argument)");
            System.exit(2);
        }
        List<Page> pages = load(dir);
        Score score = run(pages, new Extractor(), rounds, misses ? System.out : null);
        System.out.printf(Locale.ROOT, "pages=%d with=%d without=%d%n", score.pages(),
                score.truePositives() + score.falseNegatives(), score.falsePositives() + score.trueNegatives());
        System.out.printf(Locale.ROOT, "TP=%d FN=%d FP=%d TN=%d%n", score.truePositives(), score.falseNegatives(),
                score.falsePositives(), score.trueNegatives());
        System.out.printf(Locale.ROOT, "precision=%.4f recall=%.4f F1=%.4f%n", score.precision(), score.recall(), score.f1());
        System.out.printf(Locale.ROOT, "pages/s=%.1f (one thread, extraction with language detection, best of %d rounds)%n",
                score.pagesPerSecond(), rounds);
    }

    static List<Page> load(Path dir) throws IOException {
        JsonNode truth = Json.mapper().readTree(dir.resolve("ground-truth.json").toFile());
        List<Page> pages = new ArrayList<>();
        for (Map.Entry<String, JsonNode> e : truth.properties()) {
            JsonNode v = e.getValue();
            String file = v.path("file").asText();
            byte[] bytes;
            try (InputStream in = new GZIPInputStream(Files.newInputStream(dir.resolve(file)))) {
                bytes = in.readAllBytes();
            }
            pages.add(new Page(e.getKey(), file, bytes, strings(v.path("with")), strings(v.path("without"))));
        }
        return pages;
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    /**
     * Extracts every page {@code rounds} times (the first round warms up), scores the last round's text, and takes
     * the fastest round for the speed.
     */
    static Score run(List<Page> pages, Extractor extractor, int rounds, PrintStream misses) {
        double best = 0;
        List<String> texts = new ArrayList<>();
        for (int round = 0; round < Math.max(1, rounds); round++) {
            texts.clear();
            long start = System.nanoTime();
            for (Page page : pages) {
                ExtractedPage extracted = extractor.extract(page.html(), null, page.url());
                texts.add(extracted.text());
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            best = Math.max(best, pages.size() / seconds);
        }
        int tp = 0;
        int fn = 0;
        int fp = 0;
        int tn = 0;
        for (int i = 0; i < pages.size(); i++) {
            Page page = pages.get(i);
            String text = normalize(texts.get(i));
            for (String s : page.with()) {
                if (text.contains(normalize(s))) {
                    tp++;
                } else {
                    fn++;
                    if (misses != null) {
                        misses.println("MISS " + page.file() + " | " + s);
                    }
                }
            }
            for (String s : page.without()) {
                if (text.contains(normalize(s))) {
                    fp++;
                    if (misses != null) {
                        misses.println("JUNK " + page.file() + " | " + s);
                    }
                } else {
                    tn++;
                }
            }
        }
        return new Score(tp, fn, fp, tn, pages.size(), best);
    }

    static String normalize(String text) {
        return SPACES.matcher(text).replaceAll(" ").strip();
    }

}
