package dev.wirewatch.bench.e2e;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Predicate;

/**
 * CPU time by stage: every live platform thread's CPU time (ThreadMXBean), summed by groups of thread names, between
 * two snapshots; what the process used beyond the threads (GC, JIT compilers, threads that ended) is its own group.
 *
 * <p>Virtual threads run on the JVM's carrier threads, which the collector's polls and page fetches and the alerter's
 * webhook calls share: their time is one group. The bench's own servers and readers run on platform threads named
 * {@code bench-*} so that none of it lands there.
 */
final class CpuMeter {

    /** A group of threads by name. */
    record Group(String name, String meaning, Predicate<String> matches) {
    }

    /** One thread's name and CPU time. */
    record ThreadCpu(String name, long cpuNanos) {
    }

    /** The CPU time of the process and of every live thread at one moment. */
    record Snapshot(long processCpuNanos, Map<Long, ThreadCpu> threads) {
    }

    /** What the process used besides the named threads' time: GC, JIT, threads that ended in the window. */
    static final String JVM = "jvm";

    private CpuMeter() {
    }

    /** The groups of a run whose Kafka Streams application ids are {@code taggerApp} and {@code fanoutApp}. */
    static List<Group> groups(String taggerApp, String fanoutApp) {
        List<Group> groups = new ArrayList<>();
        groups.add(new Group("tagger", "the tagger's stream threads and their Kafka clients", n -> n.contains(taggerApp)));
        groups.add(new Group("alerterFanOut", "the fan-out's stream threads and their Kafka clients",
                n -> n.contains(fanoutApp)));
        // the delivery service's producers keep Kafka's default client ids (producer-N), and its subscription reader's
        // consumer has no group (consumer-null-N): no other client in the run goes without a client id of its own
        groups.add(new Group("alerterDelivery", "the delivery service's Kafka clients and platform threads",
                n -> n.contains("alerter") || n.contains("delivery") || n.contains("| producer-")
                        || n.contains("| consumer-null-")));
        groups.add(new Group("collector", "the collector's scheduler, registry and read-back loops and Kafka clients",
                n -> n.startsWith("collector-") || n.contains("collector")));
        groups.add(new Group("virtualThreads", "carriers of virtual threads: the collector's polls and page fetches "
                + "(with extraction) and the alerter's webhook calls", n -> n.startsWith("ForkJoinPool-")));
        groups.add(new Group("httpClients", "JDK HttpClient threads and the common pool (collector and alerter)",
                n -> n.startsWith("HttpClient-") || n.startsWith("ForkJoinPool.commonPool")));
        groups.add(new Group("bench", "the bench: feed farm, receiver, observers, load, probes",
                n -> n.startsWith("bench-") || n.contains("| bench-") || n.equals("main") || n.equals("HTTP-Dispatcher")));
        groups.add(new Group("broker", "the embedded Kafka broker and controller", CpuMeter::brokerThread));
        groups.add(new Group("other", "every other thread", n -> true));
        return groups;
    }

    private static boolean brokerThread(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        for (String part : List.of("kafka", "broker", "controller", "raft", "quorum", "reaper", "data-plane",
                "coordinator", "transaction", "txn", "replica", "log-cleaner", "logdir", "metadata", "scheduler",
                "share-", "executor-", "purgatory", "feature", "snapshot")) {
            if (n.contains(part)) {
                return true;
            }
        }
        return false;
    }

    static Snapshot snapshot() {
        ThreadMXBean bean = ManagementFactory.getThreadMXBean();
        Map<Long, ThreadCpu> threads = new HashMap<>();
        long[] ids = bean.getAllThreadIds();
        ThreadInfo[] infos = bean.getThreadInfo(ids);
        for (int i = 0; i < ids.length; i++) {
            long cpu = bean.getThreadCpuTime(ids[i]);
            if (infos[i] != null && cpu >= 0) {
                threads.put(ids[i], new ThreadCpu(infos[i].getThreadName(), cpu));
            }
        }
        return new Snapshot(processCpu(), threads);
    }

    private static long processCpu() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getProcessCpuTime();
        }
        return -1;
    }

    /** CPU seconds of each group between two snapshots, in group order, then {@value #JVM}. */
    static Map<String, Double> seconds(Snapshot from, Snapshot to, List<Group> groups) {
        Map<String, Long> nanos = new LinkedHashMap<>();
        groups.forEach(g -> nanos.put(g.name(), 0L));
        long threads = 0;
        for (Map.Entry<Long, ThreadCpu> e : to.threads().entrySet()) {
            ThreadCpu before = from.threads().get(e.getKey());
            long used = e.getValue().cpuNanos() - (before == null ? 0 : before.cpuNanos());
            threads += used;
            String name = e.getValue().name();
            for (Group g : groups) {
                if (g.matches().test(name)) {
                    nanos.merge(g.name(), used, Long::sum);
                    break;
                }
            }
        }
        Map<String, Double> seconds = new LinkedHashMap<>();
        nanos.forEach((k, v) -> seconds.put(k, v / 1e9));
        if (from.processCpuNanos() >= 0 && to.processCpuNanos() >= 0) {
            seconds.put(JVM, Math.max(0, to.processCpuNanos() - from.processCpuNanos() - threads) / 1e9);
        }
        return seconds;
    }

    /** Every thread's CPU seconds between two snapshots, largest first, for {@code --threads}. */
    static List<String> listing(Snapshot from, Snapshot to) {
        List<Map.Entry<Long, ThreadCpu>> entries = new ArrayList<>(to.threads().entrySet());
        entries.sort((a, b) -> Long.compare(b.getValue().cpuNanos() - cpu(from, b.getKey()),
                a.getValue().cpuNanos() - cpu(from, a.getKey())));
        List<String> lines = new ArrayList<>();
        for (Map.Entry<Long, ThreadCpu> e : entries) {
            lines.add(String.format(Locale.ROOT, "%9.3f s  %s", (e.getValue().cpuNanos() - cpu(from, e.getKey())) / 1e9,
                    e.getValue().name()));
        }
        return lines;
    }

    private static long cpu(Snapshot snapshot, long id) {
        ThreadCpu t = snapshot.threads().get(id);
        return t == null ? 0 : t.cpuNanos();
    }
}
