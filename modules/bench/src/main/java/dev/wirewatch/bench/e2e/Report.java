package dev.wirewatch.bench.e2e;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.wirewatch.core.kafka.Json;
import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The outcome of a run as JSON (the stable fields {@code articlesPerSecond} and {@code alertLatencyMs} {p50, p90, p99,
 * max} first) and as a text table.
 *
 * @param hops the alerts whose article was published in the measured window
 * @param taggedInWindow articles the tagger committed in the measured window
 * @param deliveredInWindow verified deliveries in the measured window
 * @param settings the configuration keys the stages ran with, besides their defaults
 * @param farm the feed farm's request counts (feeds source), else empty
 * @param log the warnings and errors logged during the run, and the Kafka errors among them
 * @param backlogs what each stage had yet to do when the load ended
 */
record Report(Options options, Corpus corpus, List<Hops> hops, long taggedInWindow, long deliveredInWindow,
        Accounting.Result accounting, Map<String, Double> cpuSeconds, Map<String, String> settings,
        Map<String, Long> farm, LogTally.Counts log, Backlogs backlogs) {

    /** The latencies of all alerts, one summary. */
    static Summary latency(List<Hops> hops, java.util.function.ToLongFunction<Hops> metric) {
        long[] values = hops.stream().mapToLong(metric).filter(v -> v != Hops.UNKNOWN).toArray();
        return Summary.of(values);
    }

    double articlesPerSecond() {
        return taggedInWindow / options.seconds();
    }

    double deliveriesPerSecond() {
        return deliveredInWindow / options.seconds();
    }

    double mentionsPerArticle() {
        return accounting.articlesCommitted() == 0 ? 0 : (double) accounting.mentionsCommitted() / accounting.articlesCommitted();
    }

    double alertsPerArticle() {
        return accounting.articlesCommitted() == 0 ? 0 : (double) accounting.alertsCommitted() / accounting.articlesCommitted();
    }

    boolean ok() {
        return accounting.failures().isEmpty();
    }

    ObjectNode json() {
        ObjectNode report = Json.mapper().createObjectNode();
        report.put("articlesPerSecond", round(articlesPerSecond()));
        put(report.putObject("alertLatencyMs"), latency(hops, Hops::total));
        report.put("alertLatencyFrom", options.source() == Options.Source.FEEDS
                ? "the collector's poll of the feed that listed the article (polling wait apart)"
                : "the article produced to the articles topic");
        report.put("ok", ok());
        ArrayNode failures = report.putArray("failures");
        accounting.failures().forEach(failures::add);
        report.put("source", options.source().label());
        report.put("durationSeconds", options.seconds());
        report.put("warmupSeconds", options.warmup().toMillis() / 1000.0);
        if (options.rate() == null) {
            report.putNull("rate");
        } else {
            report.put("rate", options.rate());
        }
        report.put("topics", options.topics());
        report.put("subscriptions", options.subscriptions());
        report.put("topicsPerSubscription", options.topicsPerSubscription());
        // where the stages ran: the CPU groups below only see those in the bench's JVM
        ArrayNode inBench = report.putArray("stagesInBench");
        options.deployment().stages().forEach(inBench::add);
        report.put("kafka", options.deployment().bootstrapServers() == null ? "embedded" : "external");
        if (options.deployment().partitions() != null) {
            report.put("partitions", options.deployment().partitions());
        }
        if (options.source() == Options.Source.FEEDS) {
            report.put("feeds", options.feeds());
            report.put("pollIntervalMs", options.pollInterval().toMillis());
        }
        report.put("mentionsPerArticle", round(mentionsPerArticle()));
        report.put("alertsPerArticle", round(alertsPerArticle()));
        report.put("deliveriesPerSecond", round(deliveriesPerSecond()));
        put(report.putObject("latencyFromArticleCommittedMs"), latency(hops, Hops::fromArticleCommitted));
        if (options.source() == Options.Source.FEEDS) {
            put(report.putObject("latencyFromPublishedMs"), latency(hops, Hops::fromPublished));
        }
        ObjectNode hopNode = report.putObject("hops");
        for (Hops.Hop hop : Hops.ALL) {
            Summary s = latency(hops, h -> h.of(hop));
            if (s.count() > 0) {
                ObjectNode node = hopNode.putObject(hop.key);
                put(node, s);
                node.put("spans", hop.meaning);
            }
        }
        ObjectNode counts = report.putObject("accounting");
        Accounting.Result a = accounting;
        counts.put("articlesPublished", a.articlesPublished());
        counts.put("articlesCommitted", a.articlesCommitted());
        counts.put("articlesTagged", a.articlesTagged());
        counts.put("mentionsExpected", a.mentionsExpected());
        counts.put("mentionsCommitted", a.mentionsCommitted());
        counts.put("mentionsMissing", a.mentionsMissing());
        counts.put("mentionsUnexpected", a.mentionsUnexpected());
        counts.put("alertsExpected", a.alertsExpected());
        counts.put("alertsCommitted", a.alertsCommitted());
        counts.put("alertsMissing", a.alertsMissing());
        counts.put("alertsUnexpected", a.alertsUnexpected());
        counts.put("alertsHeldForDigest", a.alertsHeld());
        counts.put("digests", a.digests());
        counts.put("deliveriesVerified", a.deliveriesVerified());
        counts.put("deliveriesMissing", a.deliveriesMissing());
        counts.put("signatureFailures", a.signatureFailures());
        ObjectNode duplicates = counts.putObject("duplicates");
        duplicates.put("articles", a.duplicateArticles());
        duplicates.put("mentions", a.duplicateMentions());
        duplicates.put("alerts", a.duplicateAlerts());
        duplicates.put("deliveries", a.duplicateDeliveries());
        counts.put("writesFailed", a.writesFailed());
        ObjectNode backlogNode = report.putObject("backlogAtLoadEnd");
        for (Backlogs.Backlog b : backlogs.stages()) {
            ObjectNode node = backlogNode.putObject(b.stage());
            node.put("items", b.items());
            node.put("seconds", Double.isFinite(b.seconds()) ? round(b.seconds()) : -1);
        }
        if (backlogs.limitingStage() == null) {
            report.putNull("limitingStage");
        } else {
            report.put("limitingStage", backlogs.limitingStage());
        }
        ObjectNode cpu = report.putObject("cpuSecondsPer1000Articles");
        double thousands = taggedInWindow / 1000.0;
        cpuSeconds.forEach((group, seconds) -> cpu.put(group, thousands == 0 ? 0 : round(seconds / thousands)));
        ObjectNode cpuTotal = report.putObject("cpuSeconds");
        cpuSeconds.forEach((group, seconds) -> cpuTotal.put(group, round(seconds)));
        if (!farm.isEmpty()) {
            ObjectNode farmNode = report.putObject("farm");
            farm.forEach(farmNode::put);
        }
        ObjectNode logNode = report.putObject("log");
        logNode.put("warnings", log.warnings());
        logNode.put("errors", log.errors());
        ObjectNode kafkaErrors = logNode.putObject("kafkaErrors");
        new java.util.TreeMap<>(log.kafkaErrors()).forEach(kafkaErrors::put);
        ObjectNode corpusNode = report.putObject("corpus");
        corpusNode.put("articles", corpus.items().size());
        corpusNode.put("newsEs", corpus.newsEs());
        corpusNode.put("extractionDev", corpus.extractionDev());
        corpusNode.put("feeds", corpus.feeds());
        corpusNode.put("meanBytes", Math.round(corpus.meanBytes()));
        ObjectNode settingsNode = report.putObject("settings");
        settings.forEach(settingsNode::put);
        report.put("cores", Runtime.getRuntime().availableProcessors());
        report.put("heapUsedMb", (Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory()) / (1024 * 1024));
        return report;
    }

    /** The text table. */
    void print(PrintStream out) {
        Accounting.Result a = accounting;
        out.printf(Locale.ROOT, "%nwirewatch bench e2e: %s source, %s, %d topics, %d subscriptions (%d topics each), %.0f s measured%n",
                options.source().label(), options.rate() == null ? "as fast as it goes" : options.rate() + " articles/s",
                options.topics(), options.subscriptions(), options.topicsPerSubscription(), options.seconds());
        out.printf(Locale.ROOT, "  articles/s %.1f   mentions/article %.2f   alerts/article %.2f   deliveries/s %.1f%n",
                articlesPerSecond(), mentionsPerArticle(), alertsPerArticle(), deliveriesPerSecond());
        out.printf(Locale.ROOT, "%n  %-44s %7s %7s %7s %7s %8s%n", "latency (ms)", "p50", "p90", "p99", "max", "count");
        for (Hops.Hop hop : Hops.ALL) {
            Summary s = latency(hops, h -> h.of(hop));
            if (s.count() > 0) {
                row(out, "  hop " + hop.key, s);
            }
        }
        row(out, options.source() == Options.Source.FEEDS ? "alert latency (poll -> delivered)"
                : "alert latency (produced -> delivered)", latency(hops, Hops::total));
        row(out, "article committed -> delivered", latency(hops, Hops::fromArticleCommitted));
        if (options.source() == Options.Source.FEEDS) {
            row(out, "published on the farm -> delivered", latency(hops, Hops::fromPublished));
        }
        out.printf(Locale.ROOT, "%n  articles: %d published, %d committed, %d tagged%n", a.articlesPublished(),
                a.articlesCommitted(), a.articlesTagged());
        out.printf(Locale.ROOT, "  mentions: %d expected, %d committed, %d missing, %d unexpected%n", a.mentionsExpected(),
                a.mentionsCommitted(), a.mentionsMissing(), a.mentionsUnexpected());
        out.printf(Locale.ROOT, "  alerts:   %d expected, %d committed, %d missing, %d unexpected, %d held for digests%n",
                a.alertsExpected(), a.alertsCommitted(), a.alertsMissing(), a.alertsUnexpected(), a.alertsHeld());
        out.printf(Locale.ROOT, "  deliveries: %d verified, %d missing, %d bad signatures, %d duplicates%n",
                a.deliveriesVerified(), a.deliveriesMissing(), a.signatureFailures(), a.duplicateDeliveries());
        out.printf(Locale.ROOT, "  backlog at the end of the load: %s; limiting stage: %s%n",
                backlogs.stages().stream().map(b -> String.format(Locale.ROOT, "%s %d (%.1f s)", b.stage(), b.items(),
                        b.seconds())).toList(), backlogs.limitingStage() == null ? "none" : backlogs.limitingStage());
        out.printf(Locale.ROOT, "%n  %-18s %10s %14s%n", "CPU", "seconds", "s/1000 art.");
        double thousands = taggedInWindow / 1000.0;
        cpuSeconds.forEach((group, seconds) -> out.printf(Locale.ROOT, "  %-18s %10.2f %14.3f%n", group, seconds,
                thousands == 0 ? 0 : seconds / thousands));
        out.printf(Locale.ROOT, "%n  log: %d warnings, %d errors; Kafka errors named: %s%n", log.warnings(), log.errors(),
                log.kafkaErrors().isEmpty() ? "none" : new java.util.TreeMap<>(log.kafkaErrors()));
        if (ok()) {
            out.println("\n  every article, mention, alert and delivery accounted for");
        } else {
            out.println("\n  FAILED:");
            a.failures().forEach(f -> out.println("  - " + f));
        }
    }

    private static void row(PrintStream out, String label, Summary s) {
        out.printf(Locale.ROOT, "  %-44s %7d %7d %7d %7d %8d%n", label, s.p50(), s.p90(), s.p99(), s.max(), s.count());
    }

    private static void put(ObjectNode node, Summary s) {
        node.put("count", s.count());
        node.put("p50", s.p50());
        node.put("p90", s.p90());
        node.put("p99", s.p99());
        node.put("max", s.max());
    }

    private static double round(double value) {
        return Math.round(value * 1000) / 1000.0;
    }
}
