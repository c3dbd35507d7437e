package dev.wirewatch.bench.matcher;

import dev.wirewatch.matcher.Document;
import dev.wirewatch.matcher.TopicMatcher;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
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
import org.openjdk.jmh.annotations.Warmup;

/**
 * The cost of changing one topic in a large matcher: adding a new topic (and removing it again, to keep the size
 * constant), and replacing the query of an existing one. Each includes parsing and validating the query.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xmx1g", "-XX:+UseParallelGC"})
@Warmup(iterations = 2, time = 3)
@Measurement(iterations = 3, time = 3)
public class MatcherUpdateBenchmark {

    @Param({"100000"})
    public int queries;

    private TopicMatcher matcher;
    private List<String> extra;
    private List<String> ids;
    private int next;

    @Setup(Level.Trial)
    public void setUp() {
        List<Document> articles = BenchData.articles();
        Map<String, String> topics = BenchData.topics(articles, queries + 1_000);
        matcher = new TopicMatcher();
        extra = new ArrayList<>();
        ids = new ArrayList<>();
        for (Map.Entry<String, String> topic : topics.entrySet()) {
            if (matcher.size() < queries) {
                matcher.put(topic.getKey(), topic.getValue());
                ids.add(topic.getKey());
            } else {
                extra.add(topic.getValue());
            }
        }
    }

    /** Adds a topic with a query the matcher has not seen, then removes it. */
    @Benchmark
    public int addThenRemoveOneTopic() {
        String query = extra.get(next++ % extra.size());
        matcher.put("extra", query);
        matcher.remove("extra");
        return matcher.size();
    }

    /** Replaces the query of an existing topic with another one. */
    @Benchmark
    public int replaceOneTopic() {
        int i = next++;
        matcher.put(ids.get(i % ids.size()), extra.get(i % extra.size()));
        return matcher.size();
    }
}
