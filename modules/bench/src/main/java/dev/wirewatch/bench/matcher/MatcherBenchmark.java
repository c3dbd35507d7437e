package dev.wirewatch.bench.matcher;

import dev.wirewatch.matcher.Document;
import dev.wirewatch.matcher.LuceneOracle;
import dev.wirewatch.matcher.TopicMatcher;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Articles per second through Wirewatch's matcher and through Lucene Monitor, in one JVM, on the same real
 * articles and the same generated queries (fixed seed). One operation matches one article, single-threaded.
 *
 * <p>Engines: {@code wirewatch} is {@link TopicMatcher#match} with highlights, snippet and clauses (what the
 * tagger uses); {@code wirewatch-ids} is {@link TopicMatcher#matchingTopicIds}, the ids only, like
 * {@code lucene}, which is Lucene Monitor with {@code QueryMatch.SIMPLE_MATCHER}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xmx4g", "-XX:+UseParallelGC"})
@Warmup(iterations = 2, time = 5)
@Measurement(iterations = 3, time = 5)
public class MatcherBenchmark {

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    @Param({"1000", "10000", "100000"})
    public int queries;

    @Param({"wirewatch", "wirewatch-ids", "lucene"})
    public String engine;

    private List<Document> articles;
    private TopicMatcher matcher;
    private LuceneOracle lucene;
    private int next;

    @Setup(Level.Trial)
    public void setUp() {
        articles = BenchData.articles();
        Map<String, String> topics = BenchData.topics(articles, queries);
        if (engine.equals("lucene")) {
            lucene = new LuceneOracle(topics);
        } else {
            matcher = new TopicMatcher();
            topics.forEach(matcher::put);
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        if (lucene != null) {
            lucene.close();
        }
    }

    /**
     * The thread CPU time the measured operations used and their number, as secondary results (totals over the
     * measurement iterations): on a machine shared with other work, {@code articles / (cpuNanos / 1e9)} is the
     * throughput of one core of our own.
     */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.EVENTS)
    public static class CpuTime {
        public long cpuNanos;
        public long articles;
    }

    @Benchmark
    public int matchOneArticle(CpuTime cpu) {
        long start = THREADS.getCurrentThreadCpuTime();
        Document article = articles.get(next);
        next = next + 1 == articles.size() ? 0 : next + 1;
        int matches = switch (engine) {
            case "wirewatch" -> matcher.match(article).size();
            case "wirewatch-ids" -> matcher.matchingTopicIds(article).size();
            case "lucene" -> lucene.matchCount(article);
            default -> throw new IllegalArgumentException("unknown engine " + engine);
        };
        cpu.cpuNanos += THREADS.getCurrentThreadCpuTime() - start;
        cpu.articles++;
        return matches;
    }
}
