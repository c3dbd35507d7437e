package dev.wirewatch.bench.matcher;

import dev.wirewatch.matcher.Document;
import dev.wirewatch.matcher.LuceneOracle;
import dev.wirewatch.matcher.TopicMatcher;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A quick single-threaded timing loop of both engines, for development: no JMH, a few seconds per case. Besides
 * wall-clock throughput it prints throughput in thread CPU time, which is steadier on a machine shared with
 * other work (it still includes the cache misses that other processes cause).
 *
 * <p>Usage: {@code java -Dwirewatch.corpora=../shared/corpora -cp target/benchmarks.jar
 * dev.wirewatch.bench.matcher.MatcherProbe [queries...] [--no-lucene] [--no-ids] [--no-match] [--broadest]}. Figures from
 * {@link MatcherBench} (JMH) are the ones to report.
 */
public final class MatcherProbe {

    private MatcherProbe() {
    }

    public static void main(String[] args) {
        boolean lucene = !List.of(args).contains("--no-lucene");
        List<Integer> counts = List.of(args).stream().filter(arg -> !arg.startsWith("--")).map(Integer::parseInt).toList();
        if (counts.isEmpty()) {
            counts = List.of(1_000, 10_000, 100_000);
        }
        List<Document> articles = BenchData.articles();
        System.out.printf(Locale.ROOT, "%d articles, mean %.0f bytes%n", articles.size(), BenchData.meanBytes(articles));
        for (int count : counts) {
            Map<String, String> topics = BenchData.topics(articles, count);
            TopicMatcher matcher = new TopicMatcher();
            long start = System.nanoTime();
            topics.forEach(matcher::put);
            System.out.printf(Locale.ROOT, "%,d queries: built in %d ms%n", count, (System.nanoTime() - start) / 1_000_000);
            if (List.of(args).contains("--broadest")) {
                broadest(topics, matcher, articles);
            }
            if (!List.of(args).contains("--no-ids")) {
                time("ww-ids", articles, document -> matcher.matchingTopicIds(document).size());
            }
            if (!List.of(args).contains("--no-match")) {
                time("ww-match", articles, document -> matcher.match(document).size());
            }
            if (lucene) {
                try (LuceneOracle oracle = new LuceneOracle(topics)) {
                    time("lucene", articles, oracle::matchCount);
                }
            }
        }
    }

    private static void broadest(Map<String, String> topics, TopicMatcher matcher, List<Document> articles) {
        Map<String, Integer> counts = new java.util.HashMap<>();
        for (Document article : articles) {
            matcher.matchingTopicIds(article).forEach(id -> counts.merge(id, 1, Integer::sum));
        }
        counts.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed()).limit(40)
                .forEach(e -> System.out.printf(Locale.ROOT, "  %5d %s%n", e.getValue(), topics.get(e.getKey())));
    }

    private static void time(String engine, List<Document> articles, java.util.function.ToIntFunction<Document> match) {
        long deadline = System.nanoTime() + 3_000_000_000L;
        int i = 0;
        while (System.nanoTime() < deadline) {
            match.applyAsInt(articles.get(i++ % articles.size()));
        }
        long matches = 0;
        int n = 0;
        java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
        long cpuStart = threads.getCurrentThreadCpuTime();
        long start = System.nanoTime();
        deadline = start + 5_000_000_000L;
        boolean trace = Boolean.getBoolean("probe.trace");
        long second = start + 1_000_000_000L;
        int atSecond = 0;
        while (System.nanoTime() < deadline || n < 10) {
            matches += match.applyAsInt(articles.get(i++ % articles.size()));
            n++;
            if (trace && System.nanoTime() > second) {
                System.out.printf(Locale.ROOT, "    %,d/s%n", n - atSecond);
                atSecond = n;
                second += 1_000_000_000L;
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        double cpuSeconds = (threads.getCurrentThreadCpuTime() - cpuStart) / 1e9;
        System.out.printf(Locale.ROOT, "  %-10s %,10.0f articles/s wall %,10.0f articles/s cpu  %.1f matches/article%n", engine, n / seconds,
                n / cpuSeconds, (double) matches / n);
    }
}
