package dev.wirewatch.bench.matcher;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Compares two builds of the matcher in one process: loads each benchmark jar in a class loader of its own, builds
 * both matchers from the same generated queries, then alternates short bursts of {@code matchingTopicIds} (or
 * {@code match}) between them and prints each side's articles per CPU-second and the ratio B/A per round.
 *
 * <p>This machine's speed swings by 2x within minutes: other tenants of the host take its caches and CPU, and the
 * guest's CPU clock counts that time as ours. Runs of two builds one after the other therefore compare phases of the
 * machine more than builds. Bursts of half a second, alternated, see the same phases; the median ratio is the
 * figure to read. Each side warms up for three seconds first (its matcher re-anchors itself meanwhile).
 *
 * <p>Usage: {@code java -Xmx8g -Dwirewatch.corpora=../shared/corpora -cp modules/bench/target/benchmarks.jar
 * dev.wirewatch.bench.matcher.InterleavedProbe A.jar B.jar [queries=100000] [rounds=60] [burst seconds=0.5]
 * [matchingTopicIds|match]}, with A and B copies of {@code benchmarks.jar} from the two builds.
 */
public final class InterleavedProbe {

    private record Side(Object matcher, Method call, List<?> articles) {
    }

    private InterleavedProbe() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 2) {
            System.err.println("usage: InterleavedProbe A.jar B.jar [queries] [rounds] [burst-seconds] [matchingTopicIds|match]");
            System.exit(2);
        }
        int queries = args.length > 2 ? Integer.parseInt(args[2]) : 100_000;
        int rounds = args.length > 3 ? Integer.parseInt(args[3]) : 60;
        double burst = args.length > 4 ? Double.parseDouble(args[4]) : 0.5;
        String method = args.length > 5 ? args[5] : "matchingTopicIds";
        List<Side> sides = new ArrayList<>();
        for (int s = 0; s < 2; s++) {
            sides.add(load(Path.of(args[s]), queries, method));
        }
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        int[] next = new int[2];
        for (int s = 0; s < 2; s++) {
            burst(sides.get(s), next, s, 3.0, threads);
        }
        double[][] rates = new double[2][rounds];
        for (int r = 0; r < rounds; r++) {
            // A first in even rounds, B first in odd ones
            for (int i = 0; i < 2; i++) {
                int s = r % 2 == 0 ? i : 1 - i;
                rates[s][r] = burst(sides.get(s), next, s, burst, threads);
            }
        }
        for (int s = 0; s < 2; s++) {
            double[] sorted = rates[s].clone();
            Arrays.sort(sorted);
            System.out.printf(Locale.ROOT, "%s %s: median %,.0f articles per CPU-second (p10 %,.0f, p90 %,.0f)%n",
                    s == 0 ? "A" : "B", args[s], sorted[rounds / 2], sorted[rounds / 10], sorted[rounds * 9 / 10]);
        }
        double[] ratio = new double[rounds];
        for (int r = 0; r < rounds; r++) {
            ratio[r] = rates[1][r] / rates[0][r];
        }
        Arrays.sort(ratio);
        System.out.printf(Locale.ROOT, "B/A per round: median %.3f (p10 %.3f, p90 %.3f), %d rounds of %.1f s%n",
                ratio[rounds / 2], ratio[rounds / 10], ratio[rounds * 9 / 10], rounds, burst);
    }

    /** A matcher of the build in {@code jar}, with that build's articles and queries. */
    private static Side load(Path jar, int queries, String method) throws Exception {
        URL[] urls = {jar.toUri().toURL()};
        // the platform loader as parent: every class of the build, ours and its libraries, comes from the jar
        URLClassLoader loader = new URLClassLoader(urls, ClassLoader.getPlatformClassLoader());
        Class<?> data = loader.loadClass(BenchData.class.getName());
        Method articlesOf = data.getDeclaredMethod("articles");
        articlesOf.setAccessible(true);
        Method topicsOf = data.getDeclaredMethod("topics", List.class, int.class);
        topicsOf.setAccessible(true);
        List<?> articles = (List<?>) articlesOf.invoke(null);
        Map<?, ?> topics = (Map<?, ?>) topicsOf.invoke(null, articles, queries);
        Class<?> matcherClass = loader.loadClass("dev.wirewatch.matcher.TopicMatcher");
        Object matcher = matcherClass.getConstructor().newInstance();
        Method put = matcherClass.getMethod("put", String.class, String.class);
        for (Map.Entry<?, ?> topic : topics.entrySet()) {
            put.invoke(matcher, topic.getKey(), topic.getValue());
        }
        Method call = matcherClass.getMethod(method, loader.loadClass("dev.wirewatch.matcher.Document"));
        return new Side(matcher, call, articles);
    }

    /** Matches articles for {@code seconds}; returns articles per CPU-second of this thread. */
    private static double burst(Side side, int[] next, int s, double seconds, ThreadMXBean threads) throws Exception {
        long cpuStart = threads.getCurrentThreadCpuTime();
        long deadline = System.nanoTime() + (long) (seconds * 1e9);
        int n = 0;
        List<?> articles = side.articles();
        while (System.nanoTime() < deadline) {
            side.call().invoke(side.matcher(), articles.get(next[s]++ % articles.size()));
            n++;
        }
        return n / ((threads.getCurrentThreadCpuTime() - cpuStart) / 1e9);
    }
}
