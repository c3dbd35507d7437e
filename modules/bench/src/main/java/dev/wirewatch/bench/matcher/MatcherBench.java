package dev.wirewatch.bench.matcher;

import dev.wirewatch.matcher.Document;
import dev.wirewatch.matcher.LuceneOracle;
import dev.wirewatch.matcher.TopicMatcher;
import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Runs the matcher benchmarks and prints the table of the matcher issue: engine by query count, articles/s (JMH,
 * one thread; also per second of the thread's own CPU time, steadier on a shared machine), mean matches per
 * article, and retained heap; then the cost of changing one topic.
 *
 * <p>Usage: {@code java -Dwirewatch.corpora=../shared/corpora -cp target/benchmarks.jar
 * dev.wirewatch.bench.matcher.MatcherBench [--queries 1000,10000,100000] [--engines wirewatch,wirewatch-ids,lucene]
 * [--quick]}. Wirewatch's forks run with {@code -Xmx1g}, which is part of what the table shows.
 */
public final class MatcherBench {

    /** Lucene Monitor above 10,000 queries takes long per article: means are taken on this many articles. */
    private static final int LUCENE_MEAN_ARTICLES = 300;

    private MatcherBench() {
    }

    public static void main(String[] args) throws RunnerException {
        List<Integer> counts = List.of(1_000, 10_000, 100_000);
        List<String> engines = List.of("wirewatch", "wirewatch-ids", "lucene");
        boolean quick = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--queries" -> counts = Arrays.stream(args[++i].split(",")).map(Integer::parseInt).toList();
                case "--engines" -> engines = List.of(args[++i].split(","));
                case "--quick" -> quick = true;
                default -> throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
        String corpora = System.getProperty("wirewatch.corpora", "../shared/corpora");
        System.setProperty("wirewatch.corpora", corpora);
        List<Document> articles = BenchData.articles();
        System.out.printf(Locale.ROOT, "%d articles, mean %.0f bytes of title and body; %d CPUs%n",
                articles.size(), BenchData.meanBytes(articles), Runtime.getRuntime().availableProcessors());

        Map<String, String> rows = new LinkedHashMap<>();
        for (int count : counts) {
            Map<String, String> topics = BenchData.topics(articles, count);
            List<Document> sample = count > 10_000 ? articles.subList(0, Math.min(LUCENE_MEAN_ARTICLES, articles.size()))
                    : articles;
            double[] ours = wirewatchFootprint(topics, sample);
            double[] theirs = engines.contains("lucene") ? luceneFootprint(topics, sample) : null;
            if (theirs != null && theirs[0] != ours[0]) {
                System.out.printf(Locale.ROOT, "WARNING: at %d queries the engines disagree: %.3f vs %.3f matches/article%n",
                        count, ours[0], theirs[0]);
            }
            for (String engine : engines) {
                RunResult result = throughput(engine, count, corpora, quick);
                double throughput = result.getPrimaryResult().getScore();
                double cpuSeconds = result.getSecondaryResults().get("cpuNanos").getScore() / 1e9;
                double perCpuSecond = result.getSecondaryResults().get("articles").getScore() / cpuSeconds;
                double[] footprint = engine.equals("lucene") ? theirs : ours;
                rows.put(engine + "@" + count, String.format(Locale.ROOT,
                        "| %-13s | %,7d | %,10.0f | %,10.0f | %8.1f | %,8.0f MB |",
                        engine, count, throughput, perCpuSecond, footprint[0], footprint[1] / 1e6));
            }
        }
        Collection<RunResult> updates = new Runner(options(quick, corpora, "-Xmx1g")
                .include(MatcherUpdateBenchmark.class.getName()).build()).run();

        System.out.println();
        System.out.println("| engine        | queries | articles/s (wall) | articles/s per CPU-second | matches/article | heap |");
        System.out.println("|---|---:|---:|---:|---:|---:|");
        rows.values().forEach(System.out::println);
        System.out.println();
        for (RunResult result : updates) {
            System.out.printf(Locale.ROOT, "%s at %s queries: %.1f µs/op%n", result.getParams().getBenchmark()
                    .replaceAll(".*\\.", ""), result.getParams().getParam("queries"), result.getPrimaryResult().getScore());
        }
    }

    private static RunResult throughput(String engine, int count, String corpora, boolean quick) throws RunnerException {
        String heap = engine.equals("lucene") ? "-Xmx6g" : "-Xmx1g";
        return new Runner(options(quick, corpora, heap)
                .include(MatcherBenchmark.class.getName() + ".matchOneArticle")
                .param("queries", String.valueOf(count))
                .param("engine", engine)
                .build()).runSingle();
    }

    private static ChainedOptionsBuilder options(boolean quick, String corpora, String heap) {
        ChainedOptionsBuilder options = new OptionsBuilder()
                .forks(1)
                .jvmArgs("-Dwirewatch.corpora=" + corpora)
                // replaces the annotation's -Xmx4g: the heap limit is part of what the table shows
                .jvmArgsAppend(heap, "-XX:+UseParallelGC")
                .shouldFailOnError(true);
        if (quick) {
            options.warmupIterations(1).warmupTime(TimeValue.seconds(3))
                    .measurementIterations(2).measurementTime(TimeValue.seconds(3));
        }
        return options;
    }

    /** Mean matches per article over {@code articles}, and the heap the matcher retains. */
    private static double[] wirewatchFootprint(Map<String, String> topics, List<Document> articles) {
        long before = usedHeap();
        TopicMatcher matcher = new TopicMatcher();
        topics.forEach(matcher::put);
        long retained = usedHeap() - before;
        long matches = 0;
        for (Document article : articles) {
            matches += matcher.match(article).size();
        }
        double[] result = {(double) matches / articles.size(), retained};
        if (matcher.size() != topics.size()) {
            throw new IllegalStateException("lost topics");
        }
        return result;
    }

    /** The same for Lucene Monitor. */
    private static double[] luceneFootprint(Map<String, String> topics, List<Document> articles) {
        long before = usedHeap();
        try (LuceneOracle lucene = new LuceneOracle(topics)) {
            long retained = usedHeap() - before;
            long matches = 0;
            for (Document article : articles) {
                matches += lucene.matchCount(article);
            }
            return new double[] {(double) matches / articles.size(), retained};
        }
    }

    private static long usedHeap() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
